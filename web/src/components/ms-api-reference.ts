import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement } from 'lit/decorators.js';
import { fetchChecked } from '../api/client.js';
import { I18nController } from '../i18n/controller.js';
import { t } from '../i18n/index.js';
import { FetchController } from '../lib/fetch-controller.js';
import {
  groupOperations,
  type FieldRow,
  type OpenApiDocument,
  type OperationView,
  type TagGroup,
} from '../lib/openapi-doc.js';
import { renderError, renderLoading } from '../lib/states.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';

/**
 * The API reference (issue 13, point 7): every operation of GET /api/v1/openapi.json, read at
 * run time, grouped by tag. Open without signing in, served by the app itself (no CDN, nothing
 * inline, so the page's Content-Security-Policy holds).
 */
@customElement('ms-api-reference')
export class MsApiReference extends LitElement {
  static override styles = [
    shared,
    viewStyles,
    css`
      .intro {
        max-width: 52rem;
        display: grid;
        gap: 0.5rem;
      }
      .toc {
        display: flex;
        flex-wrap: wrap;
        gap: 0.35rem 0.75rem;
        list-style: none;
        padding: 0;
        margin: 1rem 0;
      }
      section.tag {
        margin-top: 1.5rem;
      }
      section.tag h2 {
        font-size: 1.2rem;
        margin-bottom: 0.5rem;
        text-transform: capitalize;
      }
      details.op {
        border: 1px solid var(--ms-border);
        border-radius: 8px;
        background: var(--ms-surface);
        margin-bottom: 0.5rem;
      }
      details.op > summary {
        cursor: pointer;
        padding: 0.55rem 0.75rem;
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.6rem;
        align-items: baseline;
      }
      .method {
        display: inline-block;
        min-width: 4.2rem;
        font-weight: 700;
        font-family: ui-monospace, monospace;
        font-size: 0.85rem;
      }
      .path {
        font-family: ui-monospace, monospace;
        overflow-wrap: anywhere;
      }
      .summary {
        color: var(--ms-muted);
        /* A tracker's URL template is one long word: it wraps instead of widening the page. */
        overflow-wrap: anywhere;
        min-width: 0;
      }
      .body {
        padding: 0 0.75rem 0.75rem;
        display: grid;
        /* minmax(0, …): a long curl line scrolls inside its box instead of widening the page. */
        grid-template-columns: minmax(0, 1fr);
        gap: 0.75rem;
        overflow-wrap: anywhere;
      }
      .body h3 {
        font-size: 0.95rem;
        margin: 0.25rem 0 0.1rem;
      }
      .table-wrap {
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.875rem;
      }
      th,
      td {
        text-align: left;
        vertical-align: top;
        padding: 0.3rem 0.5rem;
        border-bottom: 1px solid var(--ms-border);
      }
      td code,
      td.type {
        font-family: ui-monospace, monospace;
        font-size: 0.8125rem;
        overflow-wrap: anywhere;
      }
      pre {
        background: var(--ms-hover);
        padding: 0.6rem 0.75rem;
        border-radius: 6px;
        overflow-x: auto;
        font-size: 0.8125rem;
        margin: 0;
      }
    `,
  ];

  protected readonly i18n = new I18nController(this);

  private readonly _doc = new FetchController<TagGroup[]>(
    this,
    () => 'openapi',
    async () => {
      const res = await fetchChecked('/api/v1/openapi.json');
      return groupOperations((await res.json()) as OpenApiDocument, location.origin);
    },
  );

