import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { I18nController } from '../i18n/controller.js';
import { t } from '../i18n/index.js';
import { definitionHref } from '../lib/route.js';
import { shared } from '../styles/shared.js';

/**
 * One headline number: its name (a link to its definition), the value with its unit, and a
 * line that compares it with the baseline. `tone` colours the value when a direction is good.
 */
@customElement('ms-stat-card')
export class MsStatCard extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      article {
        height: 100%;
        display: flex;
        flex-direction: column;
        gap: 0.35rem;
        background: var(--ms-surface);
        border: 1px solid var(--ms-border);
        border-radius: 12px;
        padding: 1rem 1.1rem 1.05rem;
      }
      h3 {
        font-size: 0.875rem;
        font-weight: 600;
        color: var(--ms-muted);
      }
      h3 a {
        color: inherit;
        text-decoration: none;
      }
      h3 a:hover {
        color: var(--ms-link);
        text-decoration: underline;
      }
      .figure {
        display: flex;
        align-items: baseline;
        flex-wrap: wrap;
        gap: 0 0.4rem;
        margin-top: 0.1rem;
      }
      .value {
        font-size: 1.85rem;
        font-weight: 700;
        letter-spacing: -0.02em;
        line-height: 1.15;
        color: var(--ms-heading);
        font-variant-numeric: tabular-nums;
      }
      .value.good {
        color: var(--ms-good);
      }
      .value.bad {
        color: var(--ms-bad);
      }
      .value.suppressed {
        font-size: 1.1rem;
        font-weight: 600;
        color: var(--ms-muted);
      }
      .unit {
        font-size: 0.9375rem;
        font-weight: 600;
        color: var(--ms-muted);
      }
      .compare {
        font-size: 0.8125rem;
        color: var(--ms-muted);
        margin-top: auto;
        padding-top: 0.2rem;
      }
      ::slotted(*) {
        margin-top: 0.25rem;
      }
    `,
  ];

  @property() accessor label = '';
  /** Anchor of the definition in the methodology page. */
  @property() accessor anchor = '';
  /** Formatted value; null when suppressed (fewer than 5 commuters) or when there is no data. */
  @property({ attribute: false }) accessor value: string | null = null;
  /** Shown instead of "fewer than 5" when a null value means there is no data at all. */
  @property() accessor emptyText = '';
  @property() accessor unit = '';
  @property({ attribute: false }) accessor compare: string | TemplateResult = '';
  @property() accessor tone: 'good' | 'bad' | 'neutral' = 'neutral';

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);

  override render(): TemplateResult {
    const suppressed = this.value === null;
    return html`<article>
      <h3>
        <a href=${definitionHref(this.anchor)} title=${t('common.definitionOf', { name: this.label })}
          >${this.label}<span class="def-mark" aria-hidden="true">?</span><span class="visually-hidden"> (${t('common.definition')})</span></a
        >
      </h3>
      <div class="figure">
        ${
          suppressed
            ? html`<span class="value suppressed" data-part="value">${this.emptyText || t('common.fewerThan5')}</span>`
            : html`<span class="value ${this.tone}" data-part="value">${this.value}</span>${this.unit ? html`<span class="unit">${this.unit}</span>` : nothing}`
        }
      </div>
      <slot></slot>
      ${this.compare ? html`<p class="compare">${this.compare}</p>` : nothing}
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-stat-card': MsStatCard;
  }
}
