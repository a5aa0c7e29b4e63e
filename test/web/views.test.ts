import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { da } from '../../web/src/i18n/da.js';
import { en } from '../../web/src/i18n/en.js';
import { formatRoute, parseRoute } from '../../web/src/lib/route.js';
import {
  canOpen,
  defaultView,
  inInitialBundle,
  footerViews,
  headerViews,
  isNetworkRole,
  mayViewPartner,
  navViews,
  publicFooterViews,
  publicProps,
  VIEW_NAMES,
  VIEW_TABLE,
  viewDef,
  type View,
  type ViewActor,
} from '../../web/src/lib/views.js';

const ACTORS = {
  commuter: { role: 'commuter', partnerId: 'weiz' },
  staff: { role: 'staff', partnerId: 'weiz' },
  partnerAnalyst: { role: 'analyst', partnerId: 'weiz' },
  networkAnalyst: { role: 'analyst', partnerId: null },
  admin: { role: 'admin', partnerId: null },
} as const satisfies Record<string, ViewActor>;
type Who = keyof typeof ACTORS;

/**
 * Who may open what, written out by hand: the rules the shell had before the view table
 * (navigation per role, the fix pages for staff and admins, accounts for admins only).
 */
const MAY_OPEN: Record<View, Who[]> = {
  overview: ['staff', 'partnerAnalyst', 'networkAnalyst', 'admin'],
  'modal-split': ['staff', 'partnerAnalyst', 'networkAnalyst', 'admin'],
  network: ['networkAnalyst', 'admin'],
  map: ['staff', 'partnerAnalyst', 'networkAnalyst', 'admin'],
  'data-quality': ['staff', 'admin'],
  'heat-calculator': ['staff', 'partnerAnalyst', 'networkAnalyst', 'admin'],
  reports: ['staff', 'partnerAnalyst', 'networkAnalyst', 'admin'],
  home: ['commuter'],
  log: ['commuter'],
  'enrolment-codes': ['staff', 'admin'],
  commuters: ['staff', 'admin'],
  leaderboard: ['commuter', 'staff', 'admin'],
  'my-trips': ['commuter'],
  impact: ['commuter'],
  'my-data': ['commuter'],
  import: ['commuter'],
  trackers: ['commuter'],
  survey: ['commuter'],
  join: ['commuter', 'staff', 'partnerAnalyst', 'networkAnalyst', 'admin'],
  methodology: ['commuter', 'staff', 'partnerAnalyst', 'networkAnalyst', 'admin'],
  api: ['commuter', 'staff', 'partnerAnalyst', 'networkAnalyst', 'admin'],
  trip: ['staff', 'admin'],
  commuter: ['staff', 'admin'],
  accounts: ['admin'],
  'api-tokens': ['commuter', 'staff', 'partnerAnalyst', 'networkAnalyst', 'admin'],
  password: ['commuter', 'staff', 'partnerAnalyst', 'networkAnalyst', 'admin'],
};

const EVERY_PAIR = (Object.keys(ACTORS) as Who[]).flatMap((who) =>
  VIEW_NAMES.map((view) => [who, view] as const),
);

describe('canOpen', () => {
  it('covers every view of the table in the expected matrix', () => {
    expect([...VIEW_NAMES].sort()).toEqual(Object.keys(MAY_OPEN).sort());
  });

  it.each(EVERY_PAIR)('%s may open %s only if the matrix says so', (who, view) => {
    expect(canOpen(view, ACTORS[who])).toBe(MAY_OPEN[view].includes(who));
  });

  it('opens the accounts page to admins only', () => {
    for (const who of Object.keys(ACTORS) as Who[])
      expect(canOpen('accounts', ACTORS[who]), who).toBe(who === 'admin');
  });
});

