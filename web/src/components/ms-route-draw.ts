import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { GeoJSONSource, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { get } from '../api/client.js';
import { I18nController } from '../i18n/controller.js';
import { t } from '../i18n/index.js';
import {
  densifyRoute,
  distanceFieldOf,
  drawnLengthKm,
  MAX_DRAWN_POINTS,
  type LonLat,
} from '../lib/route-draw.js';
import { shared } from '../styles/shared.js';

/** What "done" hands to the trip form: the distance field and the line sent as the geometry. */
export interface DrawnRoute {
  /** km with 2 decimals, as the distance field shows it. */
  distanceKm: string;
  /** The taps, as the commuter placed them. */
  points: LonLat[];
  geometry: { type: 'LineString'; coordinates: LonLat[] };
}

/** Where the map opens when the partner's centre is unknown: Weiz, the demo's first town. */
const FALLBACK_CENTER: LonLat = [15.6247, 47.2186];

/**
 * Draw the route of one leg on the offline map: each tap on the map adds a point, the line
 * and its great-circle length update as you go; undo, clear, done and cancel are ordinary
 * buttons (keyboard and screen reader). "Done" fires `ms-route-done` with a DrawnRoute,
 * "cancel" fires `ms-route-cancel`. The map is created after the first render and removed
 * when the element leaves the page.
 */
@customElement('ms-route-draw')
export class MsRouteDraw extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      .map {
        position: relative;
        width: 100%;
        height: 60vh;
        min-height: 240px;
        border-radius: 10px;
        overflow: hidden;
        background: #dbe6ec;
        cursor: crosshair;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin-top: 0.6rem;
      }
      .bar button {
        flex: 1 1 5.5rem;
        min-height: 2.75rem;
        justify-content: center;
      }
      .length {
        margin: 0.5rem 0 0;
        font-weight: 600;
      }
      .hint {
        margin: 0 0 0.4rem;
        font-size: 0.9rem;
        color: var(--ms-muted);
      }
    `,
  ];

  /** The commuter's partner: the map opens on its centre. */
  @property() accessor partnerId = '';
  /** A line drawn before (editing a leg): its points are the starting taps. */
  @property({ attribute: false }) accessor initial: LonLat[] = [];
  @state() private accessor _points: LonLat[] = [];
  @state() private accessor _status: 'loading' | 'ready' | 'failed' = 'loading';

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);
  private _map: MapLibreMap | null = null;

  /** The tapped points, [lon, lat] (read by the browser test). */
  get points(): LonLat[] {
    return this._points.map((p) => [p[0], p[1]]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._points = this.initial.slice(0, MAX_DRAWN_POINTS).map((p) => [p[0], p[1]]);
    if (this.hasUpdated && !this._map) void this._create();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._map?.remove();
    this._map = null;
  }

  protected override firstUpdated(): void {
    void this._create();
  }

  protected override updated(): void {
    this._syncLine();
  }

  private async _center(): Promise<LonLat> {
    const last = this._points[this._points.length - 1];
    if (last) return last;
    if (!this.partnerId) return FALLBACK_CENTER;
    try {
      const partner = await get('/partners/{id}', { params: { path: { id: this.partnerId } } });
      return [partner.center[0], partner.center[1]];
    } catch {
      return FALLBACK_CENTER;
    }
  }

  private async _create(): Promise<void> {
    this._status = 'loading';
    try {
      const lib = await import('../lib/maplibre.js');
      // Adopted, not a <style> element: the Content-Security-Policy allows no inline <style>.
      const root = this.shadowRoot!;
      const sheet = lib.mapStyleSheet();
      if (!root.adoptedStyleSheets.includes(sheet))
        root.adoptedStyleSheets = [sheet, ...root.adoptedStyleSheets];
      // The installation's street style when it has one (MAP_STYLE_URL): streets make a route
      // easy to trace. Otherwise the bundled offline basemap, on which the scale bar guides.
      const config = await get('/config').catch(() => null);
      const [style, center] = await Promise.all([
        config?.mapStyleUrl ?? lib.offlineStyle(),
        this._center(),
      ]);
      const container = this.renderRoot.querySelector<HTMLElement>('.map');
      if (!container || !this.isConnected || this._map) return;
      const map = new lib.MapLibreMap({
        container,
        style,
        center,
        // Street scale: the offline basemap has no streets, but taps need metres, not towns.
        zoom: 13,
        attributionControl: false,
        canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
        dragRotate: false,
        pitchWithRotate: false,
        maxPitch: 0,
        fadeDuration: 0,
        doubleClickZoom: false,
      });
      map.touchZoomRotate.disableRotation();
      map.keyboard.disableRotation();
      map.addControl(new lib.NavigationControl({ showCompass: false }), 'top-right');
      map.addControl(new lib.ScaleControl({ unit: 'metric' }), 'bottom-left');
      map.addControl(new lib.AttributionControl({ compact: true }), 'bottom-right');
      map.getCanvas().setAttribute('aria-label', t('draw.canvasLabel'));
      this._map = map;
      map.on('load', () => {
        map.addSource('route', { type: 'geojson', data: this._lineData() });
        map.addLayer({
          id: 'route-line',
          type: 'line',
          source: 'route',
          filter: ['==', ['geometry-type'], 'LineString'],
          paint: { 'line-color': '#0b6e4f', 'line-width': 4 },
          layout: { 'line-cap': 'round', 'line-join': 'round' },
        });
        map.addLayer({
          id: 'route-points',
          type: 'circle',
          source: 'route',
          filter: ['==', ['geometry-type'], 'Point'],
          paint: {
            'circle-radius': 5,
            'circle-color': '#ffffff',
            'circle-stroke-color': '#0b6e4f',
            'circle-stroke-width': 2,
          },
        });
        this._status = 'ready';
        this.dataset.ready = 'true';
      });
      map.on('click', (e: MapMouseEvent) => this._tap([e.lngLat.lng, e.lngLat.lat]));
      map.on('error', (e) => {
        if (this._status === 'loading') this._status = 'failed';
        console.warn('map error', e.error?.message);
      });
    } catch (err) {
      console.warn('map failed', err);
      this._status = 'failed';
    }
  }

  private _tap(at: LonLat): void {
    if (this._points.length >= MAX_DRAWN_POINTS) return;
    this._points = [...this._points, at];
  }

  private _lineData(): GeoJSON.FeatureCollection {
    const pts = this._points;
    const features: GeoJSON.Feature[] = pts.map((p) => ({
      type: 'Feature',
      properties: {},
      geometry: { type: 'Point', coordinates: p },
    }));
    if (pts.length >= 2)
      features.push({
        type: 'Feature',
        properties: {},
        geometry: { type: 'LineString', coordinates: pts },
      });
    return { type: 'FeatureCollection', features };
  }

  private _syncLine(): void {
    const source = this._map?.getSource('route') as GeoJSONSource | undefined;
    source?.setData(this._lineData());
  }

  private _done(): void {
    const distanceKm = distanceFieldOf(this._points);
    if (distanceKm === null) return;
    const detail: DrawnRoute = {
      distanceKm,
      points: this.points,
      geometry: { type: 'LineString', coordinates: densifyRoute(this._points) },
    };
    this.dispatchEvent(new CustomEvent('ms-route-done', { detail, bubbles: true, composed: true }));
  }

  private _cancel(): void {
    this.dispatchEvent(new CustomEvent('ms-route-cancel', { bubbles: true, composed: true }));
  }

  override render(): TemplateResult {
    const n = this._points.length;
    const field = distanceFieldOf(this._points);
    return html`
      <p class="hint" id="draw-hint">${t('draw.hint')}</p>
      <div class="map" aria-describedby="draw-hint"></div>
      ${
        this._status === 'failed'
          ? html`<p class="err" role="alert">${t('draw.failed')}</p>`
          : nothing
      }
      <p class="length" role="status" aria-live="polite" data-testid="draw-length">
        ${t('draw.length', { n, km: drawnLengthKm(this._points).toFixed(2) })}
      </p>
      <div class="bar">
        <button type="button" ?disabled=${n === 0} data-testid="draw-undo"
          @click=${() => (this._points = this._points.slice(0, -1))}>${t('draw.undo')}</button>
        <button type="button" ?disabled=${n === 0} data-testid="draw-clear"
          @click=${() => (this._points = [])}>${t('draw.clear')}</button>
        <button type="button" data-testid="draw-cancel" @click=${this._cancel}>${t('draw.cancel')}</button>
        <button type="button" class="primary" ?disabled=${field === null} data-testid="draw-done"
          @click=${this._done}>${t('draw.done')}</button>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-route-draw': MsRouteDraw;
  }
}
