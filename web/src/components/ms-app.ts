import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { customElement, state } from 'lit/decorators.js';
import { ApiError, clearCache, get, post, setUnauthenticatedHandler } from '../api/client.js';
import type { Account, AppConfig, DataRange, Partner } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import {
  COMPLETE_LANGUAGES,
  LANGUAGE_NAMES,
  getLanguage,
  regionalLocale,
  resolveLanguage,
  setLanguage,
  t,
  type MessageKey,
} from '../i18n/index.js';
import { LiveDataController } from '../lib/live-data-controller.js';
import { forgetAccount, offlineAccount, rememberAccount } from '../lib/offline-session.js';
import { properties } from '../lib/properties.js';
import {
  formatRoute,
  parseRoute,
  scopeParams,
  type Route,
  type RouteParams,
} from '../lib/route.js';
import {
  canOpen,
  defaultView,
  footerViews,
  headerViews,
  isNetworkRole,
  LANDING_VIEW,
  mayViewPartner,
  navViews,
  publicFooterViews,
  publicProps,
  viewDef,
  type View,
} from '../lib/views.js';
import { shared } from '../styles/shared.js';
import './ms-filter-bar.js';
import './ms-demo-banner.js';
import './ms-login.js';
// The landing page is in the initial bundle; every other view is loaded from the view table.
import './ms-overview.js';

export interface NavigateDetail {
  view?: View;
  params?: RouteParams;
  anchor?: string | null;
  /** Replace the history entry instead of adding one (filter changes inside a view). */
  replace?: boolean;
}

const LANG_KEY = 'ms-lang';

/**
 * The application shell: who is signed in, which view the hash asks for, the header with
 * navigation and language, the filter bar, and the view itself.
 */