  override render(): TemplateResult {
    const s = this._doc.state;
    const groups = this._doc.value;
    const count = groups?.reduce((n, g) => n + g.operations.length, 0) ?? 0;
    return html`
      <div class="view-head">
        <div>
          <h1>${t('api.title')}</h1>
          ${groups ? html`<p class="sub" data-testid="api-count">${t('api.count', { n: String(count) })}</p>` : nothing}
        </div>
      </div>
      <div class="intro">
        <p>${t('api.intro')}</p>
        <p>${t('api.auth')}</p>
        <p>${t('api.errors')} <a href="/api/v1/openapi.json">${t('api.document')}</a></p>
      </div>
      ${s.status === 'error' ? renderError(s.error) : nothing}
      ${s.status === 'loading' && !groups ? renderLoading() : nothing}
      ${
        groups
          ? html`<nav aria-label=${t('api.tags')}><ul class="toc">
              ${groups.map((g) => html`<li><a href=${`#/api#${this._tagId(g.tag)}`} @click=${(e: Event) => this._jump(e, g.tag)}>${g.tag} (${g.operations.length})</a></li>`)}
            </ul></nav>
            ${groups.map((g) => this._renderTag(g))}`
          : nothing
      }
    `;
  }

  private _tagId(tag: string): string {
    return `tag-${tag.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
  }

  /** The hash routes the app; an in-page jump is done here, within the shadow root. */
  private _jump(e: Event, tag: string): void {
    e.preventDefault();
    this.renderRoot.querySelector(`#${this._tagId(tag)}`)?.scrollIntoView();
  }

  private _renderTag(group: TagGroup): TemplateResult {
    const id = this._tagId(group.tag);
    return html`<section class="tag" aria-labelledby=${id}>
      <h2 id=${id}>${group.tag}</h2>
      ${group.operations.map((op) => this._renderOperation(op))}
    </section>`;
  }

  private _renderOperation(op: OperationView): TemplateResult {
    return html`<details class="op" data-op=${`${op.method} ${op.path}`} id=${op.id}>
      <summary>
        <span class="method">${op.method}</span>
        <span class="path">${op.path}</span>
        <span class="summary">${op.summary}</span>
      </summary>
      <div class="body">
        ${op.description ? html`<p>${op.description}</p>` : nothing}
        <p data-testid="auth"><strong>${t('api.signIn')}:</strong> ${op.auth.length ? op.auth.join(', ') : t('api.public')}</p>
        ${op.parameters.length ? this._renderParameters(op) : nothing}
        ${
          op.body
            ? html`<div>
                <h3>${t('api.requestBody')} <code>${op.body.contentType}</code>${op.body.type ? html` · <code>${op.body.type}</code>` : nothing}</h3>
                ${op.body.fields.length ? this._renderFields(op.body.fields, t('api.requestBody')) : nothing}
              </div>`
            : nothing
        }
        <div>
          <h3>${t('api.responses')}</h3>
          <div class="table-wrap"><table data-testid="responses">
            <caption class="visually-hidden">${t('api.responses')}</caption>
            <thead><tr><th scope="col">${t('api.status')}</th><th scope="col">${t('api.description')}</th><th scope="col">${t('api.schema')}</th></tr></thead>
            <tbody>${op.responses.map((r) => html`<tr><td>${r.status}</td><td>${r.description}</td><td class="type">${r.type}${r.contentType && r.contentType !== 'application/json' ? ` (${r.contentType})` : ''}</td></tr>`)}</tbody>
          </table></div>
        </div>
        <div>
          <h3>${t('api.example')}</h3>
          <pre data-testid="curl" tabindex="0"><code>${op.curl}</code></pre>
        </div>
      </div>
    </details>`;
  }

  private _renderParameters(op: OperationView): TemplateResult {
    return html`<div>
      <h3>${t('api.parameters')}</h3>
      <div class="table-wrap"><table data-testid="parameters">
        <caption class="visually-hidden">${t('api.parameters')}</caption>
        <thead><tr><th scope="col">${t('api.name')}</th><th scope="col">${t('api.in')}</th><th scope="col">${t('api.type')}</th><th scope="col">${t('api.description')}</th></tr></thead>
        <tbody>${op.parameters.map((p) => html`<tr><td><code>${p.name}</code>${p.required ? html` <strong>${t('api.required')}</strong>` : nothing}</td><td>${p.in}</td><td class="type">${p.type}</td><td>${p.description}</td></tr>`)}</tbody>
      </table></div>
    </div>`;
  }

  private _renderFields(fields: FieldRow[], caption: string): TemplateResult {
    return html`<div class="table-wrap"><table data-testid="body-fields">
      <caption class="visually-hidden">${caption}</caption>
      <thead><tr><th scope="col">${t('api.field')}</th><th scope="col">${t('api.type')}</th><th scope="col">${t('api.description')}</th></tr></thead>
      <tbody>${fields.map((f) => html`<tr data-field=${f.name}><td style="padding-left:${0.5 + f.depth * 1.25}rem"><code>${f.name}</code>${f.required ? html` <strong>${t('api.required')}</strong>` : nothing}</td><td class="type">${f.type}</td><td>${f.description}</td></tr>`)}</tbody>
    </table></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-api-reference': MsApiReference;
  }
}
