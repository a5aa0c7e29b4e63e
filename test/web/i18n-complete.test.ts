/**
 * Issue 13, point 5: every complete language is whole, nothing in it is left in English, and no
 * user-visible text is written into the web app's templates instead of the dictionaries.
 * Failures name the language and the keys, or the file and line, so that whoever merges new
 * English keys sees at once what is left to translate.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en, type MessageKey } from '../../web/src/i18n/en.js';
import { COMPLETE_LANGUAGES, DICTIONARIES } from '../../web/src/i18n/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const WEB_SRC = join(ROOT, 'web', 'src');
const EN_KEYS = Object.keys(en) as MessageKey[];

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

/**
 * Messages that are genuinely written the same as in English, per language. Keep this short:
 * each entry is a proper noun, an abbreviation, a unit or a word the language has borrowed.
 */
const SAME_AS_ENGLISH: Readonly<Record<string, readonly MessageKey[]>> = {
  en: EN_KEYS,
  // Units, and words Danish writes as English does: Administrator, E-mail, definition,
  // Distance, Partner, Bus, Metro, Status, Format, demo, Input, App, pseudonym, Type, Data.
  da: [
    'api.type',
    'api.status',
    'reports.json',
    'unit.km',
    'unit.kgCo2',
    'unit.tCo2',
    'role.admin',
    'login.email',
    'accounts.email',
    'common.definition',
    'card.distance',
    'col.distanceKm',
    'accounts.demo',
    'heat.parameter',
    'trackers.kind',
    'commuters.pseudonym',
    'mode.bus',
    'mode.metro',
    'col.partner',
    'filter.partner',
    'accounts.status',
    'tokens.status',
    'import.format',
  ],
  // German: units, and the German words Partner, Bus, Name, Status, Details, Export, Format, App,
  // Schema.
  de: [
    'unit.km',
    'unit.kgCo2',
    'unit.tCo2',
    'filter.partner',
    'col.partner',
    'mode.bus',
    'tokens.name',
    'trackers.name',
    'commuters.name',
    'join.displayName',
    'accounts.status',
    'tokens.status',
    'col.detail',
    'data.exportTitle',
    'import.format',
    'trackers.kind',
    'api.name',
    'api.status',
    'api.schema',
  ],
  // Italian: units, and the loanwords Italian uses as such: Partner, E-mail, Password, Tram, App;
  // and schema, the Italian word itself.
  it: [
    'unit.km',
    'unit.kgCo2',
    'unit.tCo2',
    'filter.partner',
    'col.partner',
    'login.email',
    'accounts.email',
    'login.password',
    'nav.password',
    'mode.tram',
    'trackers.kind',
    'api.schema',
  ],
  // Spanish: units, and the Spanish words Total and Metro.
  es: [
    'unit.km',
    'unit.kgCo2',
    'unit.tCo2',
    'col.total',
    'matrix.total',
    'network.total',
    'heat.col.total',
    'mode.metro',
  ],
  // Greek: units only.
  el: ['unit.kgCo2', 'unit.tCo2'],
  // Romanian: units, and the Romanian words Administrator and Total.
  ro: [
    'role.admin',
    'unit.km',
    'unit.kgCo2',
    'unit.tCo2',
    'col.total',
    'matrix.total',
    'network.total',
    'heat.col.total',
  ],
  // Polish: units, and the Polish words Administrator and Metro.
  pl: ['role.admin', 'unit.km', 'unit.kgCo2', 'unit.tCo2', 'mode.metro'],
  // Slovenian: units only.
  sl: ['unit.km', 'unit.kgCo2', 'unit.tCo2'],
  // Galician: as Spanish.
  gl: [
    'unit.km',
    'unit.kgCo2',
    'unit.tCo2',
    'col.total',
    'matrix.total',
    'network.total',
    'heat.col.total',
    'mode.metro',
  ],
};

