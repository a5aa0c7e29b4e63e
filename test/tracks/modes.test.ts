import { describe, expect, it } from 'vitest';
import {
  inferLegs,
  pointSpeeds,
  vehicleMode,
  vehicleProfile,
} from '../../server/domain/tracks/modes.js';
import { segmentTrips } from '../../server/domain/tracks/segment.js';
import type { ActivityHint, TrackPoint } from '../../server/domain/tracks/types.js';

/**
 * Synthetic tracks for each vehicle rule of modes.ts (docs/methodology.md#vehicle-modes): each
 * rule is shown to fire on the pattern it describes and not on the look-alike it must be told
 * apart from (bus vs car, train vs motorway car).
 */
const T0 = Date.UTC(2026, 2, 2, 7, 0, 0);
const NOW = Date.UTC(2026, 2, 3);
const LAT = 55.68;
const M_PER_DEG_LON = 111_320 * Math.cos((LAT * Math.PI) / 180);

/** A track built piece by piece eastwards, one fix every `stepS` seconds. */
class Track {
  readonly pts: TrackPoint[] = [];
  private t = T0;
  private x = 0;
  constructor(private readonly stepS = 5) {
    this.pts.push(this.point());
  }
  private point(hint?: ActivityHint): TrackPoint {
    return {
      t: this.t,
      lat: LAT,
      lon: 12.55 + this.x / M_PER_DEG_LON,
      accuracyM: 8,
      ...(hint ? { activityHint: hint } : {}),
    };
  }
  move(speedMps: number, seconds: number, hint?: ActivityHint): this {
    for (let s = this.stepS; s <= seconds; s += this.stepS) {
      this.t += this.stepS * 1000;
      this.x += speedMps * this.stepS;
      this.pts.push(this.point(hint));
    }
    return this;
  }
  stand(seconds: number): this {
    return this.move(0, seconds);
  }
  /** No fix for `seconds` while covering `metres` (a tunnel), then one fix. */
  silent(seconds: number, metres: number): this {
    this.t += seconds * 1000;
    this.x += metres;
    this.pts.push(this.point());
    return this;
  }
}

function modeOf(pts: readonly TrackPoint[]) {
  return vehicleMode(vehicleProfile(pts, pointSpeeds(pts), 0, pts.length - 1));
}

describe('vehicle modes', () => {
  it('calls a vehicle that stops 20 s every 400 m at urban speed a bus', () => {
    const bus = new Track().move(10, 30);
    for (let k = 0; k < 10; k++) bus.move(10, 40).stand(20);
    bus.move(10, 30);
    expect(modeOf(bus.pts).mode).toBe('bus');
    // The whole chain: the leg that segmentation builds from it is a bus leg.
    const { trips } = segmentTrips(bus.pts, { nowMs: NOW });
    expect(trips).toHaveLength(1);
    expect(trips[0]!.legs.map((l) => l.mode)).toEqual(['bus']);
    expect(trips[0]!.legs[0]!.confidence).toBeLessThanOrEqual(0.5);
  });

  it('keeps a car that stops at two traffic lights in 4 km a car', () => {
    const car = new Track().move(12, 120).stand(40).move(12, 120).stand(30).move(12, 100);
    expect(modeOf(car.pts).mode).toBe('car_driver');
  });

  it('does not guess a bus from stops it cannot see: fixes every 30 s', () => {
    const sparse = new Track(30).move(10, 60);
    for (let k = 0; k < 10; k++) sparse.move(10, 60).stand(30);
    expect(modeOf(sparse.pts).mode).toBe('car_driver');
  });

  it('calls a cruise at 30 m/s with a one-minute stop between fast runs a train', () => {
    const train = new Track().move(30, 300).stand(60).move(30, 300);
    expect(modeOf(train.pts).mode).toBe('train');
  });

  it('keeps a motorway drive at the same speed without a stop a car', () => {
    const motorway = new Track().move(30, 600);
    expect(modeOf(motorway.pts).mode).toBe('car_driver');
    // Nor does a jam (a stop of 5 minutes) make it a train.
    const jam = new Track().move(30, 300).stand(300).move(30, 300);
    expect(modeOf(jam.pts).mode).toBe('car_driver');
  });

  it('calls anything above 140 km/h at the 95th percentile a train', () => {
    expect(modeOf(new Track().move(45, 600).pts).mode).toBe('train');
  });

  it('calls a vehicle leg spent mostly without a fix while covering ground a metro', () => {
    const metro = new Track().move(8, 20);
    for (let k = 0; k < 4; k++) metro.silent(150, 1200).stand(25).move(8, 10);
    expect(modeOf(metro.pts).mode).toBe('metro');
    // A car with one short fix loss is not a metro.
    const car = new Track().move(12, 600).silent(130, 1500).move(12, 600);
    expect(modeOf(car.pts).mode).toBe('car_driver');
  });
});

describe('walking legs at mode changes', () => {
  it('keeps a 60 s walk between a bike leg and a vehicle leg as its own leg', () => {
    const t = new Track().move(5, 300).move(1.3, 60).move(12, 600);
    const legs = inferLegs(t.pts);
    expect(legs.map((l) => l.mode)).toEqual(['bike', 'walk', 'car_driver']);
  });

  it('still merges a 60 s slow run inside one vehicle ride (a red light, not a change)', () => {
    const t = new Track().move(12, 300).move(1.3, 60).move(12, 300);
    expect(inferLegs(t.pts).map((l) => l.mode)).toEqual(['car_driver']);
  });
});

describe('hints that name a mode', () => {
  it('makes a ride recorded as an e-bike ride an e-bike leg at bicycle speed', () => {
    const hint: ActivityHint = { mode: 'ebike', confidence: 0.9, source: 'fit' };
    const t = new Track().move(5, 600, hint);
    expect(inferLegs(t.pts).map((l) => l.mode)).toEqual(['ebike']);
    // Without the hint the same speeds are a bicycle.
    expect(inferLegs(new Track().move(5, 600).pts).map((l) => l.mode)).toEqual(['bike']);
  });

  it('uses a bus hint for a vehicle leg, but not a bus hint the speed outvotes', () => {
    const bus: ActivityHint = { mode: 'bus', confidence: 0.8, source: 'google' };
    expect(inferLegs(new Track().move(12, 600, bus).pts).map((l) => l.mode)).toEqual(['bus']);
  });
});
