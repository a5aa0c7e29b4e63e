import { describe, expect, it } from 'vitest';
import {
  isCanonicalUtc,
  localDayOf,
  normalizeTrip,
  parseInstant,
} from '../../server/domain/trip-rules.js';
import { mainModeOf } from '../../server/domain/trips.js';
import { trimTripGeometries } from '../../server/domain/geometry.js';

const NOW = Date.parse('2026-11-28T12:00:00Z');

describe('mainModeOf', () => {
  it('is the mode of the longest leg (Eurostat), the earlier leg on a tie', () => {
    expect(
      mainModeOf([
        { mode: 'bike', distanceKm: 2 },
        { mode: 'train', distanceKm: 18 },
        { mode: 'walk', distanceKm: 0.5 },
      ]),
    ).toBe('train');
    expect(
      mainModeOf([
        { mode: 'walk', distanceKm: 1 },
        { mode: 'bus', distanceKm: 1 },
      ]),
    ).toBe('walk');
  });
});

describe('normalizeTrip', () => {
  it('gives a single untimed leg the duration of the timed trip', () => {
    const r = normalizeTrip(
      {
        commuterId: 'c',
        startedAt: '2011-03-01T07:30:00+01:00',
        endedAt: '2011-03-01T07:50:00+01:00',
        legs: [{ mode: 'bike', distanceKm: 5 }],
      },
      NOW,
    );
    expect(r.ok && r.trip.legs[0]!.durationMin).toBe(20);
    expect(r.ok && r.trip.startedAt).toBe('2011-03-01T06:30:00.000Z');
  });

  it('refuses a speed the trip times imply even when the leg has no duration', () => {
    const r = normalizeTrip(
      {
        commuterId: 'c',
        startedAt: '2011-03-01T07:30:00+01:00',
        endedAt: '2011-03-01T07:35:00+01:00',
        legs: [{ mode: 'walk', distanceKm: 5 }],
      },
      NOW,
    );
    expect(r.ok).toBe(false);
  });

  it('refuses legs that last longer than their trip', () => {
    const r = normalizeTrip(
      {
        commuterId: 'c',
        startedAt: '2011-03-01T07:30:00Z',
        endedAt: '2011-03-01T07:40:00Z',
        legs: [
          { mode: 'bike', distanceKm: 3, durationMin: 12 },
          { mode: 'walk', distanceKm: 0.5, durationMin: 7 },
        ],
      },
      NOW,
    );
    expect(r.ok ? [] : r.issues.map((i) => i.code)).toContain('legs_longer_than_trip');
  });

  it('allows a little clock skew but not a future trip', () => {
    expect(
      normalizeTrip(
        {
          commuterId: 'c',
          startedAt: '2026-11-28T12:05:00Z',
          legs: [{ mode: 'walk', distanceKm: 1 }],
        },
        NOW,
      ).ok,
    ).toBe(true);
    expect(
      normalizeTrip(
        {
          commuterId: 'c',
          startedAt: '2026-11-28T13:00:00Z',
          legs: [{ mode: 'walk', distanceKm: 1 }],
        },
        NOW,
      ).ok,
    ).toBe(false);
  });
});

describe('parseInstant and localDayOf', () => {
  it('needs an offset and a real calendar date', () => {
    expect(parseInstant('2011-03-01T07:30:00+01:00')).toBe(Date.parse('2011-03-01T06:30:00Z'));
    expect(parseInstant('2011-03-01T07:30:00')).toBeNull();
    expect(parseInstant('2011-02-29T07:30:00Z')).toBeNull();
    expect(parseInstant('2012-02-29T07:30:00Z')).not.toBeNull();
  });

  it('counts days in the partner time zone, across DST and half-hour zones', () => {
    expect(localDayOf('2011-03-27T22:30:00.000Z', 'Europe/Vienna')).toBe('2011-03-28'); // CEST, +2
    expect(localDayOf('2011-01-10T22:30:00.000Z', 'Europe/Vienna')).toBe('2011-01-10'); // CET, +1
    expect(localDayOf('2011-01-10T18:20:00.000Z', 'Asia/Kolkata')).toBe('2011-01-10'); // +5:30
    expect(localDayOf('2011-01-10T18:40:00.000Z', 'Asia/Kolkata')).toBe('2011-01-11');
  });
});

describe('trimTripGeometries', () => {
  it('drops a leg whose every point is near an end, and never keeps the ends', () => {
    const a: [number, number][] = [
      [15.6, 47.2],
      [15.6005, 47.2],
    ];
    const [g] = trimTripGeometries([{ type: 'LineString', coordinates: a }], 200);
    expect(g).toBeNull();
  });
});

