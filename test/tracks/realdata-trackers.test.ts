import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, createTestContext, type TestContext } from '../helpers.js';

// Every file under ../shared/realdata/owntracks and osmand (CI has the folder), byte for byte,
// through the tracker endpoints: each is accepted or refused with a 4xx in our envelope, never a
// 5xx. JSON Lines files are sent one line per request, as the apps send them.
const ROOT = resolve(import.meta.dirname, '../../../shared/realdata');

/** Expected status per file (per line for .jsonl); files not listed must simply not be a 5xx. */
const EXPECTED: Record<string, number | number[]> = {
  'owntracks/android_location_multiple_messages.json': 200,
  'owntracks/android_location_beacon_trigger.json': 200,
  'owntracks/android_location_deserialize_extended.json': 200,
  'owntracks/android_location_encrypted_decrypted.json': 200,
  'owntracks/android_location_with_created_at.json': 200,
  'owntracks/android_transition_message.json': 200,
  'owntracks/android_waypoint_message.json': 200,
  'owntracks/android_configuration_message.json': 200,
  'owntracks/android_encrypted_message.json': 422,
  'owntracks/android_invalid_location_message_missing_tid_and_topic.json': 422,
  'owntracks/android_location_empty.json': 422,
  'owntracks/android_unknown_message.json': 422,
  'owntracks/dawarich_2023-02_old_android.rec': 400,
  'owntracks/dawarich_2024-03_iphone.rec': 400,
  'owntracks/traccar_owntracks_http_payloads.jsonl': [200, 200, 200, 200, 200, 200],
  'osmand/traccar_osmand_json_bodies.jsonl': [200, 200, 200, 200],
  'osmand/osmand_plus_bad.gpx': 422,
};

let t: TestContext;
let token = '';
beforeAll(async () => {
  t = await createTestContext();
  const res = await t.request('/api/v1/devices', {
    method: 'POST',
    token: await t.token('commuterA'),
    json: { kind: 'owntracks', name: 'realdata' },
  });
  token = (await body(res)).token;
});
afterAll(() => t.close());

async function send(dir: string, payload: string, type: string): Promise<Response> {
  if (dir === 'owntracks')
    return t.request('/api/v1/track/owntracks', {
      method: 'POST',
      body: payload,
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
    });
  // The Traccar Client's device identifier is the token; the body stays as recorded.
  return t.request(`/api/v1/track/osmand?id=${token}`, {
    method: 'POST',
    body: payload,
    headers: { 'content-type': type },
  });
}

describe('real tracker payloads', () => {
  const files = ['owntracks', 'osmand'].flatMap((dir) =>
    readdirSync(join(ROOT, dir)).map((f) => `${dir}/${f}`),
  );

  it('knows every file there', () => {
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const file of files) {
    it(`${file}: accepted or refused cleanly`, async () => {
      const [dir] = file.split('/');
      const text = readFileSync(join(ROOT, file), 'utf8');
      const payloads = file.endsWith('.jsonl') ? text.split('\n').filter((l) => l.trim()) : [text];
      const type = file.endsWith('.gpx') ? 'application/gpx+xml' : 'application/json';
      const statuses: number[] = [];
      for (const p of payloads) {
        const res = await send(dir!, p, type);
        statuses.push(res.status);
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) {
          const err = await body(res);
          expect(err.error.code).toMatch(/^[a-z_]+$/);
          expect(err.error.message.length).toBeGreaterThan(5);
        }
      }
      const want = EXPECTED[file]!;
      expect(statuses).toEqual(Array.isArray(want) ? want : [want]);
    });
  }

  it('stores the points of the accepted files once each', async () => {
    const n = await t.db.kysely
      .selectFrom('track_points')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    // One device for all files, so equal times are one point: the OwnTracks Android fixtures
    // hold 6 locations at 4 distinct times; Traccar's OwnTracks lines 6 at 5; Traccar Client's
    // bodies 4 at 3. 4 + 5 + 3 = 12.
    expect(Number(n.n)).toBe(12);
  });
});
