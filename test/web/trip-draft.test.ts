import { describe, expect, it } from 'vitest';
import {
  checkDraft,
  localIso,
  moveLeg,
  newTripId,
  oneTapOffered,
  parseDecimal,
  tripOfDraft,
  usualTrips,
  type DraftTrip,
} from '../../web/src/lib/trip-draft.js';

const draft = (over: Partial<DraftTrip> = {}): DraftTrip => ({
  date: '2011-03-01',
  time: '07:45',
  replacedMode: 'car_driver',
  legs: [
    { mode: 'bike', distanceKm: '2', durationMin: '8', replacedMode: null },
    { mode: 'train', distanceKm: '18,5', durationMin: '', replacedMode: 'bus' },
    { mode: 'walk', distanceKm: '0.5', durationMin: '', replacedMode: null },
  ],
  ...over,
});

describe('the trip form rules', () => {
  it('makes ids the API accepts, different every time', () => {
    let seed = 0;
    const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => seed++ % 256);
    const a = newTripId(bytes);
    const b = newTripId(bytes);
    expect(a).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/);
    expect(a.length).toBeLessThanOrEqual(64);
    expect(a).not.toBe(b);
  });

  it('writes local times with the offset of that day (TZ=UTC in tests)', () => {
    expect(localIso('2011-03-01', '07:45')).toBe('2011-03-01T07:45:00+00:00');
  });

  it('reads Danish and English decimals and refuses anything else', () => {
    expect(parseDecimal('18,5')).toBe(18.5);
    expect(parseDecimal(' 0.5 ')).toBe(0.5);
    expect(parseDecimal('.5')).toBe(0.5);
    expect(parseDecimal('')).toBeNull();
    expect(parseDecimal('-2')).toBeNull();
    expect(parseDecimal('2km')).toBeNull();
  });

  it('keeps a 3-leg trip in order with per-leg overrides', () => {
    expect(checkDraft(draft())).toEqual([]);
    const body = tripOfDraft(draft(), 'app-1', 'c-1');
    expect(body).toMatchObject({
      id: 'app-1',
      commuterId: 'c-1',
      startedAt: '2011-03-01T07:45:00+00:00',
      replacedMode: 'car_driver',
    });
    expect(body.legs).toEqual([
      { mode: 'bike', distanceKm: 2, durationMin: 8, replacedMode: null },
      { mode: 'train', distanceKm: 18.5, durationMin: null, replacedMode: 'bus' },
      { mode: 'walk', distanceKm: 0.5, durationMin: null, replacedMode: null },
    ]);
  });

  it('names every field that is wrong, per leg', () => {
    const bad = draft({
      time: '',
      legs: [
        { mode: 'bike', distanceKm: '0', durationMin: 'x', replacedMode: null },
        { mode: 'walk', distanceKm: '', durationMin: '', replacedMode: null },
      ],
    });
    expect(checkDraft(bad).map((p) => p.field)).toEqual([
      'time',
      'legs.0.distanceKm',
      'legs.0.durationMin',
      'legs.1.distanceKm',
    ]);
    expect(checkDraft(draft({ legs: [] })).map((p) => p.field)).toEqual(['legs']);
  });

  it('moves legs within bounds only', () => {
    expect(moveLeg(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveLeg(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveLeg(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveLeg(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('logs the usual commute both ways, the way back in reverse, each with its own id', () => {
    let n = 0;
    const usual = {
      legs: [
        { mode: 'bike' as const, distanceKm: 2 },
        { mode: 'train' as const, distanceKm: 18 },
        { mode: 'walk' as const, distanceKm: 0.5 },
      ],
      replacedMode: 'car_driver' as const,
      toWorkAt: '07:30',
      backAt: '16:45',
    };
    const trips = usualTrips(usual, '2011-03-01', ['to_work', 'back'], 'c-1', () => `id-${n++}`);
    expect(trips.map((t) => t.id)).toEqual(['id-0', 'id-1']);
    expect(trips.map((t) => t.startedAt)).toEqual([
      '2011-03-01T07:30:00+00:00',
      '2011-03-01T16:45:00+00:00',
    ]);
    expect(trips[0]!.legs.map((l) => l.mode)).toEqual(['bike', 'train', 'walk']);
    expect(trips[1]!.legs.map((l) => l.mode)).toEqual(['walk', 'train', 'bike']);
    expect(trips.every((t) => t.replacedMode === 'car_driver')).toBe(true);
  });

  it('never logs a one-tap trip later than now (the API refuses future trips)', () => {
    const usual = {
      legs: [{ mode: 'bike' as const, distanceKm: 4 }],
      replacedMode: null,
      toWorkAt: '08:00',
      backAt: '17:00',
    };
    const trips = usualTrips(usual, '2011-03-01', ['to_work', 'back'], 'c', () => 'x', '12:10');
    expect(trips.map((t) => t.startedAt)).toEqual([
      '2011-03-01T08:00:00+00:00',
      '2011-03-01T12:10:00+00:00',
    ]);
  });
});

describe('oneTapOffered', () => {
  const JOINED = '2011-03-01T09:00:00.000Z';
  const car = [{ mode: 'car_driver' }];

  it('asks for a first trip when the commute is the car taken over from the survey at joining', () => {
    expect(oneTapOffered(car, JOINED, JOINED)).toBe(false);
    expect(oneTapOffered([{ mode: 'car_passenger' }, { mode: 'motorbike' }], JOINED, JOINED)).toBe(
      false,
    );
  });

  it('offers a car commute the commuter saved later', () => {
    expect(oneTapOffered(car, '2011-03-02T07:00:00.000Z', JOINED)).toBe(true);
  });

  it('does not offer a car commute when it cannot tell who saved it', () => {
    expect(oneTapOffered(car, JOINED, null)).toBe(false);
  });

  it('offers any commute with a leg that is not by car, even straight from the survey', () => {
    expect(oneTapOffered([{ mode: 'car_driver' }, { mode: 'train' }], JOINED, JOINED)).toBe(true);
    expect(oneTapOffered([{ mode: 'bike' }], JOINED, JOINED)).toBe(true);
  });

  it('offers nothing without legs', () => {
    expect(oneTapOffered([], '2011-03-02T07:00:00.000Z', JOINED)).toBe(false);
  });
});
