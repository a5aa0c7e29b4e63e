/**
 * Every view of the dashboard, in one table, and the rules of who may open which. The shell
 * (`ms-app`) renders navigation, header links, titles, lazy loading, the filter bar and the view
 * itself from this table, the way Home Assistant declares its panels' routes ({ tag, load }).
 * Adding a view means one row here plus its element (and its i18n strings): nothing else.
 *
 * Pure: no Lit, no DOM. The loaders are only called by the shell, so tests can import the table.
 */
import type { Account, AppConfig, Partner } from '../api/models.js';
import type { MessageKey } from '../i18n/en.js';
import type { RouteParams } from './route.js';

/** What the rules need to know about the signed-in account. */
export type ViewActor = Pick<Account, 'role' | 'partnerId'> & { mustChangePassword?: boolean };
export type Role = Account['role'];

/**
 * Which partner a view is about, and so which scope check the shell applies:
 * - `none`: not about a partner (methodology, own pages, fix pages that the server checks);
 * - `partner-or-network`: one partner the account may see, or the network for network roles;
 * - `partner`: one partner only; with the network chosen the view shows `choosePartner` instead;
 * - `network`: the whole network; only accounts that see the network may open it.
 */
type ViewScope =
  | { scope: 'none' | 'partner-or-network' | 'network' }
  | { scope: 'partner'; choosePartner: MessageKey };

/** Which pickers the filter bar shows above the view; a view without them has no filter bar. */
export interface FilterOptions {
  partner: boolean;
  site: boolean;
  period: boolean;
}

/** What the shell knows when it renders a view; `props` picks from it what the element takes. */
export interface ViewContext {
  account: Account;
  /** The route's parameters with the partner filled in (the account's own or the network). */
  params: RouteParams;
  partners: Partner[];
  config: AppConfig | null;
  /** The in-page anchor of the route (`#/methodology#heat`). */
  anchor: string | null;
}

export type ViewDef = {
  /** The hash path: `#/<name>`. */
  name: string;
  /** The custom element that shows the view (one element per file, named after its tag). */
  tag: `ms-${string}`;
  /** Defines `tag`; called on first use, so a view's code is fetched only when it opens. */
  load: () => Promise<unknown>;
  /** Navigation label and page title. */
  title: MessageKey;
  roles: readonly Role[];
  /**
   * `nav`: in the main navigation, in table order; `header`: a link among the header tools;
   * `link`: reachable by link only (the fix pages, opened from the data-quality lists).
   */
  place: 'nav' | 'header' | 'link';
  filters: FilterOptions | null;
  /** Also linked from the footer of every page. */
  footer?: true;
  /** Extra class of its header link (the browser tests find the API tokens link by `a.tokens`). */
  linkClass?: string;
  /** The element's properties, from what the shell knows. */
  props: (ctx: ViewContext) => Record<string, unknown>;
  /**
   * Open without signing in too (joining with an enrolment code): the element's properties
   * from the route alone, before any account exists.
   */
  publicProps?: (params: RouteParams) => Record<string, unknown>;
} & ViewScope;

/**
 * The loader of a view whose module ms-app imports statically: the landing page belongs in the
 * initial bundle. A dynamic import of it here as well would make the bundler split the initial
 * JavaScript into several chunks.
 */
export const inInitialBundle = (): Promise<void> => Promise.resolve();

const ALL_ROLES = ['commuter', 'staff', 'analyst', 'admin'] as const satisfies readonly Role[];
const DASHBOARD_ROLES = ['staff', 'analyst', 'admin'] as const satisfies readonly Role[];
const DASHBOARD_FILTERS: FilterOptions = { partner: true, site: true, period: true };
const dashboardProps = (c: ViewContext): Record<string, unknown> => ({
  params: c.params,
  partners: c.partners,
});

/**
 * The table. Order matters: it is the navigation's order, and an account's first `nav` view is
 * where it lands (a commuter's is "home", the commuter app's landing page).
 */
