import { LitElement, css, html, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ModeRecord } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { fmt, modeName, t } from '../i18n/index.js';
import { MODE_COLOURS, modesPresent, textColourOn, type Mode } from '../lib/modes.js';
import { shared } from '../styles/shared.js';

export interface SplitRow {
  label: string;
  /** Shares 0..1 by mode. */
  shares: ModeRecord;
}

/**
 * Modal split as 100 % bars, one per row (baseline, follow-up), in plain HTML: no chart library
 * on the landing page. The numbers are in a table next to it for screen readers.
 */
@customElement('ms-split-bars')
export class MsSplitBars extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      .row {
        display: grid;
        grid-template-columns: 7.5rem 1fr;
        align-items: center;
        gap: 0.75rem;
        margin-bottom: 0.6rem;
      }
      .row-label {
        font-size: 0.875rem;
        font-weight: 600;
      }
      .bar {
        display: flex;
        height: 2rem;
        border-radius: 6px;
        overflow: hidden;
        background: var(--ms-hover);
      }
      .seg {
        display: flex;
        align-items: center;
        justify-content: center;
        font-size: 0.75rem;
        font-weight: 650;
        min-width: 0;
        overflow: hidden;
        white-space: nowrap;
        box-shadow: inset -1px 0 0 rgb(255 255 255 / 0.6);
      }
      ul {
        list-style: none;
        padding: 0;
        margin: 0.85rem 0 0;
        display: flex;
        flex-wrap: wrap;
        gap: 0.35rem 1rem;
        font-size: 0.8125rem;
      }
      li {
        display: flex;
        align-items: center;
      }
      @media (max-width: 640px) {
        .row {
          grid-template-columns: 1fr;
          gap: 0.25rem;
        }
      }
    `,
  ];

  @property({ attribute: false }) accessor rows: SplitRow[] = [];

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);

  override render(): TemplateResult {
    const modes: Mode[] = modesPresent(...this.rows.map((r) => r.shares));
    const f = fmt();
    return html`<div aria-hidden="true">
        ${this.rows.map(
          (r) => html`<div class="row">
            <span class="row-label">${r.label}</span>
            <div class="bar">
              ${modes.map((m) => {
                const share = r.shares[m] ?? 0;
                if (share <= 0) return null;
                return html`<span class="seg" style="flex: ${share} 1 0; background: ${MODE_COLOURS[m]}; color: ${textColourOn(MODE_COLOURS[m])}" title="${modeName(m)}: ${f.percent(share)}">${share >= 0.08 ? f.percent(share, 0) : ''}</span>`;
              })}
            </div>
          </div>`,
        )}
      </div>
      <ul aria-label=${t('common.legend')}>
        ${modes.map((m) => html`<li><span class="swatch" style="background:${MODE_COLOURS[m]}"></span>${modeName(m)}</li>`)}
      </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-split-bars': MsSplitBars;
  }
}