@customElement('ms-app')
export class MsApp extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 100vh;
      }
      .skip {
        position: absolute;
        left: 0.5rem;
        top: -4rem;
        z-index: 100;
        background: var(--ms-surface);
        padding: 0.5rem 0.9rem;
        border-radius: 8px;
        border: 2px solid var(--ms-focus);
      }
      .skip:focus {
        top: 0.5rem;
      }
      header {
        background: var(--ms-surface);
        border-bottom: 1px solid var(--ms-border);
      }
      .bar {
        max-width: 1240px;
        margin: 0 auto;
        padding: 0 1.25rem;
        display: flex;
        align-items: center;
        gap: 1.5rem;
        min-height: 3.75rem;
      }
      .brand {
        display: flex;
        align-items: center;
        gap: 0.55rem;
        font-weight: 750;
        font-size: 1.1rem;
        letter-spacing: -0.01em;
        color: var(--ms-heading);
        text-decoration: none;
        white-space: nowrap;
      }
      .brand svg {
        flex: none;
      }
      nav ul {
        display: flex;
        gap: 0.25rem;
        list-style: none;
        margin: 0;
        padding: 0;
      }
      nav a {
        display: block;
        padding: 0.45rem 0.75rem;
        border-radius: 8px;
        color: var(--ms-muted);
        text-decoration: none;
        font-weight: 550;
        font-size: 0.9375rem;
        white-space: nowrap;
      }
      nav a:hover {
        background: var(--ms-hover);
        color: var(--ms-text);
      }
      nav a[aria-current='page'] {
        background: var(--ms-accent-soft);
        color: var(--ms-accent-dark);
      }
      .tools {
        margin-left: auto;
        display: flex;
        align-items: center;
        gap: 0.75rem;
        min-width: 0;
      }
      .tools button,
      .tools select {
        flex: none;
        white-space: nowrap;
      }
      .who {
        font-size: 0.8125rem;
        color: var(--ms-muted);
        text-align: right;
        line-height: 1.25;
        max-width: 14rem;
        min-width: 0;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .who strong {
        color: var(--ms-text);
        font-weight: 600;
      }
      .tools a.tokens,
      .tools a.tool-link {
        flex: none;
        font-size: 0.875rem;
        white-space: nowrap;
      }
      .lang select {
        min-height: 2rem;
        padding: 0.15rem 0.4rem;
        font-size: 0.875rem;
      }
      main {
        flex: 1;
        width: 100%;
        max-width: 1240px;
        margin: 0 auto;
        padding: 1.25rem 1.25rem 3rem;
      }
      main:focus,
      main:focus-visible {
        /* Focus moves here on a new view for screen readers; no ring around the whole page. */
        outline: none;
      }
      footer {
        border-top: 1px solid var(--ms-border);
        color: var(--ms-muted);
        font-size: 0.8125rem;
      }
      footer .bar {
        min-height: 3rem;
        gap: 1rem;
        flex-wrap: wrap;
      }
      .denied {
        max-width: 38rem;
        margin: 2rem auto;
      }
      .denied h1 {
        font-size: 1.35rem;
        margin-bottom: 0.5rem;
      }
      .denied p + p {
        margin-top: 0.75rem;
      }
      @media (max-width: 1280px) {
        .who {
          display: none;
        }
      }
      /* Staff and admins have seven views: below this width the links take their own row. */
      @media (max-width: 1480px) {
        .bar.top {
          flex-wrap: wrap;
          gap: 0.25rem 1rem;
          padding-top: 0.5rem;
        }
        nav {
          order: 3;
          width: 100%;
          overflow-x: auto;
          margin: 0 -0.5rem;
          padding: 0 0.5rem 0.35rem;
          scrollbar-width: thin;
        }
      }
      @media (max-width: 640px) {
        /* Admins have four links and a button here: wrap rather than push Log out off screen. */
        .tools {
          flex-wrap: wrap;
          row-gap: 0.35rem;
        }
        .bar,
        main {
          padding-left: 0.85rem;
          padding-right: 0.85rem;
        }
        .who {
          display: none;
        }
        nav a {
          padding: 0.4rem 0.6rem;
          font-size: 0.875rem;
        }
      }
    `,
  ];

  @state() private accessor _account: Account | null = null;
  @state() private accessor _booting = true;
  @state() private accessor _partners: Partner[] = [];
  @state() private accessor _config: AppConfig | null = null;
  @state() private accessor _route: Route = parseRoute(location.hash);
  @state() private accessor _dataRange: DataRange | null = null;
  @state() private accessor _viewReady = true;
  @state() private accessor _viewFailed = false;

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);
  private _lastView: View | null = null;
  /** Polls the shown partner's data version, so that new trips show without a reload. */
  protected readonly live = new LiveDataController(this, () => this._liveScope());

  /** The partner (or network) whose figures the open view shows; null: nothing to keep live. */
  private _liveScope(): string | null {
    const account = this._account;
    if (!account || account.mustChangePassword) return null;
    const view = this._route.view;
    if (viewDef(view).scope === 'none' || !canOpen(view, account)) return null;
    const partner = this._effectiveParams(account).partner!;
    return mayViewPartner(account, partner) ? partner : null;
  }

  private readonly _onHash = (): void => {
    this._route = parseRoute(location.hash);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this._onHash);
    this.addEventListener('ms-navigate', this._onNavigate as EventListener);
    this.addEventListener('ms-data-range', this._onDataRange as EventListener);
    this.addEventListener('ms-login', this._onLogin as EventListener);
    this.addEventListener('ms-password-changed', this._onPasswordChanged as EventListener);
    setUnauthenticatedHandler(() => {
      clearCache();
      forgetAccount();
      this._account = null;
    });
    void this._boot();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this._onHash);
    super.disconnectedCallback();
  }

  private async _boot(): Promise<void> {
    const configP = get('/config').catch(() => null);
    // Without any connection a commuter still gets their app (lib/offline-session.ts).
    const meP = get('/auth/me', {}, { fresh: true }).catch((err: unknown) => {
      if (err instanceof ApiError && err.status === 0) {
        const account = offlineAccount();
        return account ? { account } : null;
      }
      forgetAccount();
      return null;
    });
    const me = await meP;
    if (me) this._signedIn(me.account);
    else this._applyLanguage();
    this._config = await configP;
    if (!me) this._applyLanguage();
    this._booting = false;
  }

  private _signedIn(account: Account): void {
    this._account = account;
    rememberAccount(account);
    this._applyLanguage();
    get('/partners')
      .then((res) => {
        this._partners = res.items;
        this._applyLanguage();
      })
      .catch(() => {
        this._partners = [];
      });
  }

  /** The user's own choice first, then the account, the partner, the installation, English. */
  private _applyLanguage(): void {
    let stored: string | null = null;
    try {
      stored = localStorage.getItem(LANG_KEY);
    } catch {
      stored = null;
    }
    const partner = this._account?.partnerId
      ? this._partners.find((p) => p.id === this._account!.partnerId)
      : undefined;
    const choice =
      stored ?? this._account?.locale ?? partner?.locale ?? this._config?.defaultLocale ?? 'en';
    // The partner's country refines the format of numbers and dates (de + AT: de-AT).
    setLanguage(regionalLocale(resolveLanguage(choice) === 'en' ? 'en' : choice, partner));
  }

  private readonly _onLogin = (e: CustomEvent<{ account: Account }>): void => {
    clearCache();
    this._signedIn(e.detail.account);
  };

  private readonly _onPasswordChanged = (e: CustomEvent<{ account: Account }>): void => {
    const wasForced = this._account?.mustChangePassword === true;
    clearCache();
    this._account = e.detail.account;
    // Out of a forced change: continue to the account's first view.
    if (wasForced) location.hash = formatRoute(defaultView(e.detail.account));
  };

  private readonly _onDataRange = (e: CustomEvent<DataRange>): void => {
    const r = e.detail;
    if (!this._dataRange || this._dataRange.from !== r.from || this._dataRange.to !== r.to)
      this._dataRange = r;
  };

  private readonly _onNavigate = (e: CustomEvent<NavigateDetail>): void => {
    const d = e.detail;
    const view = d.view ?? this._route.view;
    const hash = formatRoute(view, d.params ?? this._route.params, d.anchor ?? null);
    if (d.replace) {
      history.replaceState(null, '', hash);
      this._route = parseRoute(hash);
    } else if (location.hash !== hash) {
      location.hash = hash;
    }
  };

  private async _logout(): Promise<void> {
    try {
      await post('/auth/logout');
    } catch {
      // The session is gone either way.
    }
    clearCache();
    forgetAccount();
    this._account = null;
    this._partners = [];
    this._dataRange = null;
    location.hash = formatRoute(LANDING_VIEW);
  }

  private _onLanguage(e: Event): void {
    const lang = (e.target as HTMLSelectElement).value;
    try {
      localStorage.setItem(LANG_KEY, lang);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    const partner = this._account?.partnerId
      ? this._partners.find((p) => p.id === this._account!.partnerId)
      : undefined;
    setLanguage(regionalLocale(lang, partner));
  }

  /** The partner a view is about: the URL's, else the account's own, else the network. */
  private _effectiveParams(account: Account): RouteParams {
    const params = { ...this._route.params };
    if (!params.partner)
      params.partner = isNetworkRole(account) ? 'network' : (account.partnerId ?? 'network');
    if (params.partner === 'network') delete params.site;
    return params;
  }

  override willUpdate(): void {
    // The bare address opens the first view the account has (a commuter's is "my trips").
    if (this._account && ['', '#', '#/'].includes(location.hash)) {
      const first = defaultView(this._account);
      if (first !== this._route.view) this._route = { ...this._route, view: first };
    }
    // A forced password change shows that view whatever the address says.
    const view = this._account?.mustChangePassword ? defaultView(this._account) : this._route.view;
    const def = viewDef(view);
    if (!customElements.get(def.tag)) {
      this._viewReady = false;
      this._viewFailed = false;
      void def.load().then(
        () => {
          this._viewReady = true;
        },
        () => {
          // Most likely an old tab after an upgrade replaced the chunks.
          this._viewFailed = true;
          this._viewReady = true;
        },
      );
    } else {
      this._viewReady = true;
    }
  }

  override updated(): void {
    if (!this._account) {
      document.title = `${t('login.title')} · Modeshift`;
      return;
    }
    const view = this._route.view;
    const partner = this._effectiveParams(this._account).partner;
    const scope =
      partner === 'network'
        ? t('scope.network')
        : (this._partners.find((p) => p.id === partner)?.name ?? '');
    document.title = [t(viewDef(view).title), scope, 'Modeshift'].filter(Boolean).join(' · ');
    if (this._lastView !== null && this._lastView !== view) {
      // A new view: move focus to its content so keyboard and screen-reader users start there.
      this.renderRoot.querySelector<HTMLElement>('main')?.focus({ preventScroll: false });
      window.scrollTo(0, 0);
    }
    this._lastView = view;
  }

  private _skip(e: Event): void {
    e.preventDefault();
    this.renderRoot.querySelector<HTMLElement>('main')?.focus();
  }

  override render(): TemplateResult {
    if (this._booting) return html`<p class="loading" role="status">${t('common.loading')}</p>`;
    const banner = this._config?.demo ? html`<ms-demo-banner></ms-demo-banner>` : nothing;
    if (!this._account) {
      return html`${banner}<main id="main" tabindex="-1">${this._renderSignedOut()}</main>${this._renderFooter()}`;
    }
    const account = this._account;
    if (account.mustChangePassword) return this._renderForcedChange(banner);
    const views = navViews(account);
    const view = this._route.view;
    const params = this._effectiveParams(account);
    // Links carry the current scope along, but never a partner this account may not see.
    const carry = mayViewPartner(account, params.partner!) ? scopeParams(this._route.params) : {};
    return html`
      <a class="skip" href="#main" @click=${this._skip}>${t('app.skip')}</a>
      ${banner}
      <header>
        <div class="bar top">
          <a class="brand" href=${formatRoute(defaultView(account), carry)} aria-label=${t('app.home')}>
            <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden="true">
              <rect width="32" height="32" rx="8" fill="#0b6e4f" />
              <path d="M8 22a4 4 0 1 0 0-.01M24 22a4 4 0 1 0 0-.01M8 22l5-9h7l4 9M13 13l-2-3h-2M20 13l1-3h3" fill="none" stroke="#fff" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
            </svg>
            Modeshift
          </a>
          <nav aria-label=${t('app.navLabel')}>
            <ul>
              ${views.map(
                (v) => html`<li>
                  <a href=${formatRoute(v, viewDef(v).scope === 'none' ? {} : carry)} aria-current=${v === view ? 'page' : 'false'}
                    >${t(viewDef(v).title)}</a
                  >
                </li>`,
              )}
            </ul>
          </nav>
          <div class="tools">
            <div class="who" title=${account.email}>
              <strong>${account.displayName ?? account.email}</strong><br />${t(`role.${account.role}` as MessageKey)}
            </div>
            <div class="lang">
              <label class="visually-hidden" for="lang">${t('app.language')}</label>
              <select id="lang" @change=${this._onLanguage} data-testid="language">
                ${COMPLETE_LANGUAGES.map((l) => html`<option value=${l} ?selected=${l === getLanguage()} lang=${l}>${LANGUAGE_NAMES[l]}</option>`)}
              </select>
            </div>
            ${headerViews(account).map(
              (v) => html`<a
                class=${viewDef(v).linkClass ?? 'tool-link'}
                href=${formatRoute(v)}
                aria-current=${v === view ? 'page' : 'false'}
                data-testid=${`nav-${v}`}
                >${t(viewDef(v).title)}</a
              >`,
            )}
            <button type="button" @click=${this._logout}>${t('app.logout')}</button>
          </div>
        </div>
      </header>
      ${this._renderFilterBar(account, view, params)}
      <main id="main" tabindex="-1">${this._renderView(account, view, params)}</main>
      ${this._renderFooter()}
    `;
  }

  private _renderFilterBar(
    account: Account,
    view: View,
    params: RouteParams,
  ): TemplateResult | typeof nothing {
    const filters = viewDef(view).filters;
    if (!filters || !canOpen(view, account) || !mayViewPartner(account, params.partner!))
      return nothing;
    return html`<ms-filter-bar
      .view=${view}
      .params=${params}
      .partners=${this._partners}
      .dataRange=${this._dataRange}
      .networkAllowed=${isNetworkRole(account)}
      .showPartner=${filters.partner}
      .showSite=${filters.site}
      .showPeriod=${filters.period}
    ></ms-filter-bar>`;
  }

  /** The sign-in form, or a view open without an account (joining with a code). */
  private _renderSignedOut(): TemplateResult {
    const props = this._route.unknown ? null : publicProps(this._route.view, this._route.params);
    if (!props) return html`<ms-login .config=${this._config}></ms-login>`;
    if (!this._viewReady) return html`<p class="loading" role="status">${t('common.loading')}</p>`;
    const tag = unsafeStatic(viewDef(this._route.view).tag);
    return staticHtml`<${tag} ${properties(props)}></${tag}>`;
  }

  private _renderView(account: Account, view: View, params: RouteParams): TemplateResult {
    const home = defaultView(account);
    if (this._route.unknown)
      return this._renderProblem(t('error.notFoundTitle'), t('error.notFound'), home);
    if (!canOpen(view, account)) {
      // A commuter asking for a dashboard is told where their own figures are.
      if (account.role === 'commuter') {
        return this._renderProblem(t('error.staffOnlyTitle'), t('error.staffOnly'), home);
      }
      return this._renderProblem(t('error.forbiddenViewTitle'), t('error.forbiddenView'), home);
    }
    const def = viewDef(view);
    if (def.scope !== 'none' && !mayViewPartner(account, params.partner!)) {
      return html`<div class="denied notice error" role="alert" data-testid="access-denied">
        <h1>${t('error.partnerDeniedTitle')}</h1>
        <p>${t('error.partnerDenied')}</p>
        <p><a href=${formatRoute(view, { partner: account.partnerId ?? 'network' })}>${t('error.backToOwn')}</a></p>
      </div>`;
    }
    if (!this._viewReady) return html`<p class="loading" role="status">${t('common.loading')}</p>`;
    if (this._viewFailed)
      return html`<div class="notice error" role="alert">${t('error.chunk')}</div>`;
    if (def.scope === 'partner' && params.partner === 'network') {
      return html`<div class="notice info" data-testid="choose-partner">${t(def.choosePartner)}</div>`;
    }
    const tag = unsafeStatic(def.tag);
    const ctx = {
      account,
      params,
      partners: this._partners,
      config: this._config,
      anchor: this._route.anchor,
    };
    const props = def.props(ctx);
    return staticHtml`<${tag} ${properties(props)}></${tag}>`;
  }

  /** After a temporary-password sign-in: nothing but the password change (the server agrees). */
  private _renderForcedChange(banner: TemplateResult | typeof nothing): TemplateResult {
    if (!this._viewReady) return html`<p class="loading" role="status">${t('common.loading')}</p>`;
    if (this._viewFailed)
      return html`<div class="notice error" role="alert">${t('error.chunk')}</div>`;
    const tag = unsafeStatic(viewDef(defaultView(this._account!)).tag);
    return html`${banner}
      <main id="main" tabindex="-1">
        ${staticHtml`<${tag} forced></${tag}>`}
        <p><button type="button" @click=${this._logout}>${t('app.logout')}</button></p>
      </main>
      ${this._renderFooter()}`;
  }

  private _renderProblem(title: string, message: string, home: View): TemplateResult {
    return html`<div class="denied notice info" role="alert" data-testid="problem">
      <h1>${title}</h1>
      <p>${message}</p>
      <p><a href=${formatRoute(home)}>${t('error.goHome')}</a></p>
    </div>`;
  }

  private _renderFooter(): TemplateResult {
    return html`<footer>
      <div class="bar">
        <span>Modeshift${this._config?.version ? ` ${this._config.version}` : ''}</span>
        <span>${t('app.footerPrivacy')}</span>
        ${
          this._account
            ? footerViews(this._account).map(
                (v) => html`<a href=${formatRoute(v)}>${t(viewDef(v).title)}</a>`,
              )
            : publicFooterViews().map(
                (v) => html`<a href=${formatRoute(v)}>${t(viewDef(v).title)}</a>`,
              )
        }
      </div>
    </footer>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-app': MsApp;
  }
  interface HTMLElementEventMap {
    'ms-navigate': CustomEvent<NavigateDetail>;
    'ms-data-range': CustomEvent<DataRange>;
  }
}
