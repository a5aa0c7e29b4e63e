import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { measureAccuracy, realdataTripsDir } from '../../server/cli/accuracy.js';

// The e-mission days with ground truth (../shared/realdata/trips; CI has the folder). The floors
// sit a little under the figures npm run accuracy prints, so that a change to segmentation or
// mode inference that loses trips or kilometres fails here.
const TRIPS_MATCHED_FLOOR = 0.7;
const KM_RIGHT_MODE_FLOOR = 0.74;

describe('segmentation accuracy on e-mission ground truth', () => {
  it('finds the ground-truth data', () => {
    expect(existsSync(realdataTripsDir())).toBe(true);
  });

  it('matches trips and modes at least as well as before', () => {
    const days = measureAccuracy(realdataTripsDir());
    expect(days.length).toBeGreaterThanOrEqual(3);
    const g = days.reduce((s, d) => s + d.groundTruthTrips, 0);
    const m = days.reduce((s, d) => s + d.matchedTrips, 0);
    const km = days.reduce((s, d) => s + d.groundTruthKm, 0);
    const ok = days.reduce((s, d) => s + d.rightModeKm, 0);
    expect(m / g).toBeGreaterThanOrEqual(TRIPS_MATCHED_FLOOR);
    expect(ok / km).toBeGreaterThanOrEqual(KM_RIGHT_MODE_FLOOR);
  });
});
