import { LitElement, css, html, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Map as MapLibreMap, Marker, StyleSpecification, GeoJSONSource } from 'maplibre-gl';
import type { DensityCollection, Partner, Site } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { t } from '../i18n/index.js';
import { bboxOf, circlePolygon, densityColourExpression } from '../lib/density.js';

export interface MapLayers {
  density: boolean;
  areas: boolean;
  sites: boolean;
  labels: boolean;
}

export interface CellHover {
  trips: number;
  commuters: number;
}

type MapModule = typeof import('../lib/maplibre.js');

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
/** The short-trip zone drawn around each town centre (DESIGN.md: trips under 5 km). */
export const AREA_RADIUS_KM = 5;

/**
 * The MapLibre map: offline basemap (or the configured style), route density as H3 cells,
 * the 5 km zone around partner centres and the sites. Labels are HTML markers, so the style
 * needs no glyphs. Created after the first render, removed when the element leaves the page.
 */
@customElement('ms-density-map')
export class MsDensityMap extends LitElement {
  static override styles = css`
    :host {
      display: block;
      position: relative;
      min-height: 320px;
    }
    .map {
      position: absolute;
      inset: 0;
      border-radius: 10px;
      overflow: hidden;
      background: #dbe6ec;
    }
    .status {
      position: absolute;
      inset: 0;
      display: grid;
      place-items: center;
      color: var(--ms-muted);
      font-size: 0.9rem;
      pointer-events: none;
    }
    .label {
      font: 600 12px/1.2 var(--ms-font, system-ui, sans-serif);
      color: #0f1c24;
      background: rgb(255 255 255 / 0.92);
      border: 1px solid #b9c3ca;
      border-radius: 6px;
      padding: 2px 6px;
      white-space: nowrap;
      pointer-events: none;
      transform: translateY(-14px);
    }
    .label.site {
      font-weight: 500;
      font-size: 11px;
      transform: translateY(-12px);
    }
    .partner {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 2px;
      cursor: pointer;
      background: none;
      border: none;
      padding: 0;
      font: inherit;
    }
    .partner .dot {
      width: 14px;
      height: 14px;
      border-radius: 50%;
      background: #0b6e4f;
      border: 2px solid #fff;
      box-shadow: 0 0 0 1px #0b6e4f;
    }
    .partner .label {
      transform: none;
      pointer-events: auto;
    }
    .partner:focus-visible {
      outline: 3px solid #1a73e8;
      outline-offset: 2px;
      border-radius: 6px;
    }
  `;