describe('navigation per role', () => {
  it.each([
    [
      'commuter',
      ['home', 'log', 'my-trips', 'impact', 'my-data', 'import', 'leaderboard', 'methodology'],
    ],
    [
      'staff',
      [
        'overview',
        'modal-split',
        'map',
        'data-quality',
        'heat-calculator',
        'reports',
        'enrolment-codes',
        'commuters',
        'leaderboard',
        'methodology',
      ],
    ],
    [
      'partnerAnalyst',
      ['overview', 'modal-split', 'map', 'heat-calculator', 'reports', 'methodology'],
    ],
    [
      'networkAnalyst',
      ['overview', 'modal-split', 'network', 'map', 'heat-calculator', 'reports', 'methodology'],
    ],
    [
      'admin',
      [
        'overview',
        'modal-split',
        'network',
        'map',
        'data-quality',
        'heat-calculator',
        'reports',
        'enrolment-codes',
        'commuters',
        'leaderboard',
        'methodology',
      ],
    ],
  ] as const)('%s sees %j in the navigation', (who, views) => {
    expect(navViews(ACTORS[who])).toEqual(views);
  });

  it.each([
    ['commuter', ['api-tokens', 'password']],
    ['staff', ['api-tokens', 'password']],
    ['partnerAnalyst', ['api-tokens', 'password']],
    ['networkAnalyst', ['api-tokens', 'password']],
    ['admin', ['accounts', 'api-tokens', 'password']],
  ] as const)('%s has the header links %j', (who, views) => {
    expect(headerViews(ACTORS[who])).toEqual(views);
  });

  it('shows a commuter only commuter views, never a dashboard', () => {
    const commuter = ACTORS.commuter;
    const reachable = VIEW_NAMES.filter((v) => canOpen(v, commuter));
    expect(reachable).toEqual([
      'home',
      'log',
      'my-trips',
      'impact',
      'my-data',
      'import',
      'trackers',
      'survey',
      'leaderboard',
      'join',
      'methodology',
      'api',
      'api-tokens',
      'password',
    ]);
    for (const v of reachable) expect(viewDef(v).filters, v).toBeNull();
  });

  it.each([
    ['commuter', 'home'],
    ['staff', 'overview'],
    ['partnerAnalyst', 'overview'],
    ['networkAnalyst', 'overview'],
    ['admin', 'overview'],
  ] as const)('%s lands on %s', (who, view) => {
    expect(defaultView(ACTORS[who])).toBe(view);
  });

  it('links the methodology and the API reference from the footer for everyone', () => {
    for (const who of Object.keys(ACTORS) as Who[])
      expect(footerViews(ACTORS[who]), who).toEqual(['methodology', 'api']);
    expect(publicFooterViews()).toEqual(['api']);
  });
});

describe('a forced password change', () => {
  it.each(Object.keys(ACTORS) as Who[])('shows %s only the change form', (who) => {
    const forced = { ...ACTORS[who], mustChangePassword: true };
    expect(navViews(forced)).toEqual([]);
    expect(headerViews(forced)).toEqual([]);
    expect(footerViews(forced)).toEqual([]);
    expect(defaultView(forced)).toBe('password');
    expect(VIEW_NAMES.filter((v) => canOpen(v, forced))).toEqual(['password']);
  });

  it('lets go once the password is changed', () => {
    expect(canOpen('overview', { ...ACTORS.staff, mustChangePassword: false })).toBe(true);
  });
});

describe('partner scope', () => {
  it('lets network roles see any partner and the network, others their own partner only', () => {
    expect(isNetworkRole(ACTORS.admin)).toBe(true);
    expect(isNetworkRole(ACTORS.networkAnalyst)).toBe(true);
    expect(isNetworkRole(ACTORS.partnerAnalyst)).toBe(false);
    expect(mayViewPartner(ACTORS.networkAnalyst, 'lugo')).toBe(true);
    expect(mayViewPartner(ACTORS.admin, 'network')).toBe(true);
    expect(mayViewPartner(ACTORS.staff, 'weiz')).toBe(true);
    expect(mayViewPartner(ACTORS.staff, 'lugo')).toBe(false);
    expect(mayViewPartner(ACTORS.partnerAnalyst, 'network')).toBe(false);
  });

  it('shows the filter bar only on views about a partner or the network', () => {
    for (const v of VIEW_TABLE) if (v.filters) expect(v.scope, v.name).not.toBe('none');
    expect(viewDef('network').filters).toEqual({ partner: false, site: false, period: true });
    expect(viewDef('data-quality').filters).toEqual({ partner: true, site: false, period: false });
    expect(viewDef('overview').filters).toEqual({ partner: true, site: true, period: true });
  });
});

