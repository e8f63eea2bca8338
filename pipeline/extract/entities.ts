/**
 * Entities found in a cleaned text with rules from rules/<lang>/entities.yaml: organizations and
 * places from gazetteers (countries from i18n-iso-countries plus the UN's official names), all
 * names matched at once by one combined pattern built once per run; dates and date ranges to ISO;
 * persons with their role; sessions and meetings as numbers.
 */
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { compilePattern, type LanguageRules } from '../rules/load.ts';
import { fold } from '../rules/compile.ts';
import { anchored, anchoredMatches, AnchorScan, type AnchoredPattern } from '../rules/anchors.ts';
import { triePattern } from '../text/trie-pattern.ts';
import { isAlnumAt, prevIndex } from '../text/letters.ts';
import type { MappedText, Span } from '../text/mapped.ts';

const require = createRequire(import.meta.url);

export interface FoundEntity {
  type: 'organization' | 'place' | 'date' | 'person' | 'session' | 'meeting';
  text: string;
  normalized: string | null;
  code: string | null;
  span: Span;
  rule: string;
}

interface GazetteerEntry {
  type: 'organization' | 'place';
  normalized: string;
  code: string | null;
  rule: string;
}

export interface EntityRules {
  /** where a name may start, and the names (sticky) tried there */
  names: { starts: RegExp; at: RegExp } | null;
  entries: Map<string, GazetteerEntry>;
  dates: AnchoredPattern[];
  persons: AnchoredPattern[];
  sessions: AnchoredPattern[];
  months: Map<string, number>;
}

function key(s: string): string {
  return s.replace(/’/g, "'");
}

