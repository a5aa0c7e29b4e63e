import { decodeUtf8, decodeXml } from './decode.js';
import { parseFit } from './fit.js';
import { parseGpx } from './gpx.js';
import {
  parseGeojson,
  parseGoogleRecords,
  parseGoogleSemantic,
  parseOwntracksRec,
} from './json-formats.js';
import { parseKml, parseKmz } from './kml.js';
import { ImportRefusal, type ImportFormat, type ParsedFile } from './types.js';

export * from './types.js';

export interface ParseOptions {
  /** Most points one file may hold (bounded work per request). */
  maxPoints: number;
  /** Most bytes a KMZ may unpack to. */
  maxUnzippedBytes: number;
}

/** What a file's name claims; null when the name says nothing we check (.json, .xml, none). */
function claimedFamily(
  fileName: string | undefined,
): 'gpx' | 'kml' | 'kmz' | 'fit' | 'rec' | 'json' | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName ?? '')?.[1]?.toLowerCase();
  switch (ext) {
    case 'gpx':
    case 'kml':
    case 'kmz':
    case 'fit':
    case 'rec':
      return ext;
    case 'json':
    case 'geojson':
      return 'json';
    default:
      return null;
  }
}

const FAMILY: Record<ImportFormat, string> = {
  gpx: 'gpx',
  kml: 'kml',
  kmz: 'kmz',
  fit: 'fit',
  owntracks_rec: 'rec',
  geojson: 'json',
  google_records: 'json',
  google_semantic: 'json',
  google_timeline: 'json',
};

const NAMES: Record<ImportFormat, string> = {
  gpx: 'GPX',
  kml: 'KML',
  kmz: 'KMZ',
  fit: 'FIT',
  owntracks_rec: 'OwnTracks .rec',
  geojson: 'GeoJSON',
  google_records: 'Google location history (Records.json)',
  google_semantic: 'Google semantic location history',
  google_timeline: 'Google Timeline export',
};

type Sniffed = { format: ImportFormat; json?: Record<string, unknown> };

/** Decides the format from the bytes alone. */
export function sniffFormat(bytes: Uint8Array): Sniffed {
  if (bytes.length >= 12 && String.fromCharCode(...bytes.subarray(8, 12)) === '.FIT')
    return { format: 'fit' };
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)
    return { format: 'kmz' };
  const head = decodeUtf8(bytes.subarray(0, 4096))
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\?[\s\S]*?\?>/g, '')
    .trimStart();
  if (head.startsWith('<')) {
    if (/^<(?:\w+:)?gpx\b/.test(head) || /<(?:\w+:)?gpx[\s>]/.test(head.slice(0, 1000)))
      return { format: 'gpx' };
    if (/<(?:\w+:)?kml[\s>]/.test(head.slice(0, 1000))) return { format: 'kml' };
    throw new ImportRefusal('unknown_format', 'the file is XML but neither GPX nor KML');
  }
  if (/^\d{4}-\d{2}-\d{2}T\S+\s+\S+\s+\{/.test(head)) return { format: 'owntracks_rec' };
  if (head.startsWith('{') || head.startsWith('[')) {
    let root: unknown;
    try {
      root = JSON.parse(decodeUtf8(bytes));
    } catch {
      throw new ImportRefusal('corrupt', 'the file starts like JSON but is not valid JSON');
    }
    if (typeof root === 'object' && root !== null && !Array.isArray(root)) {
      const o = root as Record<string, unknown>;
      if (Array.isArray(o.semanticSegments) || Array.isArray(o.rawSignals))
        return { format: 'google_timeline', json: o };
      if (Array.isArray(o.timelineObjects)) return { format: 'google_semantic', json: o };
      if (
        Array.isArray(o.locations) &&
        o.locations.some((l) => typeof l === 'object' && l !== null && 'latitudeE7' in l)
      )
        return { format: 'google_records', json: o };
      if (o.type === 'FeatureCollection' || o.type === 'Feature' || Array.isArray(o.locations))
        return { format: 'geojson', json: o };
    }
    throw new ImportRefusal(
      'unknown_format',
      'the JSON file is neither GeoJSON nor a Google location history export',
    );
  }
  throw new ImportRefusal(
    'unknown_format',
    'the file is not GPX, KML, KMZ, GeoJSON, FIT, an OwnTracks .rec file or a Google location history export',
  );
}

/**
 * Parses an uploaded file into one point stream. The content decides the format; a name that
 * claims another format (a .gpx that is JSON) is refused, because the person probably picked
 * the wrong file.
 */
export function parseTrackFile(
  bytes: Uint8Array,
  fileName: string | undefined,
  options: ParseOptions,
): ParsedFile {
  const sniffed = sniffFormat(bytes);
  const claimed = claimedFamily(fileName);
  if (claimed !== null && claimed !== FAMILY[sniffed.format])
    throw new ImportRefusal(
      'name_mismatch',
      `${fileName} is named as a .${claimed} file but its content is ${NAMES[sniffed.format]}: check that you picked the right file`,
    );
  const max = options.maxPoints;
  switch (sniffed.format) {
    case 'fit':
      return parseFit(bytes, max);
    case 'kmz':
      return parseKmz(bytes, max, options.maxUnzippedBytes);
    case 'gpx':
      return parseGpx(decodeXml(bytes), max);
    case 'kml':
      return parseKml(decodeXml(bytes), max);
    case 'owntracks_rec':
      return parseOwntracksRec(decodeUtf8(bytes), max);
    case 'geojson':
      return parseGeojson(sniffed.json, max);
    case 'google_records':
      return parseGoogleRecords(sniffed.json!, max);
    case 'google_semantic':
    case 'google_timeline':
      return parseGoogleSemantic(sniffed.json!, max);
  }
}