const shell = readFileSync(new URL('../../web/src/components/ms-app.ts', import.meta.url), 'utf8');

describe('the table', () => {
  it('names every view and every element once', () => {
    expect(new Set(VIEW_NAMES).size).toBe(VIEW_TABLE.length);
    expect(new Set(VIEW_TABLE.map((v) => v.tag)).size).toBe(VIEW_TABLE.length);
  });

  it.each(VIEW_NAMES.map((v) => [v]))('%s is a route that parses back to itself', (view) => {
    expect(parseRoute(formatRoute(view))).toMatchObject({ view, unknown: false });
  });

  it.each(VIEW_NAMES.map((v) => [v]))('%s has a title in English and Danish', (view) => {
    const key = viewDef(view).title;
    expect(en[key]).toBeTruthy();
    expect(da[key]).toBeTruthy();
  });

  const ROWS = VIEW_TABLE.map((v) => [v.name, v.tag] as const);

  it.each(ROWS)('%s loads its element from the file named after <%s>', (name, tag) => {
    const row = viewDef(name);
    if (row.load === inInitialBundle) expect(shell).toContain(`import './${tag}.js';`);
    // The loader's source names the module (Vitest rewrites `.js` to the `.ts` it resolved).
    else expect(String(row.load)).toMatch(new RegExp(`components/${tag}\\.(js|ts)`));
    const element = readFileSync(
      new URL(`../../web/src/components/${tag}.ts`, import.meta.url),
      'utf8',
    );
    expect(element).toContain(`@customElement('${tag}')`);
  });

  it('gives each element what it takes', () => {
    const ctx = {
      account: { role: 'staff', partnerId: 'weiz' } as never,
      params: { partner: 'weiz', id: 't-1' },
      partners: [],
      config: null,
      anchor: 'heat',
    };
    expect(viewDef('trip').props(ctx)).toEqual({ tripId: 't-1', account: ctx.account });
    expect(viewDef('commuter').props(ctx)).toEqual({ commuterId: 't-1', account: ctx.account });
    // Staff may open the HEAT calculator, so the methodology page links to it; commuters not.
    expect(viewDef('methodology').props(ctx)).toEqual({ anchor: 'heat', heatCalculator: true });
    expect(
      viewDef('methodology').props({
        ...ctx,
        account: { role: 'commuter', partnerId: 'weiz' } as never,
      }),
    ).toEqual({ anchor: 'heat', heatCalculator: false });
    expect(viewDef('map').props(ctx)).toEqual({ params: ctx.params, partners: [], config: null });
  });
});

describe('the shell', () => {
  // Adding a view must touch the table and the new element only: the shell names no view.
  const ROWS = VIEW_TABLE.map((v) => [v.name, v.tag] as const);

  it.each(ROWS)('ms-app does not name the %s view or render <%s> itself', (name, tag) => {
    expect(shell).not.toContain(`<${tag}`);
    if (viewDef(name).load !== inInitialBundle)
      expect(shell).not.toContain(`import('./${tag}.js')`);
    expect(shell).not.toContain(`formatRoute('${name}'`);
    expect(shell).not.toContain(`case '${name}'`);
    expect(shell).not.toMatch(new RegExp(`\\b(view|v) [=!]== '${name}'`));
  });

  it('keeps no list of views of its own', () => {
    expect(shell).not.toMatch(/\[\s*'[a-z-]+'\s*,\s*'[a-z-]+'/);
    expect(shell).not.toMatch(/switch \(view\)/);
  });
});

describe('views open without signing in', () => {
  it('is only the join page and the API reference, and join takes the code from the route', () => {
    const open = VIEW_NAMES.filter((v) => publicProps(v, {}) !== null);
    expect(open).toEqual(['join', 'api']);
    expect(publicProps('join', { code: 'DEMO-WEIZ-2010' })).toEqual({ code: 'DEMO-WEIZ-2010' });
  });
});