export function compileEntityRules(rules: LanguageRules, months: string[]): EntityRules | null {
  const data = rules.files['entities.yaml'];
  if (!data) return null;
  const rel = rules.paths['entities.yaml']!;
  const entries = new Map<string, GazetteerEntry>();
  const add = (name: string, e: GazetteerEntry) => {
    if (!entries.has(key(name))) entries.set(key(name), e);
  };
  for (const o of data.organizations) {
    const e: GazetteerEntry = { type: 'organization', normalized: o.name, code: null, rule: `${rel}#${o.id}` };
    for (const n of [o.name, ...o.aliases]) add(n, e);
  }
  let local: Record<string, string | string[]> = {};
  try {
    countries.registerLocale(require(`i18n-iso-countries/langs/${rules.lang}.json`));
    local = countries.getNames(rules.lang, { select: 'all' }) as unknown as Record<string, string[]>;
  } catch {
    // a language i18n-iso-countries does not know: the rule file's names only
  }
  const countryName = (code: string) => {
    const n = local[code];
    return Array.isArray(n) ? n[0] : (n ?? code);
  };
  const ignore = new Set(data.countries.flatMap((c) => c.ignore ?? []).map(key));
  for (const [code, names] of Object.entries(local)) {
    for (const n of Array.isArray(names) ? names : [names]) if (!ignore.has(key(n))) add(n, { type: 'place', normalized: code, code, rule: 'i18n-iso-countries' });
  }
  for (const c of data.countries) {
    for (const [code, names] of Object.entries(c.names)) for (const n of names) add(n, { type: 'place', normalized: code, code, rule: `${rel}#${c.id}` });
  }
  for (const c of data.cities) {
    for (const [code, names] of Object.entries(c.names)) {
      for (const n of names) add(n, { type: 'place', normalized: `${n} (${countryName(code)})`, code, rule: `${rel}#${c.id}` });
    }
  }
  // one pattern for every name, tried where a name can start (one of the names' first letters);
  // the longest name wins at a place: "Programme des Nations Unies pour le développement" over
  // "Nations Unies"
  const keys = [...entries.keys()];
  const firsts = [...new Set(keys.map((k) => String.fromCodePoint(k.codePointAt(0)!)))].sort();
  const names = keys.length
    ? {
        starts: new RegExp(`[${firsts.map((c) => c.replace(/[\\\]^-]/g, '\\$&')).join('')}]`, 'gu'),
        at: new RegExp(`(?:${triePattern(keys)})(?![\\p{L}\\p{N}])`, 'uy'),
      }
    : null;
  const monthAlt = months.join('|');
  const withMonths = <T extends { pattern: string }>(p: T) => ({ ...p, pattern: p.pattern.replace(/MONTH/g, `(?:${monthAlt})`) });
  return {
    names,
    entries,
    dates: data.dates.map((p, i) => anchored(compilePattern(withMonths(p), rel, '', ['dates', i], 'gi'))),
    persons: data.persons.map((p, i) => anchored(compilePattern(p, rel, '', ['persons', i], 'g'))),
    sessions: data.sessions.map((p, i) => anchored(compilePattern(p, rel, '', ['sessions', i], 'gi'))),
    months: new Map(months.map((m, i) => [fold(m), i + 1])),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
const day = (d: string | undefined) => (!d ? 1 : /^\d+$/.test(d) ? Number(d) : 1);

export interface EntityContext {
  /** the year of the document, for dates printed without one ("les 8 et 9 décembre") */
  year: number | null;
  ordinal: (words: string) => number | null;
}

/** `scan` answers the anchor questions of `t`: it may be shared with other finders of the same text. */
export function findEntities(t: MappedText, er: EntityRules, ctx: EntityContext, scan: AnchorScan = new AnchorScan(t.text)): FoundEntity[] {
  const text = t.text;
  const out: FoundEntity[] = [];
  // the characters already taken by an entity: checking a list of spans instead was quadratic in
  // the number of entities (minutes on a 10 MB document)
  const taken = takenFor(text.length);
  // one object per entity, built in its final shape: records hold thousands of them
  const push = (at: number, end: number, type: FoundEntity['type'], normalized: string, code: string | null, rule: string) => {
    for (let i = at; i < end; i++) if (taken[i]) return;
    taken.fill(1, at, end);
    out.push({ type, normalized, code, rule, text: text.slice(at, end), span: t.rawSpan(at, end) });
  };
  for (const p of er.dates) {
    anchoredMatches(p.re, p.anchor, scan, (m) => {
      const g = m.groups ?? {};
      const m2 = er.months.get(fold(g.m2 ?? ''));
      const y2 = g.y2 ? Number(g.y2) : ctx.year;
      if (!m2 || !y2) return;
      let normalized: string;
      if (g.d1) {
        const m1 = g.m1 ? er.months.get(fold(g.m1))! : m2;
        const y1 = m1 > m2 ? y2 - 1 : y2;
        normalized = `${y1}-${pad(m1)}-${pad(day(g.d1))}/${y2}-${pad(m2)}-${pad(day(g.d2))}`;
      } else if (g.d2) normalized = `${y2}-${pad(m2)}-${pad(day(g.d2))}`;
      else normalized = `${y2}-${pad(m2)}`;
      push(m.index!, m.index! + m[0].length, 'date', normalized, null, `${p.file}#${p.id}`);
    });
  }
  for (const p of er.sessions) {
    anchoredMatches(p.re, p.anchor, scan, (m) => {
      const g = m.groups ?? {};
      const n = g.number ? Number(g.number) : g.ordinal ? lastOrdinal(g.ordinal, ctx) : null;
      if (!n) return;
      const at = m.index! + (g.ordinal ? m[0].length - `${lastOrdinalWords(g.ordinal, ctx)} session`.length : 0);
      push(at, m.index! + m[0].length, p.id.startsWith('meeting') ? 'meeting' : 'session', String(n), null, `${p.file}#${p.id}`);
    });
  }
  for (const p of er.persons) {
    anchoredMatches(p.re, p.anchor, scan, (m) => {
      const g = m.groups ?? {};
      const at = m.index! + m[0].indexOf(g.name);
      push(at, at + g.name.length, 'person', `${g.name} (${g.role.trim()})`, null, `${p.file}#${p.id}`);
    });
  }
  if (er.names) {
    const { starts, at } = er.names;
    starts.lastIndex = 0;
    // test, not exec: the place is read off lastIndex, without a match array for every capital
    // letter of the text (~5% of the bytes a document allocated, measured)
    while (starts.test(text)) {
      // `starts` matches one code point: the one before lastIndex, a pair read whole
      const index = prevIndex(text, starts.lastIndex);
      // a name starts a word: not "Mali" in "Somalie"
      const before = prevIndex(text, index);
      if (before >= 0 && isAlnumAt(text, before)) continue;
      at.lastIndex = index;
      const m = at.exec(text);
      if (!m) continue;
      starts.lastIndex = index + m[0].length;
      const e = er.entries.get(key(m[0]));
      if (!e) continue;
      push(index, index + m[0].length, e.type, e.normalized, e.code, e.rule);
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

/**
 * One buffer of taken characters, cleared and reused for each text: a typed array made per text
 * cost more than the entity search in most texts (measured with npm run bench).
 */
const KEPT_BUFFER = 1 << 20;
let takenBuffer = new Uint8Array(1024);
function takenFor(length: number): Uint8Array {
  // a text of a huge document gets a buffer of its own, not kept after it
  if (length > KEPT_BUFFER) return new Uint8Array(length);
  if (takenBuffer.length < length) takenBuffer = new Uint8Array(Math.min(KEPT_BUFFER, Math.max(length, takenBuffer.length * 2)));
  // only [0, length) is read: the rest may hold another text's marks
  return takenBuffer.fill(0, 0, length);
}

/** "sa soixante-dix-neuvième" → the words that make the ordinal: the longest suffix that reads as one. */
function lastOrdinalWords(words: string, ctx: EntityContext): string {
  const parts = words.split(' ');
  for (let i = 0; i < parts.length; i++) {
    const w = parts.slice(i).join(' ');
    if (ctx.ordinal(w)) return w;
  }
  return words;
}

function lastOrdinal(words: string, ctx: EntityContext): number | null {
  return ctx.ordinal(lastOrdinalWords(words, ctx));
}
