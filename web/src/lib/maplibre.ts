/**
 * MapLibre GL and the offline basemap, loaded only when a map is shown. The default style has
 * no tiles, sprites or glyphs: a background for the sea, land and borders from world-atlas
 * (Natural Earth 1:50m, bundled as a file of this app), so no request leaves the server.
 */
import {
  AttributionControl,
  LngLatBounds,
  Map as MapLibreMap,
  Marker,
  NavigationControl,
  ScaleControl,
  setWorkerUrl,
  type StyleSpecification,
} from 'maplibre-gl';
import mapCss from 'maplibre-gl/dist/maplibre-gl.css?inline';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import countriesUrl from 'world-atlas/countries-50m.json?url';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

setWorkerUrl(workerUrl);

export {
  AttributionControl,
  LngLatBounds,
  MapLibreMap,
  Marker,
  NavigationControl,
  ScaleControl,
  mapCss,
};

export const BASEMAP_COLOURS = {
  sea: '#dbe6ec',
  land: '#f4f3ef',
  border: '#9aa7b0',
} as const;

let mapSheet: CSSStyleSheet | null = null;

/** MapLibre's CSS as one constructable stylesheet, shared by every map's shadow root. */
export function mapStyleSheet(): CSSStyleSheet {
  if (!mapSheet) {
    mapSheet = new CSSStyleSheet();
    mapSheet.replaceSync(mapCss);
  }
  return mapSheet;
}

let countries: Promise<{
  land: GeoJSON.FeatureCollection;
  borders: GeoJSON.MultiLineString;
}> | null = null;

/** Country polygons and the borders between them, converted once from TopoJSON. */
export function loadCountries(): Promise<{
  land: GeoJSON.FeatureCollection;
  borders: GeoJSON.MultiLineString;
}> {
  countries ??= fetch(countriesUrl)
    .then((r) => {
      if (!r.ok) throw new Error(`basemap: ${r.status}`);
      return r.json() as Promise<Topology<{ countries: GeometryCollection }>>;
    })
    .then((topo) => ({
      land: feature(topo, topo.objects.countries) as unknown as GeoJSON.FeatureCollection,
      borders: mesh(topo, topo.objects.countries, (a, b) => a !== b),
    }));
  return countries;
}

/** The offline style: sea, land, borders. Layers of the dashboard are added on top. */
export async function offlineStyle(): Promise<StyleSpecification> {
  const { land, borders } = await loadCountries();
  return {
    version: 8,
    name: 'Modeshift offline',
    sources: {
      land: { type: 'geojson', data: land, attribution: 'Natural Earth via world-atlas' },
      borders: { type: 'geojson', data: { type: 'Feature', properties: {}, geometry: borders } },
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': BASEMAP_COLOURS.sea } },
      { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': BASEMAP_COLOURS.land } },
      {
        id: 'borders',
        type: 'line',
        source: 'borders',
        paint: {
          'line-color': BASEMAP_COLOURS.border,
          'line-width': ['interpolate', ['linear'], ['zoom'], 2, 0.6, 8, 1.4],
        },
      },
    ],
  };
}
