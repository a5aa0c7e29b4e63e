import { Encoder, Profile } from '@garmin/fitsdk';
import { describe, expect, it } from 'vitest';
import { fitSportHint, parseFit } from '../../server/domain/imports/fit.js';
import { segmentTrips } from '../../server/domain/tracks/segment.js';

const FIT_EPOCH_S = 631065600;
const START_S = Date.UTC(2026, 2, 2, 7, 0, 0) / 1000 - FIT_EPOCH_S;
const DEG_SEMICIRCLE = 2 ** 31 / 180;

interface Session {
  sport: string;
  subSport?: string;
  seconds: number;
  speedMps: number;
}

/** An activity file as a watch writes it: file id, records every 5 s eastwards, one session per sport. */
function fitFile(sessions: Session[]): Uint8Array {
  const enc = new Encoder();
  // The SDK's typings know messages only as a base type; the field names are the profile's.
  const write = (num: number | undefined, mesg: Record<string, unknown>) =>
    enc.onMesg(num!, mesg as never);
  write(Profile.MesgNum.FILE_ID, {
    type: 'activity',
    manufacturer: 'development',
    product: 0,
    timeCreated: START_S,
    serialNumber: 1234,
  });
  let t = START_S;
  let lonM = 0;
  const mPerDegLon = 111_320 * Math.cos((55.68 * Math.PI) / 180);
  for (const s of sessions) {
    const from = t;
    for (let k = 0; k <= s.seconds; k += 5) {
      write(Profile.MesgNum.RECORD, {
        timestamp: t,
        positionLat: Math.round(55.68 * DEG_SEMICIRCLE),
        positionLong: Math.round((12.55 + lonM / mPerDegLon) * DEG_SEMICIRCLE),
        speed: s.speedMps,
      });
      t += 5;
      lonM += s.speedMps * 5;
    }
    write(Profile.MesgNum.SESSION, {
      timestamp: t,
      startTime: from,
      totalElapsedTime: t - from - 5,
      totalTimerTime: t - from - 5,
      sport: s.sport,
      ...(s.subSport ? { subSport: s.subSport } : {}),
    });
  }
  return enc.close();
}

describe('FIT sport as a mode hint', () => {
  it('maps sports and sub-sports to hints, and gives none for sports with no commuting mode', () => {
    expect(fitSportHint('cycling', 'generic')).toBe('bike');
    expect(fitSportHint('cycling', 'eBikeFitness')).toBe('ebike');
    expect(fitSportHint('cycling', 'eBikeMountain')).toBe('ebike');
    expect(fitSportHint('eBiking', undefined)).toBe('ebike');
    expect(fitSportHint('running', 'street')).toBe('walk');
    expect(fitSportHint('walking', undefined)).toBe('walk');
    expect(fitSportHint('swimming', 'lapSwimming')).toBeUndefined();
    expect(fitSportHint('transition', undefined)).toBeUndefined();
    expect(fitSportHint('generic', undefined)).toBeUndefined();
  });

  it('makes an e-bike ride at ordinary bicycle speed an e-bike leg', () => {
    const parsed = parseFit(
      fitFile([{ sport: 'cycling', subSport: 'eBikeFitness', seconds: 900, speedMps: 5 }]),
      100_000,
    );
    expect(parsed.points.length).toBeGreaterThan(100);
    expect(parsed.points.every((p) => p.activityHint?.mode === 'ebike')).toBe(true);
    expect(parsed.points[0]!.activityHint?.source).toBe('fit');
    const { trips } = segmentTrips(parsed.points, { nowMs: Date.UTC(2026, 2, 3) });
    expect(trips.map((t) => t.legs.map((l) => l.mode))).toEqual([['ebike']]);
  });

  it('hints each record with its own session in a multisport file: run, then ride', () => {
    const parsed = parseFit(
      fitFile([
        { sport: 'running', seconds: 600, speedMps: 3 },
        { sport: 'cycling', seconds: 900, speedMps: 6 },
      ]),
      100_000,
    );
    const modes = parsed.points.map((p) => p.activityHint?.mode);
    expect(modes[0]).toBe('walk');
    expect(modes[modes.length - 1]).toBe('bike');
    expect(modes.filter((m) => m === 'walk').length).toBeGreaterThanOrEqual(120);
    // Running at 3 m/s is faster than a walk by speed alone; the watch's sport says on foot.
    const { trips } = segmentTrips(parsed.points, { nowMs: Date.UTC(2026, 2, 3) });
    expect(trips).toHaveLength(1);
    expect(trips[0]!.legs.map((l) => l.mode)).toEqual(['walk', 'bike']);
  });
});
