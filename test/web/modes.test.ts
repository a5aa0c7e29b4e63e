import { describe, expect, it } from 'vitest';
import * as server from '../../server/domain/modes.js';
import {
  ACTIVE_MODES,
  CAR_MODES,
  isMode,
  MODE_COLOURS,
  MODES,
  PUBLIC_TRANSPORT_MODES,
} from '../../web/src/lib/modes.js';

describe('the web app mode list', () => {
  it('is the server list itself, not a copy', () => {
    expect(MODES).toBe(server.MODES);
    expect(isMode).toBe(server.isMode);
  });

  it('keeps the groups of DESIGN.md section 2 and a colour for every mode', () => {
    expect(ACTIVE_MODES).toEqual(['walk', 'bike', 'ebike']);
    expect(PUBLIC_TRANSPORT_MODES).toEqual(['bus', 'tram', 'metro', 'train']);
    expect(CAR_MODES).toEqual(['car_driver', 'car_passenger']);
    expect(Object.keys(MODE_COLOURS)).toEqual([...MODES]);
  });
});