describe('parseInstant agrees with Date.parse on valid times', () => {
  it.each([
    '2011-03-01T07:30:00+01:00',
    '2011-03-01T07:30:00.250Z',
    '2011-10-30T01:59:59-05:30',
    '2012-02-29T23:00+14:00',
    '2011-03-01T07:30:00.123456789+0100',
    '2011-12-31T23:59:59.999z',
  ])('%s', (value) => {
    expect(parseInstant(value)).toBe(Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')));
  });
  it.each([
    '2011-03-01T24:00:00Z',
    '2011-03-01T07:60:00Z',
    '2011-03-01T07:30:60Z',
    '2011-13-01T07:30:00Z',
    '2011-03-01T07:30:00+15:00',
  ])('refuses %s', (value) => {
    expect(parseInstant(value)).toBeNull();
  });
});

describe('timestamps already in stored form (YYYY-MM-DDTHH:MM:SS.sssZ)', () => {
  it('are recognised exactly when formatting their instant gives them back', () => {
    // Every hour of a leap year and a common year, plus odd milliseconds.
    for (let ms = Date.UTC(2011, 0, 1); ms < Date.UTC(2013, 0, 1); ms += 3_600_000 + 7_013) {
      const iso = new Date(ms).toISOString();
      expect(isCanonicalUtc(iso)).toBe(true);
      expect(parseInstant(iso)).toBe(ms);
    }
  });

  it.each([
    '2011-02-29T07:30:00.000Z',
    '2012-02-30T07:30:00.000Z',
    '2011-04-31T07:30:00.000Z',
    '2011-03-01T24:00:00.000Z',
    '2011-03-01T07:60:00.000Z',
    '2011-03-01T07:30:60.000Z',
    '2011-00-10T07:30:00.000Z',
    '2011-03-00T07:30:00.000Z',
  ])('refuses %s, which does not exist', (value) => {
    expect(isCanonicalUtc(value)).toBe(false);
    expect(parseInstant(value)).toBeNull();
  });

  it.each([
    '2011-03-01T07:30:00Z',
    '2011-03-01T07:30:00.000z',
    '2011-03-01T07:30:00.000+00:00',
    '2011-03-01 07:30:00.000Z',
    '2011-03-01T07:30:00.0000Z',
    '２011-03-01T07:30:00.000Z',
  ])('leaves %s to the general parser', (value) => {
    expect(isCanonicalUtc(value)).toBe(false);
  });

  it('are stored as sent, and other forms are normalised to them', () => {
    const sent = normalizeTrip(
      {
        commuterId: 'c',
        startedAt: '2011-03-01T07:30:00.000Z',
        endedAt: '2011-03-01T08:52:00+01:00',
        legs: [{ mode: 'bike', distanceKm: 5, startedAt: '2011-03-01T07:31:00.500Z' }],
      },
      Date.UTC(2026, 0, 1),
    );
    expect(sent.ok).toBe(true);
    if (!sent.ok) return;
    expect(sent.trip.startedAt).toBe('2011-03-01T07:30:00.000Z');
    expect(sent.trip.endedAt).toBe('2011-03-01T07:52:00.000Z');
    expect(sent.trip.legs[0]!.startedAt).toBe('2011-03-01T07:31:00.500Z');
  });
});

describe('normalizeTrip agrees with the database (issue 8)', () => {
  const trip = (legs: Array<Record<string, unknown>>, over: Record<string, unknown> = {}) =>
    ({ commuterId: 'c', startedAt: '2011-03-01T07:30:00Z', legs, ...over }) as never;

  it('refuses a leg shorter than one metre, which the stored, rounded trip distance would make 0', () => {
    const r = normalizeTrip(trip([{ mode: 'walk', distanceKm: 1e-7 }]), NOW);
    expect(r.ok ? [] : r.issues).toContainEqual(
      expect.objectContaining({ path: 'legs[0].distanceKm', code: 'too_short' }),
    );
    expect(normalizeTrip(trip([{ mode: 'walk', distanceKm: 0.001 }]), NOW).ok).toBe(true);
  });

  it('refuses legs over 1000 km, the CHECK of the legs table, for every mode', () => {
    const r = normalizeTrip(trip([{ mode: 'train', distanceKm: 1000.5 }]), NOW);
    expect(r.ok ? [] : r.issues.map((i) => i.code)).toContain('too_far');
    expect(normalizeTrip(trip([{ mode: 'train', distanceKm: 1000 }]), NOW).ok).toBe(true);
  });

  it('never gives a leg a duration of 0 minutes from a trip of a few milliseconds', () => {
    const r = normalizeTrip(
      trip([{ mode: 'other', distanceKm: 0.001 }], { endedAt: '2011-03-01T07:30:00.010Z' }),
      NOW,
    );
    expect(r.ok).toBe(true);
    expect(r.ok && r.trip.legs[0]!.durationMin).toBeGreaterThan(0);
  });

  it('refuses a leg duration longer than a trip may last', () => {
    const r = normalizeTrip(trip([{ mode: 'walk', distanceKm: 1, durationMin: 1e300 }]), NOW);
    expect(r.ok ? [] : r.issues.map((i) => i.code)).toContain('too_long');
  });
});
