import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { get } from '../api/client.js';
import type { Account, Trip, TripPage } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { fmt, modeName, t } from '../i18n/index.js';
import { FetchController } from '../lib/fetch-controller.js';
import { ACTIVE_MODES, MODE_COLOURS, isMode, type Mode } from '../lib/modes.js';
import { renderError, renderLoading } from '../lib/states.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';
import './ms-data-table.js';
import type { TableColumn, TableRow } from './ms-data-table.js';
import './ms-split-bars.js';

const RECENT = 500;

/**
 * A commuter's own page: their latest trips and what they add up to. The network dashboards
 * are for project staff; this says so politely.
 */
@customElement('ms-my-trips')
export class MsMyTrips extends LitElement {
  static override styles = [
    shared,
    viewStyles,
    css`
      .figures {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
        gap: 0.9rem;
      }
      .figure {
        background: var(--ms-surface);
        border: 1px solid var(--ms-border);
        border-radius: 12px;
        padding: 0.9rem 1rem;
      }
      .figure strong {
        display: block;
        font-size: 1.6rem;
        font-variant-numeric: tabular-nums;
      }
      .figure span {
        color: var(--ms-muted);
        font-size: 0.875rem;
      }
    `,
  ];

  @property({ attribute: false }) accessor account: Account | null = null;
  @state() private accessor _showAll = false;

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);

  private readonly _trips = new FetchController<TripPage>(
    this,
    () => this.account?.id ?? null,
    () =>
      get('/trips', {
        params: { query: { limit: RECENT, commuterId: this.account?.commuterId ?? undefined } },
      }),
  );

  override render(): TemplateResult {
    const s = this._trips.state;
    const page = this._trips.value;
    return html`
      <div class="view-head">
        <div>
          <h1>${t('my.title')}</h1>
          <p class="sub">${t('my.lead')}</p>
        </div>
      </div>
      ${s.status === 'error' ? renderError(s.error) : nothing}
      ${s.status === 'loading' && !page ? renderLoading() : nothing}
      ${page ? this._renderBody(page.items) : nothing}
    `;
  }

  private _renderBody(trips: Trip[]): TemplateResult {
    const f = fmt();
    if (trips.length === 0) return html`<div class="notice info">${t('my.none')}</div>`;
    const kmByMode: Partial<Record<Mode, number>> = {};
    let activeMin = 0;
    const cyclingDays = new Set<string>();
    for (const trip of trips) {
      for (const leg of trip.legs) {
        if (!isMode(leg.mode)) continue;
        kmByMode[leg.mode] = (kmByMode[leg.mode] ?? 0) + leg.distanceKm;
        if (ACTIVE_MODES.includes(leg.mode)) activeMin += leg.durationMin ?? 0;
        if (leg.mode === 'bike' || leg.mode === 'ebike') cyclingDays.add(trip.localDay);
      }
    }
    const totalKm = Object.values(kmByMode).reduce((a, b) => a + (b ?? 0), 0);
    const activeKm = ACTIVE_MODES.reduce((s, m) => s + (kmByMode[m] ?? 0), 0);
    const shares = Object.fromEntries(
      Object.entries(kmByMode).map(([m, km]) => [m, totalKm > 0 ? (km ?? 0) / totalKm : 0]),
    );
    const first = trips[trips.length - 1]!.localDay;
    const last = trips[0]!.localDay;
    const columns: TableColumn[] = [
      {
        key: 'day',
        label: t('trip.day'),
        format: (v) => f.date(String(v)),
        // The commuter corrects or deletes their own trip on the log form.
        href: (r) => `#/log?id=${encodeURIComponent(String(r.id))}`,
      },
      {
        key: 'mainMode',
        label: t('trip.mainMode'),
        format: (v) => modeName(String(v)),
        swatch: (r) => MODE_COLOURS[r.mainMode as Mode] ?? null,
      },
      {
        key: 'distanceKm',
        label: t('col.distanceKm'),
        numeric: true,
        format: (v) => f.number(Number(v), 1),
      },
      {
        key: 'durationMin',
        label: t('trip.durationMin'),
        numeric: true,
        format: (v) => (v === null ? '–' : f.number(Number(v))),
      },
      {
        key: 'replacedMode',
        label: t('trip.replacedMode'),
        format: (v) => (v ? (v === 'none' ? t('trip.noTrip') : modeName(String(v))) : '–'),
      },
    ];
    const rows: TableRow[] = trips.slice(0, this._showAll ? trips.length : 20).map((x) => ({
      id: x.id,
      day: x.localDay,
      mainMode: x.mainMode,
      distanceKm: x.distanceKm,
      durationMin: x.durationMin,
      replacedMode: x.replacedMode,
    }));
    return html`<div class="stack">
      <p class="small muted">${t('my.period', { n: f.number(trips.length), from: f.date(first), to: f.date(last) })}</p>
      <div class="figures">
        <div class="figure"><strong>${f.number(trips.length)}</strong><span>${t('unit.trips')}</span></div>
        <div class="figure"><strong>${f.number(totalKm)}</strong><span>${t('unit.km')}</span></div>
        <div class="figure"><strong>${f.number(activeKm)}</strong><span>${t('my.activeKm')}</span></div>
        <div class="figure"><strong>${f.number(activeMin)}</strong><span>${t('my.activeMinutes')}</span></div>
        <div class="figure"><strong>${f.number(cyclingDays.size)}</strong><span>${t('more.cyclingDays')}</span></div>
      </div>
      <section class="panel">
        <div class="panel-head"><h2>${t('my.split')}</h2></div>
        <ms-split-bars .rows=${[{ label: t('my.yourKm'), shares }]}></ms-split-bars>
        <details>
          <summary>${t('common.showTable')}</summary>
          <ms-data-table
            .caption=${t('my.split')}
            .columns=${[
              {
                key: 'mode',
                label: t('col.mode'),
                format: (v: unknown) => modeName(String(v)),
                swatch: (r: TableRow) => MODE_COLOURS[r.mode as Mode] ?? null,
              },
              {
                key: 'km',
                label: t('col.distanceKm'),
                numeric: true,
                format: (v: unknown) => f.number(Number(v), 1),
              },
              {
                key: 'share',
                label: t('col.share'),
                numeric: true,
                format: (v: unknown) => f.percent(Number(v)),
              },
            ]}
            .rows=${Object.entries(kmByMode).map(([mode, km]) => ({ mode, km: Math.round((km ?? 0) * 100) / 100, share: shares[mode] ?? 0 }))}
            filename="modeshift-my-km-by-mode.csv"
          ></ms-data-table>
        </details>
      </section>
      <section class="panel">
        <div class="panel-head"><h2>${t('my.latest')}</h2></div>
        <ms-data-table data-testid="my-trips-table" .caption=${t('my.latest')} .columns=${columns} .rows=${rows} filename="modeshift-my-trips.csv"></ms-data-table>
        ${!this._showAll && trips.length > 20 ? html`<p style="margin-top:.75rem"><button type="button" @click=${() => (this._showAll = true)}>${t('my.showAll', { n: fmt().number(trips.length) })}</button></p>` : nothing}
      </section>
      <div class="notice info">${t('my.staffOnly')}</div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-my-trips': MsMyTrips;
  }
}
