import { describe, expect, it } from 'vitest';
import { en, type MessageKey } from '../../web/src/i18n/en.js';
import { COMPLETE_LANGUAGES, DICTIONARIES } from '../../web/src/i18n/index.js';
import { describeSuppressed } from '../../web/src/lib/suppression.js';
import { SUPPRESSION_CODES } from '../../server/indicators/index.js';

/**
 * The dashboard's "why hidden" list reads the suppressed items' codes (the server's prose is
 * English): each code has a message in every language, filled from the item.
 */
describe('describeSuppressed', () => {
  it('has a message for every code the server sends, in every complete language', () => {
    for (const lang of COMPLETE_LANGUAGES)
      for (const code of SUPPRESSION_CODES)
        expect(DICTIONARIES[lang]![`hidden.${code}` as MessageKey], `${lang} ${code}`).toBeTruthy();
  });

  it('names the pooled modes and the count in words the reader knows', () => {
    expect(
      describeSuppressed({
        what: 'modal split: ebike, tram (in 3 unit-months) pooled as hidden',
        reason: 'fewer than 5 commuters in the mode, or would give away a mode that has',
        code: 'modal_split_modes',
        count: 3,
        modes: ['ebike', 'tram'],
      }),
    ).toBe(
      'Modal split: E-bike, Tram pooled as hidden (in 3 unit-months): fewer than 5 commuters in the mode, or it would give away a mode that has.',
    );
  });

  it('says how many months a group was left out of, and nothing about months when it is wholly hidden', () => {
    const whole = describeSuppressed({ what: '', reason: '', code: 'heat_cycling' });
    expect(whole).toBe(en['hidden.heat_cycling'].replace('{k}', '5'));
    expect(describeSuppressed({ what: '', reason: '', code: 'heat_cycling', count: 2 })).toBe(
      `${whole} (2 unit-months left out)`,
    );
    expect(
      describeSuppressed({ what: '', reason: '', code: 'partner_months_left_out', count: 12 }),
    ).toBe(
      '12 partner-months left out of these figures: fewer than 5 active commuters in the month.',
    );
  });
});