describe('complete languages', () => {
  it("offers every partner's language: English, Danish, German, Italian, Spanish, Galician, Greek, Romanian, Polish and Slovenian", () => {
    for (const lang of ['en', 'da', 'de', 'it', 'es', 'gl', 'el', 'ro', 'pl', 'sl'])
      expect(COMPLETE_LANGUAGES as readonly string[]).toContain(lang);
  });

  it.each(COMPLETE_LANGUAGES.map((l) => [l]))('%s has every English key and no other', (lang) => {
    const dict = DICTIONARIES[lang]!;
    const missing = EN_KEYS.filter((k) => !(k in dict));
    const extra = Object.keys(dict).filter((k) => !(k in en));
    expect({ lang, missing, extra }).toEqual({ lang, missing: [], extra: [] });
  });

  it.each(COMPLETE_LANGUAGES.map((l) => [l]))('%s has no empty message', (lang) => {
    const empty = Object.entries(DICTIONARIES[lang]!)
      .filter(([, text]) => text.trim() === '')
      .map(([key]) => key);
    expect({ lang, empty }).toEqual({ lang, empty: [] });
  });

  it.each(COMPLETE_LANGUAGES.map((l) => [l]))('%s keeps every placeholder', (lang) => {
    const dict = DICTIONARIES[lang]!;
    const wrong = EN_KEYS.filter(
      (k) => dict[k] !== undefined && placeholders(dict[k]).join() !== placeholders(en[k]).join(),
    ).map((k) => `${k}: ${dict[k]}`);
    expect({ lang, wrong }).toEqual({ lang, wrong: [] });
  });

  it.each(COMPLETE_LANGUAGES.map((l) => [l]))('%s has no message left in English', (lang) => {
    const dict = DICTIONARIES[lang]!;
    const allowed = new Set<string>(SAME_AS_ENGLISH[lang] ?? []);
    const english = EN_KEYS.filter((k) => dict[k] === en[k] && !allowed.has(k));
    expect({ lang, english }).toEqual({ lang, english: [] });
  });

  it.each(COMPLETE_LANGUAGES.map((l) => [l]))(
    '%s keeps the same-as-English allowlist honest (every entry still equals English)',
    (lang) => {
      if (lang === 'en') return;
      const dict = DICTIONARIES[lang]!;
      const stale = (SAME_AS_ENGLISH[lang] ?? []).filter((k) => k in en && dict[k] !== en[k]);
      expect({ lang, stale }).toEqual({ lang, stale: [] });
    },
  );

  it('a partial language reports exactly which keys it still lacks', () => {
    // Not a failure: languages outside COMPLETE_LANGUAGES fall back to English key by key.
    // This only proves the report names keys and that stubs hold no unknown key.
    for (const [lang, dict] of Object.entries(DICTIONARIES)) {
      const extra = Object.keys(dict).filter((k) => !(k in en));
      expect({ lang, extra }).toEqual({ lang, extra: [] });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Text written directly into Lit templates.

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'i18n') out.push(...sourceFiles(path));
    } else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

interface Chunk {
  /** Offset of the chunk in the file. */
  start: number;
  text: string;
}

/**
 * Skips a JavaScript expression inside `${…}` starting at `i` (just after the `${`) and returns
 * the index after its closing brace. Strings, comments and nested template literals are skipped
 * whole, so braces inside them do not count.
 */
function skipExpression(src: string, i: number): number {
  let depth = 1;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    } else if (c === "'" || c === '"') {
      i++;
      while (i < src.length && src[i] !== c) i += src[i] === '\\' ? 2 : 1;
    } else if (c === '`') {
      i = readTemplate(src, i + 1).end - 1;
    } else if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && src[i + 1] === '*') {
      i = src.indexOf('*/', i + 2) + 1;
    }
    i++;
  }
  return i;
}

/** Reads a template literal whose body starts at `i`; returns its static chunks and its end. */
function readTemplate(src: string, i: number): { chunks: Chunk[]; end: number } {
  const chunks: Chunk[] = [];
  let start = i;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') i += 2;
    else if (c === '`') {
      chunks.push({ start, text: src.slice(start, i) });
      return { chunks, end: i + 1 };
    } else if (c === '$' && src[i + 1] === '{') {
      chunks.push({ start, text: src.slice(start, i) });
      i = skipExpression(src, i + 2);
      start = i;
    } else i++;
  }
  return { chunks, end: i };
}

/**
 * Text a person could read that is not a word of any language: units and symbols, the product's
 * name, and the HTTP header a script must send verbatim ("Authorization: Bearer …"). Everything
 * else in a template must come from t().
 */
const NON_WORDS = new Set([
  'km',
  'kg',
  'kcal',
  'min',
  'CO₂',
  'CO₂e',
  'km²',
  'EUR',
  'H3',
  'Modeshift',
  'Authorization',
  'Bearer',
]);

const HAS_LETTER = /\p{L}/u;
const MARK = '\u0000';

