import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { get, getText } from '../api/client.js';
import { I18nController } from '../i18n/controller.js';
import { getLanguage, t } from '../i18n/index.js';
import { FetchController } from '../lib/fetch-controller.js';
import { formatRoute } from '../lib/route.js';
import { renderError, renderLoading } from '../lib/states.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';

interface TocEntry {
  id: string;
  title: string;
}

/** Where the full English reference starts, when a translated summary comes first. */
const EN_REFERENCE = 'en-reference';

/**
 * The methodology in the reader's language (GET /methodology/sections: the report appendix's
 * formulas and sources, translated, one section per group of anchors), then docs/methodology.md
 * as the full English reference, rendered with marked and marked lang="en". Every card links
 * here with an anchor (`#/methodology#co2-avoided`); the page scrolls to the section that
 * answers it and marks it. In English the reference alone is shown, as it is the original.
 */
@customElement('ms-methodology')
export class MsMethodology extends LitElement {
  static override styles = [
    shared,
    viewStyles,
    css`
      .layout {
        display: grid;
        grid-template-columns: 14rem minmax(0, 1fr);
        gap: 2rem;
        align-items: start;
      }
      nav {
        position: sticky;
        top: 1rem;
        font-size: 0.875rem;
      }
      nav summary {
        list-style: none;
        width: auto;
      }
      nav summary::-webkit-details-marker {
        display: none;
      }
      nav h2 {
        display: inline;
        font-size: 0.8125rem;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: var(--ms-muted);
        margin-bottom: 0.5rem;
      }
      nav ol {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.1rem;
      }
      nav a {
        display: block;
        padding: 0.2rem 0.5rem;
        border-radius: 6px;
        text-decoration: none;
        color: var(--ms-text);
      }
      nav a:hover,
      nav a.current {
        background: var(--ms-accent-soft);
        color: var(--ms-accent-dark);
      }
      article {
        max-width: 48rem;
        line-height: 1.65;
      }
      article :is(h1, h2, h3) {
        margin: 2rem 0 0.6rem;
        scroll-margin-top: 1rem;
      }
      article h1 {
        font-size: 1.6rem;
        margin-top: 0;
      }
      article h2 {
        font-size: 1.3rem;
        padding-top: 0.5rem;
        border-top: 1px solid var(--ms-border);
      }
      article p,
      article ul,
      article ol {
        margin: 0.6rem 0;
      }
      article code {
        font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
        font-size: 0.85em;
        background: #eef2f4;
        padding: 0.05rem 0.3rem;
        border-radius: 4px;
      }
      article pre {
        background: #eef2f4;
        padding: 0.75rem 1rem;
        border-radius: 8px;
        overflow-x: auto;
      }
      article pre code {
        background: none;
        padding: 0;
      }
      article table {
        border-collapse: collapse;
        margin: 0.8rem 0;
        font-size: 0.875rem;
        display: block;
        overflow-x: auto;
      }
      article th,
      article td {
        border: 1px solid var(--ms-border);
        padding: 0.35rem 0.6rem;
        text-align: left;
        vertical-align: top;
      }
      article th {
        background: #f8fafb;
      }
      article blockquote {
        margin: 0.8rem 0;
        padding: 0.2rem 1rem;
        border-left: 4px solid var(--ms-border-strong);
        color: var(--ms-muted);
      }
      .articles {
        display: grid;
        gap: 1.5rem;
      }
      .reference-head {
        font-size: 1.2rem;
        margin: 1rem 0 0;
        padding-top: 1rem;
        border-top: 3px solid var(--ms-border-strong);
      }
      .sources {
        font-size: 0.875rem;
        padding-left: 1.2rem;
      }
      article section h2 {
        scroll-margin-top: 1rem;
      }
      article .target,
      .reference-head.target {
        background: #fff8db;
        box-shadow: 0 0 0 0.5rem #fff8db;
        border-radius: 2px;
        transition: background 1.5s;
      }
      @media (max-width: 960px) {
        .layout {
          grid-template-columns: minmax(0, 1fr);
        }
        nav {
          position: static;
        }
        nav ol {
          display: flex;
          flex-wrap: wrap;
          gap: 0.25rem;
        }
        nav a {
          border: 1px solid var(--ms-border);
        }
      }
    `,
  ];

