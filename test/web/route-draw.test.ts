import { describe, expect, it } from 'vitest';
import {
  densifyRoute,
  distanceFieldOf,
  drawnLengthKm,
  type LonLat,
} from '../../web/src/lib/route-draw.js';

// Weiz town centre to the hospital area, three taps (about 1.5 km).
const TAPS: LonLat[] = [
  [15.6247, 47.2186],
  [15.6335, 47.2214],
  [15.6402, 47.2282],
];

describe('drawnLengthKm', () => {
  it('is zero for no line and sums great-circle segments', () => {
    expect(drawnLengthKm([])).toBe(0);
    expect(drawnLengthKm([[15.6, 47.2]])).toBe(0);
    // One degree of latitude on the mean-radius sphere: pi * R / 180.
    expect(
      drawnLengthKm([
        [0, 0],
        [0, 1],
      ]),
    ).toBeCloseTo((Math.PI * 6371.0088) / 180, 6);
    // A there-and-back line counts both ways.
    const there = drawnLengthKm([TAPS[0]!, TAPS[1]!]);
    expect(drawnLengthKm([TAPS[0]!, TAPS[1]!, TAPS[0]!])).toBeCloseTo(2 * there, 9);
  });

  it('adds the segments of the tapped points in order', () => {
    const a = drawnLengthKm([TAPS[0]!, TAPS[1]!]);
    const b = drawnLengthKm([TAPS[1]!, TAPS[2]!]);
    expect(drawnLengthKm(TAPS)).toBeCloseTo(a + b, 12);
    expect(drawnLengthKm(TAPS)).toBeGreaterThan(drawnLengthKm([TAPS[0]!, TAPS[2]!]));
    // Independently: a segment of 0.0088 deg lon at 47.22 deg N and 0.0028 deg lat, about 0.72 km.
    expect(a).toBeGreaterThan(0.68);
    expect(a).toBeLessThan(0.76);
  });
});

describe('distanceFieldOf', () => {
  it('fills km with two decimals, and nothing for a line under 10 m', () => {
    expect(distanceFieldOf(TAPS)).toBe(drawnLengthKm(TAPS).toFixed(2));
    expect(distanceFieldOf([TAPS[0]!])).toBeNull();
    expect(distanceFieldOf([TAPS[0]!, [TAPS[0]![0] + 0.00005, TAPS[0]![1]]])).toBeNull();
    expect(
      distanceFieldOf([
        [0, 0],
        [0, 1],
      ]),
    ).toBe('111.20');
  });
});

describe('densifyRoute', () => {
  it('keeps every tap, in order, with added points at most the step apart', () => {
    const dense = densifyRoute(TAPS, 25);
    expect(dense[0]).toEqual(TAPS[0]);
    expect(dense[dense.length - 1]).toEqual(TAPS[2]);
    expect(dense).toContainEqual(TAPS[1]);
    expect(dense.length).toBeGreaterThan(drawnLengthKm(TAPS) * 40 - 1);
    for (let i = 1; i < dense.length; i++)
      expect(drawnLengthKm([dense[i - 1]!, dense[i]!]) * 1000).toBeLessThanOrEqual(25.5);
  });

  it('does not change the length of the line', () => {
    expect(drawnLengthKm(densifyRoute(TAPS))).toBeCloseTo(drawnLengthKm(TAPS), 4);
    const long: LonLat[] = [
      [15.6, 47.2],
      [16.4, 48.2],
    ];
    expect(drawnLengthKm(densifyRoute(long))).toBeCloseTo(drawnLengthKm(long), 3);
  });

  it('bounds the points of a long line', () => {
    const long: LonLat[] = [
      [9.9, 56.0],
      [12.6, 55.7],
      [15.6, 47.2],
    ];
    expect(densifyRoute(long, 25, 5000).length).toBeLessThanOrEqual(5000);
  });

  it('leaves a line of fewer than two points as it is', () => {
    expect(densifyRoute([])).toEqual([]);
    expect(densifyRoute([TAPS[0]!])).toEqual([TAPS[0]]);
  });
});

describe('a drawn leg in the trip body', () => {
  it('sends the drawn line as the leg geometry, and no geometry for a typed leg', async () => {
    const { tripOfDraft } = await import('../../web/src/lib/trip-draft.js');
    const geometry = { type: 'LineString' as const, coordinates: densifyRoute(TAPS) };
    const body = tripOfDraft(
      {
        date: '2026-03-02',
        time: '07:45',
        replacedMode: 'car_driver',
        legs: [
          {
            mode: 'bike',
            distanceKm: distanceFieldOf(TAPS)!,
            durationMin: '',
            replacedMode: null,
            geometry,
          },
          { mode: 'walk', distanceKm: '0,4', durationMin: '', replacedMode: null, geometry: null },
        ],
      },
      'app-1',
      'c1',
    );
    expect(body.legs[0]).toMatchObject({ distanceKm: Number(distanceFieldOf(TAPS)), geometry });
    expect(body.legs[1]).not.toHaveProperty('geometry');
  });
});
