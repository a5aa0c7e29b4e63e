import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { getText } from '../api/client.js';
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

/**
 * docs/methodology.md as the server serves it, rendered with marked. Every card links here with
 * an anchor (`#/methodology#co2-avoided`); the page scrolls to it and marks the section.
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
      article .target {
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
    const article = this.renderRoot.querySelector('article');
    if (!article || !this._html) return;
    if (article.dataset.prepared !== 'true') {
      article.dataset.prepared = 'true';
      this._prepare(article);
      this._scrollToAnchor();
      return;
    }
    if (changed.has('anchor')) this._scrollToAnchor();
  }

  /** In-document links become app links; each section heading gets an id for the table of contents. */
  private _prepare(article: HTMLElement): void {
    for (const a of article.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')) {
      const id = a.getAttribute('href')!.slice(1);
      a.setAttribute('href', formatRoute('methodology', {}, id));
    }
    for (const a of article.querySelectorAll<HTMLAnchorElement>('a[href^="/methodology#"]')) {
      a.setAttribute(
        'href',
        formatRoute('methodology', {}, a.getAttribute('href')!.split('#')[1] ?? null),
      );
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
    this._toc = toc;
  }

  private _scrollToAnchor(): void {
    const article = this.renderRoot.querySelector('article');
    if (!article) return;
    for (const el of article.querySelectorAll('.target')) el.classList.remove('target');
    if (!this.anchor) return;
    const target = article.querySelector<HTMLElement>(`[id="${CSS.escape(this.anchor)}"]`);
    if (!target) return;
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
    heading.classList.add('target');
    heading.setAttribute('tabindex', '-1');
    heading.scrollIntoView({ block: 'start' });
    heading.focus({ preventScroll: true });
    this.dataset.scrolledTo = this.anchor;
  }

  override render(): TemplateResult {
    const s = this._doc.state;
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
                  ${this._toc.map((e) => html`<li><a href=${formatRoute('methodology', {}, e.id)} class=${e.id === this.anchor ? 'current' : ''}>${e.title}</a></li>`)}
                </ol>
              </details>
              ${this.heatCalculator ? html`<p><a class="heat-calculator" href=${formatRoute('heat-calculator')} data-testid="heat-calculator-link">${t('method.heatCalculator')}</a></p>` : nothing}
            </nav>
            <article data-testid="methodology" lang="en">
              ${getLanguage() !== 'en' ? html`<p class="notice info" lang=${getLanguage()}>${t('method.englishOnly')}</p>` : nothing}${unsafeHTML(this._html)}</article>
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
