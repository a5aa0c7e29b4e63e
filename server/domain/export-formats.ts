/**
 * A commuter's routes as GeoJSON and GPX for "my data" (issue 11). Pure string building.
 */

export interface ExportLeg {
  mode: string;
  distanceKm: number;
  durationMin: number | null;
  geometry: { type: 'LineString'; coordinates: Array<[number, number]> } | null;
}

export interface ExportTrip {
  id: string;
  startedAt: string;
  localDay: string;
  mainMode: string;
  distanceKm: number;
  replacedMode: string | null;
  legs: ExportLeg[];
}

/** One Feature per leg with a route (legs without one have no geometry to give). */
export function tripsToGeoJson(trips: readonly ExportTrip[]): string {
  const features = [];
  for (const trip of trips)
    for (const [seq, leg] of trip.legs.entries()) {
      if (!leg.geometry) continue;
      features.push({
        type: 'Feature',
        geometry: leg.geometry,
        properties: {
          tripId: trip.id,
          leg: seq,
          mode: leg.mode,
          distanceKm: leg.distanceKm,
          durationMin: leg.durationMin,
          startedAt: trip.startedAt,
          localDay: trip.localDay,
          replacedMode: trip.replacedMode,
        },
      });
    }
  return JSON.stringify({ type: 'FeatureCollection', features });
}

function xml(text: string): string {
  return text.replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Whether the trip has any route to write as GPX. */
export function hasRoute(trip: ExportTrip): boolean {
  return trip.legs.some((l) => l.geometry !== null);
}

/** A GPX 1.1 document with one track for the trip, one segment per leg with a route. */
export function tripToGpx(trip: ExportTrip): string {
  const segments = trip.legs
    .filter((l) => l.geometry)
    .map(
      (l) =>
        `    <trkseg>\n${l
          .geometry!.coordinates.map(([lon, lat]) => `      <trkpt lat="${lat}" lon="${lon}"/>`)
          .join('\n')}\n    </trkseg>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="Modeshift" xmlns="http://www.topografix.com/GPX/1/1">
  <metadata><time>${xml(trip.startedAt)}</time></metadata>
  <trk>
    <name>${xml(`${trip.localDay} ${trip.mainMode} ${trip.id}`)}</name>
    <type>${xml(trip.mainMode)}</type>
${segments}
  </trk>
</gpx>
`;
}

/** A file name inside the ZIP that cannot leave its folder, from a trip id (ids are [A-Za-z0-9_.:-]). */
export function safeFileName(id: string): string {
  return id.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_');
}
