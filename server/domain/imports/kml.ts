import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { unzipSync } from 'fflate';
import { haversineM } from '../geometry.js';
import { decodeXml } from './decode.js';
import { ImportRefusal, PointCollector, timeMs, type ParsedFile } from './types.js';

type Geometry = { type: string; coordinates?: unknown; geometries?: Geometry[] };
type Feature = { geometry: Geometry | null; properties: Record<string, unknown> | null };

/**
 * KML: gx:Track and gx:MultiTrack (a time per coordinate), LineStrings with a TimeSpan (times
 * spread over the line by distance, with a warning: the file says only when it began and
 * ended), time-stamped Points, and MultiGeometry of these. togeojson does the KML reading.
 */
export function parseKml(text: string, maxPoints: number): ParsedFile {
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level: string, msg: string) => {
      if (level === 'fatalError') errors.push(msg);
    },
  }).parseFromString(text, 'text/xml');
  if (errors.length > 0 || !doc.documentElement)
    throw new ImportRefusal(
      'corrupt',
      `the KML file is not well-formed XML: ${errors[0] ?? 'no root element'}`,
    );
  const fc = kml(doc as unknown as Document) as unknown as { features: Feature[] };
  const out = new PointCollector(maxPoints);
  let untimed = 0;
  let spread = false;
  const line = (
    coords: number[][],
    times: unknown,
    span: { begin?: string; end?: string } | undefined,
  ) => {
    const list = Array.isArray(times) ? times : null;
    if (!list) {
      const begin = timeMs(span?.begin);
      const end = timeMs(span?.end);
      if (
        begin !== null &&
        end !== null &&
        Number.isFinite(begin) &&
        Number.isFinite(end) &&
        end > begin &&
        coords.length > 1
      ) {
        spread = true;
        const along = [0];
        for (let i = 1; i < coords.length; i++)
          along.push(
            along[i - 1]! +
              haversineM(
                [Number(coords[i - 1]![0]), Number(coords[i - 1]![1])],
                [Number(coords[i]![0]), Number(coords[i]![1])],
              ),
          );
        const total = along[along.length - 1]! || 1;
        for (const [i, c] of coords.entries())
          out.add(
            Number(c[1]),
            Number(c[0]),
            Math.round(begin + ((end - begin) * along[i]!) / total),
            alt(c),
          );
        return;
      }
      untimed += coords.length;
      for (const c of coords) out.add(Number(c[1]), Number(c[0]), null);
      return;
    }
    for (const [i, c] of coords.entries())
      out.add(Number(c[1]), Number(c[0]), timeMs(list[i]), alt(c));
  };
  const walk = (g: Geometry, times: unknown, props: Record<string, unknown>) => {
    const span = props.timespan as { begin?: string; end?: string } | undefined;
    if (g.type === 'LineString') line(g.coordinates as number[][], times, span);
    else if (g.type === 'MultiLineString')
      for (const [i, c] of (g.coordinates as number[][][]).entries())
        line(c, Array.isArray(times) ? times[i] : undefined, span);
    else if (g.type === 'Point') {
      const c = g.coordinates as number[];
      const t = timeMs(props.timestamp ?? span?.begin);
      if (t === null) untimed++;
      out.add(Number(c[1]), Number(c[0]), t, alt(c));
    } else if (g.type === 'GeometryCollection')
      for (const [i, sub] of (g.geometries ?? []).entries())
        walk(sub, Array.isArray(times) && Array.isArray(times[0]) ? times[i] : times, props);
  };
  for (const f of fc.features) {
    if (!f.geometry) continue;
    const props = f.properties ?? {};
    const cp = props.coordinateProperties as { times?: unknown } | undefined;
    walk(f.geometry, cp?.times, props);
  }
  if (spread)
    out.warn('some lines had only a begin and end time: times were spread along them by distance');
  const parsed = out.result('kml');
  if (parsed.report.pointsRead === 0)
    throw new ImportRefusal('no_points', 'the KML file has no tracks, lines or points');
  if (parsed.points.length === 0 && untimed > 0)
    throw new ImportRefusal(
      'no_times',
      'the KML file has lines and points but no times (no gx:Track, TimeStamp or TimeSpan): a trip needs times',
    );
  return parsed;
}

function alt(c: number[]): { altitudeM?: number } {
  return c.length > 2 && Number.isFinite(Number(c[2])) ? { altitudeM: Number(c[2]) } : {};
}

/** KMZ: a zip whose first .kml entry (doc.kml by convention) is the document. */
export function parseKmz(
  bytes: Uint8Array,
  maxPoints: number,
  maxUnzippedBytes: number,
): ParsedFile {
  let files: Record<string, Uint8Array>;
  try {
    let total = 0;
    files = unzipSync(bytes, {
      filter: (f) => {
        if (!/\.kml$/i.test(f.name)) return false;
        total += f.originalSize;
        // A zip bomb is refused before it is inflated.
        if (total > maxUnzippedBytes)
          throw new ImportRefusal(
            'too_many_points',
            `the KMZ unpacks to more than ${maxUnzippedBytes} bytes`,
          );
        return true;
      },
    });
  } catch (err) {
    if (err instanceof ImportRefusal) throw err;
    throw new ImportRefusal('corrupt', 'the KMZ file is not a readable zip archive');
  }
  const name = Object.keys(files).sort((a, b) =>
    a === 'doc.kml' ? -1 : b === 'doc.kml' ? 1 : a.localeCompare(b),
  )[0];
  if (!name) throw new ImportRefusal('no_points', 'the KMZ archive holds no .kml document');
  const parsed = parseKml(decodeXml(files[name]!), maxPoints);
  return { ...parsed, report: { ...parsed.report, format: 'kmz' } };
}
