import type { HintMode, TrackPoint } from './types.js';

/**
 * e-mission's raw timeseries (the phone app's upload: one entry per sensor reading, keyed by
 * metadata.key) as TrackPoints. Locations carry speed in m/s and accuracy in metres; motion
 * activities (Android's DetectedActivity codes, iOS flags) become hints on the locations that
 * follow them, as a phone sending both would. Ground truth files, e-mission's own segmentation
 * of the same day, become trips with sections of IN_VEHICLE / ON_FOOT / BICYCLING.
 */

interface EmissionEntry {
  metadata?: { key?: string };
  data?: Record<string, unknown>;
}

/** Android DetectedActivity types. 3 still, 4 unknown, 5 tilting carry no travel mode. */
const ANDROID_ACTIVITY: Record<number, HintMode | undefined> = {
  0: 'vehicle',
  1: 'bike',
  2: 'walk',
  3: 'still',
  7: 'walk',
  8: 'walk',
};

export function emissionTrackPoints(entries: unknown): TrackPoint[] {
  if (!Array.isArray(entries)) return [];
  const locations: TrackPoint[] = [];
  const activities: Array<{ t: number; mode: HintMode; confidence: number }> = [];
  for (const e of entries as EmissionEntry[]) {
    const key = e?.metadata?.key;
    const d = e?.data;
    if (!d || typeof d.ts !== 'number') continue;
    if (key === 'background/location') {
      const lat = Number(d.latitude);
      const lon = Number(d.longitude);
      const p: TrackPoint = { t: Math.round(d.ts * 1000), lat, lon };
      if (typeof d.accuracy === 'number') p.accuracyM = d.accuracy;
      if (typeof d.sensed_speed === 'number' && d.sensed_speed > 0) p.speedMps = d.sensed_speed;
      if (typeof d.altitude === 'number' && d.altitude !== 0) p.altitudeM = d.altitude;
      locations.push(p);
    } else if (key === 'background/motion_activity') {
      const mode = iosOrAndroidActivity(d);
      if (mode)
        activities.push({
          t: Math.round(d.ts * 1000),
          mode,
          confidence: typeof d.confidence === 'number' ? Math.min(1, d.confidence / 100) : 0.5,
        });
    }
  }
  locations.sort((a, b) => a.t - b.t);
  activities.sort((a, b) => a.t - b.t);
  let k = -1;
  for (const p of locations) {
    while (k + 1 < activities.length && activities[k + 1]!.t <= p.t) k++;
    const a = activities[k];
    // An activity older than two minutes no longer describes the moment.
    if (a && p.t - a.t <= 120_000)
      p.activityHint = { mode: a.mode, confidence: a.confidence, source: 'emission' };
  }
  return locations;
}

function iosOrAndroidActivity(d: Record<string, unknown>): HintMode | undefined {
  if (typeof d.type === 'number') return ANDROID_ACTIVITY[d.type];
  if (d.automotive === true) return 'vehicle';
  if (d.cycling === true) return 'bike';
  if (d.walking === true || d.running === true) return 'walk';
  if (d.stationary === true) return 'still';
  return undefined;
}

export type GroundTruthMode = 'IN_VEHICLE' | 'ON_FOOT' | 'BICYCLING' | 'UNKNOWN';

export interface GroundTruthSection {
  startMs: number;
  endMs: number;
  distanceKm: number;
  mode: GroundTruthMode;
  /**
   * The section's line as e-mission stores it: resampled every 30 s from its start, the last
   * vertex at its end, with the distance from each vertex to the next. Lets the km score credit
   * each stretch by its own length. Absent when the file does not carry per-vertex distances.
   */
  steps?: Array<{ fromMs: number; toMs: number; km: number }>;
}

export interface GroundTruthTrip {
  startMs: number;
  endMs: number;
  sections: GroundTruthSection[];
}

/** e-mission's clean_and_resample step resamples every section at this interval. */
export const EMISSION_RESAMPLE_MS = 30_000;

/**
 * Steps from e-mission's per-vertex `distances` (distances[i]: vertex i-1 to i, distances[0] =
 * 0): vertex i is at start + 30 s x i, the last at the section's end.
 */
function sectionSteps(
  startMs: number,
  endMs: number,
  distances: unknown,
): GroundTruthSection['steps'] {
  if (!Array.isArray(distances) || distances.length < 2) return undefined;
  const steps: NonNullable<GroundTruthSection['steps']> = [];
  for (let i = 1; i < distances.length; i++) {
    const m = Number(distances[i]);
    if (!Number.isFinite(m) || m < 0) return undefined;
    const fromMs = Math.min(endMs, startMs + (i - 1) * EMISSION_RESAMPLE_MS);
    const toMs =
      i === distances.length - 1 ? endMs : Math.min(endMs, startMs + i * EMISSION_RESAMPLE_MS);
    steps.push({ fromMs, toMs, km: m / 1000 });
  }
  return steps;
}

export function emissionGroundTruth(doc: unknown): GroundTruthTrip[] {
  const data = (doc as { data?: unknown })?.data;
  if (!Array.isArray(data)) return [];
  const trips: GroundTruthTrip[] = [];
  for (const trip of data as Array<{
    properties?: Record<string, unknown>;
    features?: unknown[];
  }>) {
    const p = trip.properties;
    if (!p || typeof p.start_ts !== 'number' || typeof p.end_ts !== 'number') continue;
    const sections: GroundTruthTrip['sections'] = [];
    for (const f of (trip.features ?? []) as Array<{ type?: string; features?: unknown[] }>) {
      if (f.type !== 'FeatureCollection') continue;
      for (const s of (f.features ?? []) as Array<{ properties?: Record<string, unknown> }>) {
        const sp = s.properties;
        if (sp?.feature_type !== 'section') continue;
        const raw = String(sp.sensed_mode ?? '').replace('MotionTypes.', '');
        const mode: GroundTruthMode =
          raw === 'IN_VEHICLE' || raw === 'ON_FOOT' || raw === 'BICYCLING' ? raw : 'UNKNOWN';
        const startMs = Math.round(Number(sp.start_ts) * 1000);
        const endMs = Math.round(Number(sp.end_ts) * 1000);
        const section: GroundTruthSection = {
          startMs,
          endMs,
          distanceKm: Number(sp.distance) / 1000,
          mode,
        };
        const steps = sectionSteps(startMs, endMs, sp.distances);
        if (steps) section.steps = steps;
        sections.push(section);
      }
    }
    trips.push({
      startMs: Math.round(p.start_ts * 1000),
      endMs: Math.round(p.end_ts * 1000),
      sections,
    });
  }
  return trips;
}
