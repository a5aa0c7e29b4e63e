import { LitElement, css, html, nothing, svg, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, del, get, post } from '../api/client.js';
import type { EnrolmentCode, Partner } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { fmt, t, type MessageKey } from '../i18n/index.js';
import { FetchController } from '../lib/fetch-controller.js';
import { qrPath } from '../lib/qr.js';
import type { RouteParams } from '../lib/route.js';
import { renderError, renderLoading } from '../lib/states.js';
import { commuterStyles } from '../styles/commuter.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';

/**
 * Staff's enrolment codes of one partner: create (optionally per site, with expiry and use
 * limit), show as a link and a QR code to print or put on a screen, see how many joined, revoke.
 */
@customElement('ms-enrolment-codes')
export class MsEnrolmentCodes extends LitElement {
  static override styles = [
    shared,
    viewStyles,
    commuterStyles,
    css`
      .codes {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr));
        gap: 1rem;
      }
      svg.qr {
        width: 100%;
        max-width: 14rem;
        height: auto;
        display: block;
        background: #fff;
      }
      svg.qr path {
        fill: #000;
      }
      code {
        word-break: break-all;
      }
      .state-valid {
        color: var(--ms-accent);
      }
      .state-expired,
      .state-exhausted,
      .state-revoked {
        color: var(--ms-danger);
      }
    `,
  ];

  @property({ attribute: false }) accessor params: RouteParams = {};
  @property({ attribute: false }) accessor partners: Partner[] = [];
  @state() private accessor _busy = false;
  @state() private accessor _error: ApiError | null = null;

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);

  private readonly _codes = new FetchController<{ items: EnrolmentCode[] }>(
    this,
    () => this.params.partner ?? null,
    () =>
      get(
        '/partners/{id}/enrolment-codes',
        { params: { path: { id: this.params.partner! } } },
        { fresh: true },
      ),
  );

  private async _create(e: Event): Promise<void> {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const label = String(data.get('label') ?? '').trim();
    const days = Number(data.get('days') || 0);
    const uses = Number(data.get('uses') || 0);
    this._busy = true;
    this._error = null;
    try {
      await post('/partners/{id}/enrolment-codes', {
        params: { path: { id: this.params.partner! } },
        body: {
          ...(label ? { label } : {}),
          ...(days > 0 ? { expiresInDays: Math.round(days) } : {}),
          ...(uses > 0 ? { maxUses: Math.round(uses) } : {}),
        },
      });
      (e.target as HTMLFormElement).reset();
      this._codes.reload();
    } catch (err) {
      this._error = err instanceof ApiError ? err : new ApiError(0, 'network', String(err));
    } finally {
      this._busy = false;
    }
  }

  private async _revoke(code: EnrolmentCode): Promise<void> {
    if (!confirm(t('codes.confirmRevoke'))) return;
    try {
      await del('/enrolment-codes/{id}', { params: { path: { id: code.id } } });
      this._codes.reload();
    } catch (err) {
      this._error = err instanceof ApiError ? err : new ApiError(0, 'network', String(err));
    }
  }

  override render(): TemplateResult {
    const s = this._codes.state;
    const codes = this._codes.value?.items ?? null;
    return html`
      <div class="view-head">
        <div>
          <h1>${t('codes.title')}</h1>
          <p class="sub">${t('codes.lead')}</p>
        </div>
      </div>
      ${this._error ? renderError(this._error) : nothing}
      ${s.status === 'error' ? renderError(s.error) : nothing}
      <form class="panel stack" @submit=${this._create}>
        <h2>${t('codes.new')}</h2>
        <div class="fields">
          <div class="field"><label for="label">${t('codes.label')}</label>
            <input id="label" name="label" type="text" maxlength="200" /></div>
          <div class="field"><label for="days">${t('codes.days')}</label>
            <input id="days" name="days" type="number" min="1" max="730" /></div>
          <div class="field"><label for="uses">${t('codes.uses')}</label>
            <input id="uses" name="uses" type="number" min="1" max="100000" /></div>
        </div>
        <div class="actions"><button type="submit" class="primary big" ?disabled=${this._busy} data-testid="create-code">${t('codes.create')}</button></div>
      </form>
      ${s.status === 'loading' && !codes ? renderLoading() : nothing}
      ${codes ? html`<div class="codes" data-testid="codes">${codes.map((c) => this._renderCode(c))}</div>` : nothing}
      ${codes && codes.length === 0 ? html`<p class="notice info">${t('codes.none')}</p>` : nothing}
    `;
  }

  private _renderCode(c: EnrolmentCode): TemplateResult {
    const f = fmt();
    const link = new URL(c.joinPath, location.origin).href;
    const qr = qrPath(link);
    return html`<section class="panel stack" data-testid="code">
      <h2>${c.label ?? t('codes.untitled')}</h2>
      <svg class="qr" viewBox=${`0 0 ${qr.size} ${qr.size}`} role="img" aria-label=${t('codes.qr', { code: c.code })}>
        ${svg`<path d=${qr.d}></path>`}
      </svg>
      <p><code data-testid="code-text">${c.code}</code></p>
      <p class="small"><a href=${link}>${link}</a></p>
      <p class="small">
        <strong class=${`state-${c.state}`}>${t(`codes.state.${c.state}` as MessageKey)}</strong> ·
        ${t('codes.used', { n: f.number(c.uses), max: c.maxUses === null ? '∞' : f.number(c.maxUses) })}
        ${c.expiresAt ? html` · ${t('codes.expires', { date: f.date(c.expiresAt.slice(0, 10)) })}` : nothing}
      </p>
      ${c.state === 'valid' ? html`<p><button type="button" class="danger" @click=${() => this._revoke(c)}>${t('codes.revoke')}</button></p>` : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-enrolment-codes': MsEnrolmentCodes;
  }
}
