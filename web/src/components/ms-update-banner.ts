import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { I18nController } from '../i18n/controller.js';
import { t } from '../i18n/index.js';
import { onUpdateWaiting, reloadIntoUpdate, updateWaiting } from '../lib/pwa.js';
import { shared } from '../styles/shared.js';

/**
 * "A new version is ready": shown when the service worker has installed a newer app shell.
 * The reload is the user's choice, so a trip being typed is not lost.
 */
@customElement('ms-update-banner')
export class MsUpdateBanner extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      div {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        justify-content: center;
        background: #e3f2ec;
        border-bottom: 2px solid #0b6e4f;
        padding: 0.45rem 1rem;
        font-size: 0.9rem;
      }
    `,
  ];

  @state() private accessor _waiting = updateWaiting();
  private _off: (() => void) | null = null;

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    this._off = onUpdateWaiting(() => (this._waiting = true));
  }

  override disconnectedCallback(): void {
    this._off?.();
    super.disconnectedCallback();
  }

  override render(): TemplateResult | typeof nothing {
    if (!this._waiting) return nothing;
    return html`<div role="status" data-testid="update-banner">
      <span>${t('pwa.updateReady')}</span>
      <button type="button" @click=${() => reloadIntoUpdate()}>${t('pwa.reload')}</button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-update-banner': MsUpdateBanner;
  }
}