export const VIEW_TABLE = [
  {
    name: 'overview',
    tag: 'ms-overview',
    load: inInitialBundle,
    title: 'nav.overview',
    roles: DASHBOARD_ROLES,
    place: 'nav',
    scope: 'partner-or-network',
    filters: DASHBOARD_FILTERS,
    props: dashboardProps,
  },
  {
    name: 'modal-split',
    tag: 'ms-modal-split',
    load: () => import('../components/ms-modal-split.js'),
    title: 'nav.modalSplit',
    roles: DASHBOARD_ROLES,
    place: 'nav',
    scope: 'partner-or-network',
    filters: DASHBOARD_FILTERS,
    props: dashboardProps,
  },
  {
    name: 'network',
    tag: 'ms-network',
    load: () => import('../components/ms-network.js'),
    title: 'nav.network',
    roles: ['analyst', 'admin'],
    place: 'nav',
    scope: 'network',
    // The view compares all partners: no partner or site to pick.
    filters: { partner: false, site: false, period: true },
    props: dashboardProps,
  },
  {
    name: 'map',
    tag: 'ms-map-view',
    load: () => import('../components/ms-map-view.js'),
    title: 'nav.map',
    roles: DASHBOARD_ROLES,
    place: 'nav',
    scope: 'partner-or-network',
    filters: DASHBOARD_FILTERS,
    props: (c) => ({ params: c.params, partners: c.partners, config: c.config }),
  },
  {
    name: 'data-quality',
    tag: 'ms-data-quality',
    load: () => import('../components/ms-data-quality.js'),
    title: 'nav.dataQuality',
    // Analysts see aggregates only; the lists name single trips and commuters.
    roles: ['staff', 'admin'],
    place: 'nav',
    scope: 'partner',
    choosePartner: 'dq.choosePartner',
    // The checks cover all of a partner's data, whatever the site or period.
    filters: { partner: true, site: false, period: false },
    props: dashboardProps,
  },
  {
    name: 'heat-calculator',
    tag: 'ms-heat-calculator',
    load: () => import('../components/ms-heat-calculator.js'),
    title: 'nav.heatCalculator',
    // A what-if calculator on published reference data: no partner's figures in it.
    roles: DASHBOARD_ROLES,
    place: 'nav',
    scope: 'none',
    filters: null,
    props: () => ({}),
  },
  {
    name: 'reports',
    tag: 'ms-reports',
    load: () => import('../components/ms-reports.js'),
    title: 'nav.reports',
    // The annual climate report (issue 13): aggregates only, within the account's scope.
    roles: DASHBOARD_ROLES,
    place: 'nav',
    // The page picks its partners itself (one, several or the network) and a year or months.
    scope: 'none',
    filters: null,
    props: (c) => ({ account: c.account, partners: c.partners }),
  },
  {
    name: 'home',
    tag: 'ms-commuter-home',
    load: () => import('../components/ms-commuter-home.js'),
    title: 'nav.home',
    roles: ['commuter'],
    place: 'nav',
    scope: 'none',
    filters: null,
    props: (c) => ({ account: c.account }),
  },
  {
    name: 'log',
    tag: 'ms-log-trip',
    load: () => import('../components/ms-log-trip.js'),
    title: 'nav.log',
    roles: ['commuter'],
    place: 'nav',
    scope: 'none',
    filters: null,
    props: (c) => ({ account: c.account, tripId: c.params.id ?? '' }),
  },
  {
    name: 'enrolment-codes',
    tag: 'ms-enrolment-codes',
    load: () => import('../components/ms-enrolment-codes.js'),
    title: 'nav.codes',
    // Codes let people into a partner: its own staff and admins only.
    roles: ['staff', 'admin'],
    place: 'nav',
    scope: 'partner',
    choosePartner: 'codes.choosePartner',
    filters: { partner: true, site: false, period: false },
    props: dashboardProps,
  },
  {
    name: 'commuters',
    tag: 'ms-commuters',
    load: () => import('../components/ms-commuters.js'),
    title: 'nav.commuters',
    // Names and pseudonyms of single commuters: a partner's own staff and admins only.
    roles: ['staff', 'admin'],
    place: 'nav',
    scope: 'partner',
    choosePartner: 'commuters.choosePartner',
    filters: { partner: true, site: false, period: false },
    props: dashboardProps,
  },
  {
    name: 'my-trips',
    tag: 'ms-my-trips',
    load: () => import('../components/ms-my-trips.js'),
    title: 'nav.myTrips',
    roles: ['commuter'],
    place: 'nav',
    scope: 'none',
    filters: null,
    props: (c) => ({ account: c.account }),
  },
  {
    name: 'impact',
    tag: 'ms-impact',
    load: () => import('../components/ms-impact.js'),
    title: 'nav.impact',
    roles: ['commuter'],
    place: 'nav',
    scope: 'none',
    filters: null,
    props: (c) => ({ account: c.account }),
  },
  {
    name: 'my-data',
    tag: 'ms-my-data',
    load: () => import('../components/ms-my-data.js'),
    title: 'nav.myData',
    roles: ['commuter'],
    place: 'nav',
    scope: 'none',
    filters: null,
    props: (c) => ({ account: c.account }),
  },
  {
    name: 'import',
    tag: 'ms-import',
    load: () => import('../components/ms-import.js'),
    title: 'nav.import',
    roles: ['commuter'],
    place: 'nav',
    scope: 'none',
    filters: null,
    props: (c) => ({ account: c.account }),
  },
  {
    name: 'trackers',
    tag: 'ms-trackers',
    load: () => import('../components/ms-trackers.js'),
    title: 'nav.trackers',
    roles: ['commuter'],
    // Reached from home and the import page: the phone's navigation stays short.
    place: 'link',
    scope: 'none',
    filters: null,
    props: (c) => ({ account: c.account }),
  },
  {
    name: 'survey',
    tag: 'ms-follow-up',
    load: () => import('../components/ms-follow-up.js'),
    title: 'nav.survey',
    roles: ['commuter'],
    place: 'link',
    scope: 'none',
    filters: null,
    props: (c) => ({ account: c.account }),
  },
  {
    name: 'leaderboard',
    tag: 'ms-leaderboard',
    load: () => import('../components/ms-leaderboard.js'),
    title: 'nav.leaderboard',
    // Staff see live figures; a partner's commuters the released months (server decides).
    roles: ['commuter', 'staff', 'admin'],
    place: 'nav',
    // Commuter views have no filter bar: the account's own partner, the last 12 whole months.
    scope: 'none',
    filters: null,
    props: (c) => ({ params: { ...c.params, partner: c.account.partnerId ?? c.params.partner } }),
  },
  {
    name: 'join',
    tag: 'ms-join',
    load: () => import('../components/ms-join.js'),
    title: 'join.title',
    roles: ALL_ROLES,
    place: 'link',
    scope: 'none',
    filters: null,
    props: (c) => ({ code: c.params.code ?? '', account: c.account }),
    publicProps: (p) => ({ code: p.code ?? '' }),
  },
  {
    name: 'methodology',
    tag: 'ms-methodology',
    load: () => import('../components/ms-methodology.js'),
    title: 'nav.methodology',
    roles: ALL_ROLES,
    place: 'nav',
    scope: 'none',
    filters: null,
    footer: true,
    // The same roles as the heat-calculator row: the page links to the calculator for them.
    props: (c) => ({
      anchor: c.anchor,
      heatCalculator: (DASHBOARD_ROLES as readonly Role[]).includes(c.account.role),
    }),
  },
  {
    name: 'api',
    tag: 'ms-api-reference',
    load: () => import('../components/ms-api-reference.js'),
    title: 'nav.api',
    // The reference of the public API: readable before signing in, at the stable #/api.
    roles: ALL_ROLES,
    place: 'link',
    scope: 'none',
    filters: null,
    footer: true,
    props: () => ({}),
    publicProps: () => ({}),
  },
  {
    name: 'trip',
    tag: 'ms-trip-fix',
    load: () => import('../components/ms-trip-fix.js'),
    title: 'trip.title',
    roles: ['staff', 'admin'],
    place: 'link',
    scope: 'none',
    filters: null,
    props: (c) => ({ tripId: c.params.id ?? '', account: c.account }),
  },
  {
    name: 'commuter',
    tag: 'ms-commuter-fix',
    load: () => import('../components/ms-commuter-fix.js'),
    title: 'commuter.title',
    roles: ['staff', 'admin'],
    place: 'link',
    scope: 'none',
    filters: null,
    props: (c) => ({ commuterId: c.params.id ?? '', account: c.account }),
  },
  {
    name: 'accounts',
    tag: 'ms-accounts',
    load: () => import('../components/ms-accounts.js'),
    title: 'nav.accounts',
    roles: ['admin'],
    place: 'header',
    scope: 'none',
    filters: null,
    props: () => ({}),
  },
  {
    name: 'api-tokens',
    tag: 'ms-api-tokens',
    load: () => import('../components/ms-api-tokens.js'),
    title: 'nav.apiTokens',
    roles: ALL_ROLES,
    place: 'header',
    scope: 'none',
    filters: null,
    linkClass: 'tokens',
    props: () => ({}),
  },
  {
    name: 'password',
    tag: 'ms-change-password',
    load: () => import('../components/ms-change-password.js'),
    title: 'password.title',
    roles: ALL_ROLES,
    place: 'header',
    scope: 'none',
    filters: null,
    props: () => ({}),
  },
] as const satisfies readonly ViewDef[];

