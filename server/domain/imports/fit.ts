import { Decoder, Stream } from '@garmin/fitsdk';
import { ImportRefusal, PointCollector, type ParsedFile } from './types.js';

const SEMICIRCLE_DEG = 180 / 2 ** 31;

/**
 * FIT activity files through Garmin's SDK. A file whose CRC fails or that ends mid-record
 * still gives the records read before the damage (with a warning): a watch that died on the
 * way home recorded the way until then. Files that are not activities (monitoring, weight)
 * and virtual rides (positions in a game world) are refused.
 */
export function parseFit(bytes: Uint8Array, maxPoints: number): ParsedFile {
  const stream = Stream.fromByteArray(Array.from(bytes));
  if (!Decoder.isFIT(stream)) throw new ImportRefusal('corrupt', 'the file is not a FIT file');
  const decoder = new Decoder(stream);
  const intact = decoder.checkIntegrity();
  let result: { messages: Record<string, Array<Record<string, unknown>>>; errors: unknown[] };
  try {
    result = decoder.read({
      convertDateTimesToDates: false,
      includeUnknownData: false,
    }) as unknown as typeof result;
  } catch {
    throw new ImportRefusal('corrupt', 'the FIT file could not be decoded');
  }
  const { messages, errors } = result;
  const type = messages.fileIdMesgs?.[0]?.type;
  if (type !== undefined && type !== 'activity')
    throw new ImportRefusal(
      'no_points',
      `the FIT file is a ${String(type)} file, not an activity: it holds no journey`,
    );
  const sub = messages.sessionMesgs?.[0]?.subSport;
  if (sub === 'virtualActivity')
    throw new ImportRefusal(
      'no_points',
      'the FIT file is a virtual ride: its positions are in a game world, not on a road',
    );
  const records = messages.recordMesgs ?? [];
  const out = new PointCollector(maxPoints);
  if (!intact || errors.length > 0)
    out.warn(
      records.length > 0
        ? 'the FIT file is damaged (bad checksum or cut short): the records before the damage were used'
        : 'the FIT file is damaged',
    );
  if (records.length === 0 && errors.length > 0)
    throw new ImportRefusal('corrupt', 'the FIT file is damaged before its first record');
  let positioned = 0;
  for (const r of records) {
    if (r.positionLat === undefined || r.positionLong === undefined) continue;
    positioned++;
    // FIT times are seconds since 1989-12-31T00:00:00Z.
    const ts = typeof r.timestamp === 'number' ? (r.timestamp + 631065600) * 1000 : null;
    const speed = (r.enhancedSpeed ?? r.speed) as number | undefined;
    const alt = (r.enhancedAltitude ?? r.altitude) as number | undefined;
    out.add(Number(r.positionLat) * SEMICIRCLE_DEG, Number(r.positionLong) * SEMICIRCLE_DEG, ts, {
      ...(typeof speed === 'number' && speed >= 0 ? { speedMps: speed } : {}),
      ...(typeof alt === 'number' ? { altitudeM: alt } : {}),
    });
  }
  if (positioned === 0)
    throw new ImportRefusal(
      'no_points',
      records.length > 0
        ? 'the FIT activity has no positions (an indoor activity): there is no journey to import'
        : 'the FIT file has no records',
    );
  return out.result('fit');
}
