import { LitElement, css, html, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Transition } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { fmt, modeName, t } from '../i18n/index.js';
import { toCsv } from '../lib/csv.js';
import { downloadText } from '../lib/download.js';
import { MODE_COLOURS, MODES, type Mode } from '../lib/modes.js';
import { shared } from '../styles/shared.js';

/**
 * Baseline usual mode (rows) against follow-up main mode (columns), commuters per cell, as an
 * HTML table shaded like a heat map: readable by screen readers as it is.
 */
@customElement('ms-transition-matrix')
export class MsTransitionMatrix extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      .tools {
        display: flex;
        justify-content: flex-end;
        margin-bottom: 0.5rem;
      }
      .scroll {
        overflow-x: auto;
      }
      table {
        border-collapse: separate;
        border-spacing: 3px;
        font-size: 0.8125rem;
        font-variant-numeric: tabular-nums;
      }
      th {
        font-weight: 600;
        color: var(--ms-muted);
        text-align: left;
        padding: 0.2rem 0.4rem;
        white-space: nowrap;
      }
      thead th {
        text-align: center;
        vertical-align: bottom;
      }
      .corner {
        text-align: left;
        font-size: 0.75rem;
      }
      td {
        min-width: 3rem;
        height: 2.2rem;
        text-align: center;
        border-radius: 5px;
        padding: 0 0.35rem;
      }
      td.stay {
        box-shadow: inset 0 0 0 2px rgb(15 28 36 / 0.35);
      }
      td.suppressed {
        background: repeating-linear-gradient(135deg, #f1f3f5 0 4px, #e6eaed 4px 8px);
        color: var(--ms-muted);
      }
      td.total {
        background: none;
        font-weight: 650;
        color: var(--ms-text);
      }
      .head-mode {
        display: inline-flex;
        align-items: center;
      }
      .legend {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        font-size: 0.75rem;
        color: var(--ms-muted);
        margin-top: 0.6rem;
        flex-wrap: wrap;
      }
      .ramp {
        width: 8rem;
        height: 0.6rem;
        border-radius: 3px;
        background: linear-gradient(90deg, rgb(11 110 79 / 0.06), rgb(11 110 79 / 0.6));
      }
    `,
  ];

  @property({ attribute: false }) accessor transitions: Transition[] = [];
  @property() accessor filename = 'modeshift-transitions.csv';

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);

  private _download(): void {
    const rows = this.transitions.map((x) => [x.from, x.to, x.commuters, x.commuters === null]);
    downloadText(
      this.filename,
      toCsv(
        [
          t('matrix.baselineMode'),
          t('matrix.followUpMode'),
          t('col.commuters'),
          t('matrix.suppressedCol'),
        ],
        rows,
      ),
      'text/csv;charset=utf-8',
    );
  }

  override render(): TemplateResult {
    const f = fmt();
    const used = (key: 'from' | 'to'): Mode[] =>
      MODES.filter((m) =>
        this.transitions.some((x) => x[key] === m && (x.commuters === null || x.commuters > 0)),
      );
    const rows = used('from');
    const cols = used('to');
    const cell = new Map(this.transitions.map((x) => [`${x.from}|${x.to}`, x.commuters]));
    const max = Math.max(1, ...this.transitions.map((x) => x.commuters ?? 0));
    const anySuppressed = this.transitions.some((x) => x.commuters === null);
    if (rows.length === 0) return html`<p class="muted">${t('common.noData')}</p>`;
    return html`
      <div class="tools">
        <button type="button" @click=${this._download} data-testid="csv" aria-label=${t('table.downloadNamed', { name: t('split.transitions') })}>${t('table.download')}</button>
      </div>
      <div class="scroll" tabindex="0" role="region" aria-label=${t('split.transitions')}>
        <table data-testid="transition-matrix">
          <caption class="visually-hidden">${t('matrix.caption')}</caption>
          <thead>
            <tr>
              <th class="corner" scope="col">${t('matrix.corner')}</th>
              ${cols.map((m) => html`<th scope="col"><span class="head-mode"><span class="swatch" style="background:${MODE_COLOURS[m]}"></span>${modeName(m)}</span></th>`)}
              <th scope="col">${t('matrix.total')}</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map((r) => {
              const total = cols.reduce((s, c) => s + (cell.get(`${r}|${c}`) ?? 0), 0);
              const partial = cols.some((c) => cell.get(`${r}|${c}`) === null);
              return html`<tr>
                <th scope="row"><span class="head-mode"><span class="swatch" style="background:${MODE_COLOURS[r]}"></span>${modeName(r)}</span></th>
                ${cols.map((c) => {
                  const raw = cell.get(`${r}|${c}`);
                  if (raw === null)
                    return html`<td class="suppressed ${r === c ? 'stay' : ''}" title=${t('common.fewerThan5')}>&lt;5</td>`;
                  const n = raw ?? 0;
                  // Capped at 0.6 so that dark text keeps a 4.5:1 contrast on the darkest cell.
                  const a = n === 0 ? 0 : 0.06 + 0.54 * (n / max);
                  return html`<td class=${r === c ? 'stay' : ''} style="background: rgb(11 110 79 / ${a.toFixed(3)})">${n === 0 ? html`<span class="visually-hidden">0</span>` : f.number(n)}</td>`;
                })}
                <td class="total">${partial && total === 0 ? '<5' : `${partial ? '≥ ' : ''}${f.number(total)}`}</td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
      <div class="legend">
        <span>${t('matrix.fewer')}</span><span class="ramp" aria-hidden="true"></span><span>${t('matrix.more')}</span>
        <span>· ${t('matrix.stayHint')}</span>
        ${anySuppressed ? html`<span>· ${t('matrix.suppressedHint')}</span>` : ''}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-transition-matrix': MsTransitionMatrix;
  }
}
