import { LitElement, css, html, type TemplateResult } from 'lit';
import { customElement } from 'lit/decorators.js';
import { I18nController } from '../i18n/controller.js';
import { t } from '../i18n/index.js';

/**
 * The warning every page shows while demo data is stored (GET /config says demo: true): its
 * accounts have passwords published in the README, so nobody should mistake it for real data.
 */
@customElement('ms-demo-banner')
export class MsDemoBanner extends LitElement {
  static override styles = css`
    :host {
      display: block;
      background: #fff4d6;
      color: #4a3500;
      border-bottom: 2px solid #d9a300;
      font-size: 0.9rem;
      font-weight: 600;
    }
    p {
      max-width: 1240px;
      margin: 0 auto;
      padding: 0.45rem 1.25rem;
    }
  `;

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);

  override render(): TemplateResult {
    return html`<p role="status" data-testid="demo-banner">${t('demo.banner')}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-demo-banner': MsDemoBanner;
  }
}