export type View = (typeof VIEW_TABLE)[number]['name'];
export const VIEW_NAMES: readonly View[] = VIEW_TABLE.map((v) => v.name);

/** What a bare or unknown address shows before anyone has signed in. */
export const LANDING_VIEW: View = 'overview';
/** Where an account with a temporary password is held until it chooses its own (the server agrees). */
export const FORCED_CHANGE_VIEW: View = 'password';

const BY_NAME = new Map<string, ViewDef>(VIEW_TABLE.map((v) => [v.name, v]));

/** The table row of a view. */
export function viewDef(view: View): ViewDef {
  return BY_NAME.get(view)!;
}

/** Whether an account sees the whole network (analysts without a partner, admins). */
export function isNetworkRole(actor: ViewActor): boolean {
  return actor.role === 'admin' || (actor.role === 'analyst' && !actor.partnerId);
}

/** Whether an account may see figures of `partner` (a partner id or `network`). */
export function mayViewPartner(actor: ViewActor, partner: string): boolean {
  return isNetworkRole(actor) || partner === actor.partnerId;
}

/** Whether an account may open a view at all (its scope is checked separately, per partner). */
export function canOpen(view: View, actor: ViewActor): boolean {
  if (actor.mustChangePassword) return view === FORCED_CHANGE_VIEW;
  const def = viewDef(view);
  if (!def.roles.includes(actor.role)) return false;
  return def.scope !== 'network' || isNetworkRole(actor);
}