  @property({ attribute: false }) accessor density: DensityCollection | null = null;
  @property({ attribute: false }) accessor breaks: number[] = [];
  @property({ attribute: false }) accessor partners: Partner[] = [];
  @property({ attribute: false }) accessor sites: Site[] = [];
  /** The partner shown, or null for the whole network. */
  @property({ attribute: false }) accessor partner: Partner | null = null;
  @property({ attribute: false }) accessor styleUrl: string | null = null;
  @property({ attribute: false }) accessor layers: MapLayers = {
    density: true,
    areas: true,
    sites: true,
    labels: true,
  };
  @state() private accessor _status: 'loading' | 'ready' | 'failed' = 'loading';

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);
  private _map: MapLibreMap | null = null;
  private _lib: MapModule | null = null;
  private _markers: Marker[] = [];
  private _styleReady = false;
  private _lastFit = '';
  /** Whether the user has panned or zoomed; until then a resize fits the map again. */
  private _userMoved = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._destroy();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && !this._map) void this._create();
  }

  /** The GeoJSON of the density layer as drawn (for export). */
  get densityGeoJSON(): DensityCollection | null {
    return this.density;
  }

  protected override firstUpdated(): void {
    void this._create();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!this._map || !this._styleReady) return;
    if (
      changed.has('density') ||
      changed.has('breaks') ||
      changed.has('partner') ||
      changed.has('partners') ||
      changed.has('sites')
    )
      this._syncData();
    if (changed.has('layers')) this._syncVisibility();
    if (changed.has('styleUrl') && changed.get('styleUrl') !== undefined) {
      this._destroy();
      void this._create();
    }
  }

  private _destroy(): void {
    for (const m of this._markers) m.remove();
    this._markers = [];
    this._map?.remove();
    this._map = null;
    this._styleReady = false;
    this._lastFit = '';
    this._userMoved = false;
  }

  private async _create(): Promise<void> {
    this._status = 'loading';
    try {
      const lib = await import('../lib/maplibre.js');
      this._lib = lib;
      // Adopted, not a <style> element: the Content-Security-Policy allows no inline <style>.
      const root = this.shadowRoot!;
      const sheet = lib.mapStyleSheet();
      if (!root.adoptedStyleSheets.includes(sheet))
        root.adoptedStyleSheets = [sheet, ...root.adoptedStyleSheets];
      const style: StyleSpecification | string = this.styleUrl ?? (await lib.offlineStyle());
      const container = this.renderRoot.querySelector<HTMLElement>('.map');
      if (!container || !this.isConnected || this._map) return;
      const center = this.partner?.center ?? [14, 49];
      const map = new lib.MapLibreMap({
        container,
        style,
        center,
        zoom: this.partner ? 10.5 : 3.6,
        attributionControl: false,
        // Lets the browser tests read the drawn pixels back.
        canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
        cooperativeGestures: false,
        dragRotate: false,
        pitchWithRotate: false,
        maxPitch: 0,
        fadeDuration: 0,
      });
      map.touchZoomRotate.disableRotation();
      map.keyboard.disableRotation();
      map.addControl(new lib.NavigationControl({ showCompass: false }), 'top-right');
      map.addControl(new lib.ScaleControl({ unit: 'metric' }), 'bottom-left');
      map.addControl(
        new lib.AttributionControl({ compact: true, customAttribution: 'Modeshift' }),
        'bottom-right',
      );
      map.getCanvas().setAttribute('aria-label', t('map.canvasLabel'));
      this._map = map;
      map.on('load', () => {
        this._addLayers();
        this._styleReady = true;
        this._syncData();
        this._syncVisibility();
        this._status = 'ready';
      });
      map.on('movestart', (e) => {
        if ((e as { originalEvent?: Event }).originalEvent) this._userMoved = true;
      });
      map.on('resize', () => {
        if (this._userMoved || !this._styleReady) return;
        this._lastFit = '';
        this._fit();
      });
      map.on('idle', () => {
        this.dataset.idle = 'true';
        this.dispatchEvent(new CustomEvent('ms-map-idle', { bubbles: true, composed: true }));
      });
      map.on('error', (e) => {
        if (!this._styleReady) this._status = 'failed';
        console.warn('map error', e.error?.message);
      });
      map.on('mousemove', 'density-fill', (e) => {
        const p = e.features?.[0]?.properties as { trips?: number; commuters?: number } | undefined;
        map.getCanvas().style.cursor = p ? 'crosshair' : '';
        if (p)
          this.dispatchEvent(
            new CustomEvent<CellHover>('ms-cell-hover', {
              detail: { trips: Number(p.trips), commuters: Number(p.commuters) },
              bubbles: true,
              composed: true,
            }),
          );
      });
      map.on('mouseleave', 'density-fill', () => {
        map.getCanvas().style.cursor = '';
        this.dispatchEvent(
          new CustomEvent<CellHover | null>('ms-cell-hover', {
            detail: null,
            bubbles: true,
            composed: true,
          }),
        );
      });
    } catch (err) {
      console.warn('map failed', err);
      this._status = 'failed';
    }
  }

  private _addLayers(): void {
    const map = this._map!;
    map.addSource('density', { type: 'geojson', data: EMPTY });
    map.addSource('areas', { type: 'geojson', data: EMPTY });
    map.addSource('sites', { type: 'geojson', data: EMPTY });
    map.addLayer({
      id: 'areas-fill',
      type: 'fill',
      source: 'areas',
      paint: { 'fill-color': '#0b6e4f', 'fill-opacity': 0.04 },
    });
    map.addLayer({
      id: 'areas-line',
      type: 'line',
      source: 'areas',
      paint: { 'line-color': '#0b6e4f', 'line-width': 1.5, 'line-dasharray': [3, 2] },
    });
    map.addLayer({
      id: 'density-fill',
      type: 'fill',
      source: 'density',
      paint: { 'fill-color': '#41b6c4', 'fill-opacity': 0.78 },
    });
    map.addLayer({
      id: 'density-line',
      type: 'line',
      source: 'density',
      paint: { 'line-color': '#ffffff', 'line-width': 0.4, 'line-opacity': 0.6 },
    });
    map.addLayer({
      id: 'sites-circle',
      type: 'circle',
      source: 'sites',
      paint: {
        'circle-radius': 6,
        'circle-color': '#0f1c24',
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    });
  }

  private _syncData(): void {
    const map = this._map;
    const lib = this._lib;
    if (!map || !lib) return;
    const density = this.density ?? EMPTY;
    (map.getSource('density') as GeoJSONSource | undefined)?.setData(density);
    map.setPaintProperty(
      'density-fill',
      'fill-color',
      densityColourExpression(this.breaks) as never,
    );
    const shown = this.partner ? [this.partner] : this.partners;
    (map.getSource('areas') as GeoJSONSource | undefined)?.setData({
      type: 'FeatureCollection',
      features: shown.map((p) => ({
        type: 'Feature',
        properties: { id: p.id },
        geometry: circlePolygon(p.center, AREA_RADIUS_KM),
      })),
    });
    const sites = this.partner ? this.sites.filter((s) => s.location) : [];
    (map.getSource('sites') as GeoJSONSource | undefined)?.setData({
      type: 'FeatureCollection',
      features: sites.map((s) => ({
        type: 'Feature',
        properties: { id: s.id, name: s.name },
        geometry: { type: 'Point', coordinates: s.location! },
      })),
    });
    this._syncMarkers(shown, sites);
    this._fit();
  }

  private _syncMarkers(partners: Partner[], sites: Site[]): void {
    const map = this._map!;
    const lib = this._lib!;
    for (const m of this._markers) m.remove();
    this._markers = [];
    if (!this.partner) {
      for (const p of partners) {
        const el = document.createElement('button');
        el.type = 'button';
        el.className = 'partner';
        el.innerHTML = '<span class="dot"></span><span class="label"></span>';
        el.querySelector('.label')!.textContent = p.name;
        el.setAttribute('aria-label', t('map.openPartner', { name: p.name }));
        el.addEventListener('click', () =>
          this.dispatchEvent(
            new CustomEvent('ms-partner-pick', { detail: p.id, bubbles: true, composed: true }),
          ),
        );
        this._markers.push(
          new lib.Marker({ element: el, anchor: 'top' }).setLngLat(p.center).addTo(map),
        );
      }
      return;
    }
    if (!this.layers.labels) return;
    const town = document.createElement('div');
    town.className = 'label';
    town.textContent = this.partner.name;
    this._markers.push(
      new lib.Marker({ element: town, anchor: 'bottom' }).setLngLat(this.partner.center).addTo(map),
    );
    if (!this.layers.sites) return;
    for (const s of sites) {
      const el = document.createElement('div');
      el.className = 'label site';
      el.textContent = s.name;
      this._markers.push(
        new lib.Marker({ element: el, anchor: 'bottom' }).setLngLat(s.location!).addTo(map),
      );
    }
  }

  private _fit(): void {
    const map = this._map!;
    const key = `${this.partner?.id ?? 'network'}|${this.density?.features.length ?? 0}|${this.sites.length}`;
    if (key === this._lastFit) return;
    this._lastFit = key;
    if (!this.partner) {
      const pts = this.partners.map((p) => p.center);
      if (pts.length === 0) return;
      const lons = pts.map((p) => p[0]);
      const lats = pts.map((p) => p[1]);
      map.fitBounds([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)], {
        padding: { top: 40, bottom: 70, left: 70, right: 70 },
        animate: false,
        maxZoom: 8,
      });
      return;
    }
    // The cells together with the town centre and its sites, so that a few cells keep their context.
    const bbox = this.density?.features.length ? bboxOf(this.density.features) : null;
    const points = [
      this.partner.center,
      ...this.sites.filter((s) => s.location).map((s) => s.location!),
    ];
    const lons = [...points.map((p) => p[0]), ...(bbox ? [bbox[0], bbox[2]] : [])];
    const lats = [...points.map((p) => p[1]), ...(bbox ? [bbox[1], bbox[3]] : [])];
    if (lons.length > 1)
      map.fitBounds([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)], {
        padding: 40,
        animate: false,
        maxZoom: 13,
      });
    else map.jumpTo({ center: this.partner.center, zoom: 11 });
  }

  private _syncVisibility(): void {
    const map = this._map;
    if (!map) return;
    const vis = (on: boolean) => (on ? 'visible' : 'none');
    for (const id of ['density-fill', 'density-line'])
      map.setLayoutProperty(id, 'visibility', vis(this.layers.density));
    for (const id of ['areas-fill', 'areas-line'])
      map.setLayoutProperty(id, 'visibility', vis(this.layers.areas));
    map.setLayoutProperty('sites-circle', 'visibility', vis(this.layers.sites));
    this._syncMarkers(
      this.partner ? [this.partner] : this.partners,
      this.partner ? this.sites.filter((s) => s.location) : [],
    );
  }

  override render(): TemplateResult {
    return html`<div class="map" role="region" aria-label=${t('map.regionLabel')}></div>
      ${this._status === 'loading' ? html`<div class="status" role="status">${t('map.loading')}</div>` : ''}
      ${this._status === 'failed' ? html`<div class="status" role="alert">${t('map.failed')}</div>` : ''}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-density-map': MsDensityMap;
  }
}