  /** The section to show, from the URL (`#/methodology#heat`). */
  @property({ attribute: false }) accessor anchor: string | null = null;
  /** Whether the reader may open the HEAT calculator: then the page links to it. */
  @property({ attribute: false }) accessor heatCalculator = false;
  @state() private accessor _toc: TocEntry[] = [];

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);
  private _html = '';

  private readonly _sections = new FetchController(
    this,
    () => (getLanguage() === 'en' ? null : `methodology-sections-${getLanguage()}`),
    () => get('/methodology/sections', { params: { query: { lang: getLanguage() } } }),
  );

  /** The translated summary, when the language has one and it has loaded. */
  private get _translated() {
    return getLanguage() === 'en' ? null : (this._sections.value?.sections ?? null);
  }

  private readonly _doc = new FetchController<string>(
    this,
    () => 'methodology',
    async () => {
      const [md, { marked }] = await Promise.all([
        getText('/methodology', 'text/markdown'),
        import('marked'),
      ]);
      this._html = await marked.parse(md, { gfm: true });
      return md;
    },
  );

  protected override updated(changed: PropertyValues<this>): void {
    const article = this.renderRoot.querySelector<HTMLElement>(
      'article[data-testid="methodology"]',
    );
    if (!article || !this._html) return;
    // The English reference's ids move aside ("en-…") while a translated summary holds them.
    const mode = this._translated ? 'translated' : 'english';
    if (article.dataset.prepared !== mode) {
      article.dataset.prepared = mode;
      this._prepare(article, mode === 'translated' ? 'en-' : '');
      this._scrollToAnchor();
      return;
    }
    if (changed.has('anchor')) this._scrollToAnchor();
  }

  /** In-document links become app links; each section heading gets an id for the table of contents. */
  private _prepare(article: HTMLElement, prefix: string): void {
    for (const el of article.querySelectorAll<HTMLElement>('[data-id]')) el.id = el.dataset.id!;
    if (prefix)
      for (const el of article.querySelectorAll<HTMLElement>('[id]')) {
        el.dataset.id = el.id;
        el.id = `${prefix}${el.id}`;
      }
    for (const a of article.querySelectorAll<HTMLAnchorElement>(
      'a[href^="#"], a[href^="/methodology#"]',
    )) {
      const href = a.dataset.href ?? a.getAttribute('href')!;
      a.dataset.href = href;
      const id = href.split('#').pop() ?? '';
      a.setAttribute('href', formatRoute('methodology', {}, id ? `${prefix}${id}` : null));
    }
    const toc: TocEntry[] = [];
    for (const h of article.querySelectorAll('h2')) {
      const prev = h.previousElementSibling;
      const anchorEl =
        prev?.tagName === 'A' && prev.id ? prev : prev?.querySelector?.('a[id]:only-child');
      let id = anchorEl?.id ?? '';
      if (!id) {
        id = `s-${(h.textContent ?? '')
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '')}`;
        h.id = id;
      }
      toc.push({ id, title: h.textContent ?? '' });
    }
    this._toc = prefix ? [] : toc;
  }

  private _scrollToAnchor(): void {
    for (const el of this.renderRoot.querySelectorAll('.target')) el.classList.remove('target');
    if (!this.anchor) return;
    const target = this.renderRoot.querySelector<HTMLElement>(
      `article [id="${CSS.escape(this.anchor)}"], [id="${CSS.escape(this.anchor)}"]`,
    );
    if (!target) return;
    // A translated section: its heading is what the reader looks for.
    const section = target.closest<HTMLElement>('section[data-section]');
    if (section) {
      const h = section.querySelector<HTMLElement>('h2') ?? section;
      this._mark(h);
      return;
    }
    // The anchor is an empty <a> (marked wraps it in a <p>); its heading is what a reader should see first.
    const holder =
      target.tagName === 'A' &&
      !target.textContent &&
      target.parentElement?.tagName === 'P' &&
      target.parentElement.childElementCount === 1
        ? target.parentElement
        : target;
    const heading =
      holder !== target || target.tagName === 'A'
        ? ((holder.nextElementSibling as HTMLElement | null) ?? target)
        : target;
    this._mark(heading);
  }

  private _mark(heading: HTMLElement): void {
    heading.classList.add('target');
    heading.setAttribute('tabindex', '-1');
    heading.scrollIntoView({ block: 'start' });
    heading.focus({ preventScroll: true });
    this.dataset.scrolledTo = this.anchor ?? '';
  }

  private _renderTranslated(sections: NonNullable<MsMethodology['_translated']>) {
    return html`<article data-testid="methodology-translated" lang=${getLanguage()}>
      <h1>${t('method.title')}</h1>
      <p class="notice info">${t('method.summaryNote')} <a href=${formatRoute('methodology', {}, EN_REFERENCE)}>${t('method.englishReference')}</a></p>
      ${sections.map(
        (s) => html`<section data-section=${s.id} id=${s.id}>
          ${s.anchors.filter((a) => a !== s.id).map((a) => html`<span id=${a}></span>`)}
          <h2>${s.title}</h2>
          ${s.paragraphs.map((p) => html`<p>${p}</p>`)}
          ${
            s.sources.length
              ? html`<ul class="sources">${s.sources.map((x) => html`<li><strong>${x.name}</strong>: <span lang="en">${x.source}</span></li>`)}</ul>`
              : nothing
          }
        </section>`,
      )}
    </article>`;
  }

  override render(): TemplateResult {
    const s = this._doc.state;
    const translated = this._translated;
    return html`
      ${s.status === 'error' ? renderError(s.error) : nothing}
      ${s.status === 'loading' ? renderLoading() : nothing}
      ${
        this._html
          ? html`<div class="layout">
            <nav aria-label=${t('method.toc')}>
              <details ?open=${matchMedia('(min-width: 961px)').matches}>
                <summary><h2>${t('method.toc')}</h2></summary>
                <ol>
                  ${(translated ? [...translated.map((x) => ({ id: x.id, title: x.title })), { id: EN_REFERENCE, title: t('method.englishReference') }] : this._toc).map((e) => html`<li><a href=${formatRoute('methodology', {}, e.id)} class=${e.id === this.anchor ? 'current' : ''}>${e.title}</a></li>`)}
                </ol>
              </details>
              ${this.heatCalculator ? html`<p><a class="heat-calculator" href=${formatRoute('heat-calculator')} data-testid="heat-calculator-link">${t('method.heatCalculator')}</a></p>` : nothing}
            </nav>
            <div class="articles">
              ${translated ? this._renderTranslated(translated) : nothing}
              ${translated ? html`<h2 class="reference-head" lang=${getLanguage()}><span id=${EN_REFERENCE}></span>${t('method.englishReference')}</h2>` : nothing}
              <article data-testid="methodology" lang="en">${unsafeHTML(this._html)}</article>
            </div>
          </div>`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-methodology': MsMethodology;
  }
}
