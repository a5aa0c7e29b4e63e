import type { IndicatorsAnswer } from '../api/models.js';
import { fmt, modeName, t, type MessageKey } from '../i18n/index.js';

export type SuppressedItem = IndicatorsAnswer['suppressed'][number];

/** The privacy rule's k: the server's reason says 5, and so does the UI everywhere. */
const K = 5;

/** Codes that name a group wholly hidden, or (with a count) left out of some unit-months. */
const PARTLY_LEFT_OUT = new Set<SuppressedItem['code']>([
  'heat_cycling',
  'heat_walking',
  'cycling_days',
  'car_replacement',
  'survey_car_km',
  'survey_figures',
]);

/**
 * Why a figure is hidden, in the reader's language, from the item's code: the server's
 * `what`/`reason` are English prose for API users.
 */
export function describeSuppressed(item: SuppressedItem): string {
  const f = fmt();
  const count = item.count === undefined ? '' : f.number(item.count, 0);
  const modes = (item.modes ?? []).map((m) => modeName(m)).join(', ');
  const text = t(`hidden.${item.code}` as MessageKey, { k: K, count, modes });
  return PARTLY_LEFT_OUT.has(item.code) && item.count !== undefined
    ? `${text} ${t('hidden.inMonths', { count })}`
    : text;
}
