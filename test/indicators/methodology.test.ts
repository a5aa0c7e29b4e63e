import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Dashboard cards link to /methodology#<anchor>: these anchors must not disappear.
const ANCHORS = [
  'participants',
  'trips',
  'distance',
  'modal-split',
  'modal-shift',
  'transitions',
  'car-replacement-rate',
  'car-km-substituted',
  'co2-avoided',
  'factor-sets',
  'heat',
  'activity',
  'kcal',
  'cycling-days',
  'suppression',
  'unlabelled-km',
  'limits',
  'worked-example',
];

describe('docs/methodology.md', () => {
  const text = readFileSync(new URL('../../docs/methodology.md', import.meta.url), 'utf8');

  it.each(ANCHORS)('has the anchor #%s exactly once', (anchor) => {
    expect(text.split(`<a id="${anchor}"></a>`).length - 1).toBe(1);
  });

  it('links only to anchors it defines', () => {
    const defined = new Set([...text.matchAll(/<a id="([a-z0-9-]+)"><\/a>/g)].map((m) => m[1]));
    for (const [, target] of text.matchAll(/\]\(#([a-z0-9-]+)\)/g))
      expect(defined).toContain(target);
  });
});
