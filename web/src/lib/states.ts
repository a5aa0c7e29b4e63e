import { html, type TemplateResult } from 'lit';
import type { ApiError } from '../api/client.js';
import { t } from '../i18n/index.js';

/** How a view shows a failed request: a refusal, a missing thing, or anything else. */
export function renderError(error: ApiError): TemplateResult {
  if (error.status === 403) {
    return html`<div class="notice error" role="alert" data-testid="access-denied">
      <strong>${t('error.partnerDeniedTitle')}</strong>
      <p>${t('error.forbidden')}</p>
    </div>`;
  }
  if (error.status === 404)
    return html`<div class="notice error" role="alert" data-testid="not-found">${t('error.notFound')}</div>`;
  if (error.status === 0)
    return html`<div class="notice error" role="alert">${t('error.network')}</div>`;
  return html`<div class="notice error" role="alert">${t('error.generic', { message: error.message })}</div>`;
}

export function renderLoading(): TemplateResult {
  return html`<p class="loading" role="status" aria-live="polite">${t('common.loading')}</p>`;
}
