import { describe, expect, it } from 'vitest';
import { staleApiFiles } from '../../server/cli/openapi.js';

describe('the web app API types', () => {
  it('web/src/api/openapi.json and schema.d.ts are what the server schemas generate (npm run api:generate)', async () => {
    expect(await staleApiFiles()).toEqual([]);
  });
});
