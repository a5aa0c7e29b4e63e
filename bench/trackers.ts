// OwnTracks replay: 100,000 points posted in batches of 100 to /api/v1/track/owntracks through
// the app (in-process requests on an in-memory SQLite database, the test setup), against
// parsing the same bodies alone. Peak memory is the process's max RSS after each part.
import { resourceUsage } from 'node:process';
import { parseOwnTracks } from '../server/domain/tracks/protocols.js';
import { createTestContext } from '../test/helpers.js';

export async function benchTrackers(
  log: (...args: unknown[]) => void,
  figures: Record<string, number | string>,
  points = 100_000,
): Promise<void> {
  const batch = 100;
  const t0 = Math.floor(Date.now() / 1000) - 2 * 86_400;
  const bodies: string[] = [];
  for (let i = 0; i < points; i += batch) {
    const msgs = [];
    for (let k = i; k < Math.min(points, i + batch); k++)
      msgs.push({
        _type: 'location',
        tst: t0 + k,
        lat: 55.68 + Math.sin(k / 5000) * 0.05,
        lon: 12.55 + ((k % 20_000) / 20_000) * 0.1,
        acc: 8,
        vel: 18,
        tid: 'bm',
      });
    bodies.push(JSON.stringify(msgs));
  }
  let started = performance.now();
  let parsed = 0;
  for (const b of bodies) {
    const r = parseOwnTracks(JSON.parse(b));
    if (r.ok) parsed += r.points.length;
  }
  const parseS = (performance.now() - started) / 1000;
  const parseRssMb = resourceUsage().maxRSS / 1024;

  const t = await createTestContext({
    now: Date.now,
    config: { TRACKER_REQUESTS_PER_MINUTE: '100000' },
  });
  try {
    const res = await t.request('/api/v1/devices', {
      method: 'POST',
      token: await t.token('commuterA'),
      json: { kind: 'owntracks', name: 'bench' },
    });
    const { token } = (await res.json()) as { token: string };
    started = performance.now();
    for (const b of bodies) {
      const r = await t.request('/api/v1/track/owntracks', {
        method: 'POST',
        body: b,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      });
      if (r.status !== 200) throw new Error(`owntracks replay answered ${r.status}`);
    }
    const httpS = (performance.now() - started) / 1000;
    const stored = await t.db.kysely
      .selectFrom('track_points')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    figures.owntracks_parse_points_per_s = Math.round(parsed / parseS);
    figures.owntracks_replay_points_per_s = Math.round(points / httpS);
    figures.owntracks_replay_stored = Number(stored.n);
    figures.owntracks_parse_peak_rss_mb = Math.round(parseRssMb);
    figures.owntracks_replay_peak_rss_mb = Math.round(resourceUsage().maxRSS / 1024);
    log(
      `  owntracks: parse alone ${figures.owntracks_parse_points_per_s} points/s; replay through the endpoint ${figures.owntracks_replay_points_per_s} points/s (${figures.owntracks_replay_stored} stored, batches of ${batch}); peak RSS ${figures.owntracks_parse_peak_rss_mb} MB after parsing, ${figures.owntracks_replay_peak_rss_mb} MB after the replay`,
    );
  } finally {
    await t.close();
  }
}