function isWordy(text: string): boolean {
  const parts = text
    .replace(/&[a-z]+;|&#\d+;/g, ' ')
    .split(MARK)
    .join(' ')
    .split(/[\s·:,;()/|–—→←↑↓+\-*×=<>.!?]+/)
    .filter((p) => HAS_LETTER.test(p));
  return parts.some((p) => !NON_WORDS.has(p));
}

interface Hit {
  file: string;
  line: number;
  text: string;
}

function hardCodedText(file: string): Hit[] {
  return hardCodedTextFromSource(readFileSync(file, 'utf8'), file);
}

function hardCodedTextFromSource(src: string, file: string): Hit[] {
  const hits: Hit[] = [];
  const lineOf = (offset: number): number => src.slice(0, offset).split('\n').length;
  for (const m of src.matchAll(/\bhtml`/g)) {
    const { chunks } = readTemplate(src, m.index + m[0].length);
    // Glue the static parts with a mark where each expression was, and map offsets back.
    let joined = '';
    const offsets: number[] = [];
    chunks.forEach((ch, n) => {
      if (n > 0) {
        joined += MARK;
        offsets.push(ch.start);
      }
      for (let k = 0; k < ch.text.length; k++) {
        joined += ch.text[k];
        offsets.push(ch.start + k);
      }
    });
    const report = (from: number, text: string): void => {
      hits.push({
        file: relative(ROOT, file),
        line: lineOf(offsets[from] ?? m.index),
        text: text.replace(/\s+/g, ' ').trim(),
      });
    };
    const noComments = joined.replace(/<!--[\s\S]*?-->/g, (c) => ' '.repeat(c.length));
    // Text between a tag's end and the next tag's start.
    for (const t of noComments.matchAll(/>([^<>]*)</g)) {
      if (isWordy(t[1]!)) report(t.index + 1, t[1]!);
    }
    // Text before the first tag or after the last one (a template of text only).
    const lead = /^[^<>]*/.exec(noComments)![0];
    if (isWordy(lead)) report(0, lead);
    const tail = /[^<>]*$/.exec(noComments)![0];
    if (tail !== noComments && isWordy(tail)) report(noComments.length - tail.length, tail);
    // Attributes a person reads or hears.
    for (const a of noComments.matchAll(
      /\s(?:title|aria-label|placeholder|alt|aria-description|aria-roledescription)="([^"]*)"/g,
    )) {
      if (isWordy(a[1]!)) report(a.index, a[0]);
    }
  }
  return hits;
}

describe('no text in the code that is not in the dictionaries', () => {
  const files = sourceFiles(WEB_SRC);

  it('finds the web app’s source files', () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it('no Lit template holds a word of its own (use t())', () => {
    const hits = files.flatMap(hardCodedText).map((h) => `${h.file}:${h.line}: ${h.text}`);
    expect(hits).toEqual([]);
  });

  it('the scanner finds text nodes and attributes, and passes symbols and t() calls', () => {
    // `#{` stands for the start of a template expression, so that this file's own strings
    // hold no template syntax.
    const sample = [
      'const a = html`<p>#{t("x")}</p><span>→ 3 km</span>`;',
      'const b = html`<button title="Close it">×</button>`;',
      'const c = html`<div>#{ok ? html`<b>Hello there</b>` : nothing}</div>`;',
      'const d = html`<i aria-label=#{t("y")}>#{n} %</i>`;',
    ]
      .join('\n')
      .replaceAll('#{', '$' + '{');
    const hits = hardCodedTextFromSource(sample, 'sample.ts');
    expect(hits.map((h) => [h.line, h.text])).toEqual([
      [2, 'title="Close it"'],
      [3, 'Hello there'],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('t() keys used in the code', () => {
  it('every literal key passed to t() exists in English', () => {
    const missing: string[] = [];
    for (const file of sourceFiles(WEB_SRC)) {
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/\bt\(\s*(['"])([^'"]+)\1/g)) {
        if (!(m[2]! in en))
          missing.push(
            `${relative(ROOT, file)}:${src.slice(0, m.index).split('\n').length}: ${m[2]}`,
          );
      }
    }
    expect(missing).toEqual([]);
  });

  it('finds the literal t() calls at all (the scan is not empty)', () => {
    let count = 0;
    for (const file of sourceFiles(WEB_SRC))
      count += [...readFileSync(file, 'utf8').matchAll(/\bt\(\s*'/g)].length;
    expect(count).toBeGreaterThan(300);
  });
});