function placed(place: ViewDef['place'], actor: ViewActor): View[] {
  // A forced password change shows the change form alone: no navigation, no header links.
  if (actor.mustChangePassword) return [];
  return VIEW_TABLE.filter((v) => v.place === place && canOpen(v.name, actor)).map((v) => v.name);
}

/** The views in an account's main navigation, in order. */
export function navViews(actor: ViewActor): View[] {
  return placed('nav', actor);
}

/** The views linked among an account's header tools, in order. */
export function headerViews(actor: ViewActor): View[] {
  return placed('header', actor);
}

/** The views linked from the footer for an account. */
export function footerViews(actor: ViewActor): View[] {
  if (actor.mustChangePassword) return [];
  return VIEW_TABLE.filter((v) => 'footer' in v && canOpen(v.name, actor)).map((v) => v.name);
}

/** The footer's links before anyone has signed in: footer views open without an account. */
export function publicFooterViews(): View[] {
  return VIEW_TABLE.filter((v) => 'footer' in v && 'publicProps' in v).map((v) => v.name);
}

/** Where an account lands: its first navigation view, or the forced password change. */
export function defaultView(actor: ViewActor): View {
  if (actor.mustChangePassword) return FORCED_CHANGE_VIEW;
  return navViews(actor)[0] ?? FORCED_CHANGE_VIEW;
}

/** The view's properties when nobody is signed in, or null when it needs an account. */
export function publicProps(view: View, params: RouteParams): Record<string, unknown> | null {
  const def = viewDef(view);
  return def.publicProps ? def.publicProps(params) : null;
}
