import { ImportRefusal, PointCollector, timeMs, type ParsedFile } from './types.js';

const POINT = /<((?:\w+:)?(trkpt|rtept|wpt))\b([^>]*?)(?:\/>|>([\s\S]*?)<\/\1\s*>)/g;

// Built once per name: compiling a pattern per point cost most of the parse time.
const patterns = new Map<string, RegExp>();
function pattern(key: string, source: () => string): RegExp {
  let re = patterns.get(key);
  if (!re) patterns.set(key, (re = new RegExp(source())));
  return re;
}

function attr(attrs: string, name: string): number {
  const m = pattern(`a:${name}`, () => `\\b${name}\\s*=\\s*["']([^"']*)["']`).exec(attrs);
  return m ? Number(m[1]!.trim() || 'x') : Number.NaN;
}

function child(body: string, name: string): string | undefined {
  // Any namespace prefix: extensions from unknown namespaces carry speed and accuracy too.
  const m = pattern(
    `c:${name}`,
    () => `<(?:\\w+:)?${name}\\b[^>]*>\\s*([^<]*?)\\s*</(?:\\w+:)?${name}\\s*>`,
  ).exec(body);
  return m?.[1];
}

function num(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * GPX 1.0 and 1.1. A scanner over the text instead of a DOM: a 100,000-point file would need
 * hundreds of megabytes as a DOM, and it tolerates what real files do (unknown namespaces,
 * comments inside points, attributes in any order). Track points are the recording; route
 * points or waypoints are used only when a file has no timed track point (some apps export
 * recordings as routes), with a warning.
 */
export function parseGpx(text: string, maxPoints: number): ParsedFile {
  const clean = text.replace(/<!--[\s\S]*?-->/g, '');
  if (!/<(?:\w+:)?gpx\b/.test(clean.slice(0, 4000)))
    throw new ImportRefusal('corrupt', 'the file has no <gpx> element');
  const byKind = { trkpt: [] as string[][], rtept: [] as string[][], wpt: [] as string[][] };
  let timed = { trkpt: 0, rtept: 0, wpt: 0 };
  for (const m of clean.matchAll(POINT)) {
    const kind = m[2] as keyof typeof byKind;
    const body = m[4] ?? '';
    byKind[kind].push([m[3] ?? '', body]);
    if (/<(?:\w+:)?time\b[^>]*>\s*[^<\s]/.test(body)) timed[kind]++;
    if (byKind.trkpt.length + byKind.rtept.length + byKind.wpt.length > maxPoints * 3)
      throw new ImportRefusal(
        'too_many_points',
        `the file has more than ${maxPoints} points; split it into smaller files`,
      );
  }
  const kind = timed.trkpt > 0 ? 'trkpt' : timed.rtept > 0 ? 'rtept' : timed.wpt > 0 ? 'wpt' : null;
  const total = byKind.trkpt.length + byKind.rtept.length + byKind.wpt.length;
  if (kind === null) {
    if (total === 0)
      throw new ImportRefusal(
        'no_points',
        'the GPX file has no track points, route points or waypoints',
      );
    throw new ImportRefusal(
      'no_times',
      `the GPX file has ${total} points but none has a time: it is a planned route, not a recording, and a trip needs times`,
    );
  }
  const out = new PointCollector(maxPoints);
  if (kind !== 'trkpt')
    out.warn(
      `no timed track points: the file's ${kind === 'rtept' ? 'route points' : 'waypoints'} with times were used`,
    );
  const empty = (
    clean.match(/<(?:\w+:)?trkseg\b[^>]*>\s*<\/(?:\w+:)?trkseg>|<(?:\w+:)?trkseg\s*\/>/g) ?? []
  ).length;
  if (empty > 0) out.warn(`${empty} empty track segment(s) skipped`);
  timed = { trkpt: 0, rtept: 0, wpt: 0 };
  for (const [attrs, body] of byKind[kind]) {
    const speed = num(child(body!, 'speed'));
    const hAcc = num(child(body!, 'hAcc')) ?? num(child(body!, 'accuracy'));
    const ele = num(child(body!, 'ele'));
    out.add(attr(attrs!, 'lat'), attr(attrs!, 'lon'), timeMs(child(body!, 'time')), {
      ...(speed !== undefined && speed >= 0 ? { speedMps: speed } : {}),
      ...(hAcc !== undefined && hAcc >= 0 ? { accuracyM: hAcc } : {}),
      ...(ele !== undefined ? { altitudeM: ele } : {}),
    });
  }
  return out.result('gpx');
}
