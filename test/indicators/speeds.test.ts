import { describe, expect, it } from 'vitest';
import { MODES } from '../../server/domain/modes.js';
import { defaultSpeedKmh, estimateDurationMin } from '../../server/indicators/speeds.js';

describe('estimateDurationMin', () => {
  it('uses HEAT speeds for walking (4.8 km/h) and cycling (14 km/h)', () => {
    expect(estimateDurationMin('walk', 2.4)).toBeCloseTo(30, 12);
    expect(estimateDurationMin('bike', 7)).toBeCloseTo(30, 12);
  });

  it('uses the assumed 18 km/h for e-bikes', () => {
    expect(estimateDurationMin('ebike', 9)).toBeCloseTo(30, 12);
  });

  it('has a positive speed for every mode and 0 minutes for 0 km', () => {
    for (const mode of MODES) {
      expect(defaultSpeedKmh(mode)).toBeGreaterThan(0);
      expect(estimateDurationMin(mode, 0)).toBe(0);
    }
  });

  it('rejects a negative distance', () => {
    expect(() => estimateDurationMin('walk', -1)).toThrow(RangeError);
  });
});
