import { describe, expect, it } from 'vitest';
import {
  bboxOf,
  circlePolygon,
  densityBreaks,
  densityColour,
  densityColourExpression,
  DENSITY_COLOURS,
} from '../../web/src/lib/density.js';

describe('densityBreaks', () => {
  it('gives strictly increasing class bounds starting at the smallest value', () => {
    const values = [5, 7, 9, 12, 20, 33, 50, 80, 120, 200, 450, 900, 1500];
    const breaks = densityBreaks(values);
    expect(breaks[0]).toBe(5);
    expect(breaks.length).toBeGreaterThan(1);
    expect(breaks.length).toBeLessThanOrEqual(DENSITY_COLOURS.length);
    for (let i = 1; i < breaks.length; i++) expect(breaks[i]).toBeGreaterThan(breaks[i - 1]!);
  });

  it('is empty without cells', () => {
    expect(densityBreaks([])).toEqual([]);
  });
});

describe('densityColour', () => {
  it('spreads few classes over the whole ramp', () => {
    expect(densityColour(0, 3)).toBe(DENSITY_COLOURS[0]);
    expect(densityColour(2, 3)).toBe(DENSITY_COLOURS[4]);
    expect(densityColour(4, 5)).toBe(DENSITY_COLOURS[4]);
  });

  it('uses one constant colour for a single class', () => {
    expect(densityColourExpression([1903])).toBe(densityColour(0, 1));
    expect(densityColourExpression([])).toBe(densityColour(0, 1));
  });

  it('writes a step expression with one stop per break after the first', () => {
    expect(densityColourExpression([5, 50, 500])).toEqual([
      'step',
      ['get', 'trips'],
      DENSITY_COLOURS[0],
      50,
      DENSITY_COLOURS[2],
      500,
      DENSITY_COLOURS[4],
    ]);
  });
});

describe('geometry helpers', () => {
  it('draws a closed circle of about the right size', () => {
    const ring = circlePolygon([15.624, 47.219], 5).coordinates[0]!;
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    const lats = ring.map((p) => p[1]!);
    expect((Math.max(...lats) - Math.min(...lats)) * 110.574).toBeCloseTo(10, 1);
  });

  it('bounds polygons', () => {
    expect(
      bboxOf([
        {
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [1, 2],
                [3, 4],
                [0, 5],
                [1, 2],
              ],
            ],
          },
        },
      ]),
    ).toEqual([0, 2, 3, 5]);
    expect(bboxOf([])).toBeNull();
  });
});
