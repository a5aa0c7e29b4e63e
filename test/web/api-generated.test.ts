import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { documentIsCurrent, generateTypes } from '../../server/cli/openapi.js';

describe('the web app API contract', () => {
  it('web/src/api/openapi.json is what the server schemas generate (npm run api:generate)', async () => {
    expect(await documentIsCurrent()).toBe(true);
  });

  it('gives the web app the server vocabulary as types, not strings', async () => {
    const types = await generateTypes(readFileSync('web/src/api/openapi.json', 'utf8'));
    // The drifts of the hand-written copy: a site kind and a leg mode were plain strings.
    expect(types).toMatch(/kind: "workplace" \| "school" \| "other";/);
    expect(types).toMatch(/Mode: "walk" \| "bike" \| "ebike"/);
    expect(types).toContain('perVehicleKm: components["schemas"]["Mode"][];');
    expect(types).toContain('partnersWithoutCountryData: string[];');
  });
});
