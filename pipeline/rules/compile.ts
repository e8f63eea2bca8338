/**
 * Turns validated rule data into matchers, once per run and language (never per document).
 */
import { nextWord } from '../text/letters.ts';
import { isSpace } from '../text/mapped.ts';
import stemmerFr from 'natural/lib/natural/stemmers/porter_stemmer_fr.js';
import writtenNumber from 'written-number';
import { availableLanguages, loadLanguageRules, compilePattern, type CompiledPattern, type LanguageRules, DEFAULT_RULES_DIR } from './load.ts';
import { compileReferenceRules, type ReferenceRules } from '../extract/references.ts';
import { compileEntityRules, type EntityRules } from '../extract/entities.ts';
import { anchored, AnchorIndex, type AnchoredPattern } from './anchors.ts';
import { linePattern, type LinePattern } from './line-starts.ts';

/** Case, accent and apostrophe folding used for every word comparison. */
export function fold(s: string): string {
  // most words are plain ASCII: lower-casing is all they need
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80 || c === 0x60) {
      ascii = false;
      break;
    }
  }
  if (ascii) return s.toLowerCase();
  if (s.length > FOLD_CACHE_MAX_LENGTH) return foldSlow(s);
  let f = foldCache.get(s);
  if (f === undefined) {
    // a bounded cache: a huge document of distinct words must not grow it without end
    if (foldCache.size >= FOLD_CACHE_SIZE) foldCache.clear();
    f = foldSlow(s);
    foldCache.set(s, f);
  }
  return f;
}

const FOLD_CACHE_SIZE = 50_000;
const FOLD_CACHE_MAX_LENGTH = 40;
const foldCache = new Map<string, string>();

// Combining marks left by NFD: "é" → "e" + U+0301
const COMBINING_MARKS = /\p{M}+/gu;
// Apostrophes and their look-alikes: "l’", "lʼ", "l`"
const APOSTROPHES = /[’ʼ`´‘]/g;

function foldSlow(s: string): string {
  return s.normalize('NFD').replace(COMBINING_MARKS, '').replace(APOSTROPHES, "'").toLowerCase();
}

// Word tokens are runs of letters and marks, an elided form with its apostrophe:
// "S’", "inquiétant", "l'esprit" → "l'", "esprit" (see nextWord in text/letters.ts).

export interface Token {
  key: string;
  start: number;
  end: number;
  /** only white space stands between this token and the one before */
  joined: boolean;
  /** the word as printed, for the stemmer (which needs its accents) */
  lower: string;
}

export function tokenize(text: string, from = 0, limit = 12): Token[] {
  return all(new LazyTokens(text, from, limit));
}

/** Tokens asked for by place; undefined past the last. */
interface TokenList {
  get(i: number): Token | undefined;
}

function all(list: TokenList): Token[] {
  const out: Token[] = [];
  for (let t = list.get(0); t; t = list.get(out.length)) out.push(t);
  return out;
}

/**
 * The tokens of `text` from `from`, at most `limit`, each made when first asked for: an opener is
 * told by its first two or three words, where tokenizing (and folding) a dozen for every paragraph
 * asked about was ~2.5 % of the pipeline (node --cpu-prof over 2,000 bench documents).
 */
class LazyTokens implements TokenList {
  private readonly list: Token[] = [];
  private done = false;

  constructor(
    private readonly text: string,
    /** where the next word is looked for; only white space before it makes it `joined` */
    private at: number,
    private readonly limit: number,
  ) {}

  get(i: number): Token | undefined {
    while (i >= this.list.length && !this.done) this.more();
    return this.list[i];
  }

  private more(): void {
    const text = this.text;
    const w = this.list.length < this.limit ? nextWord(text, this.at, true) : null;
    if (!w) {
      this.done = true;
      return;
    }
    let [start, end] = w;
    // the elided article keeps its apostrophe: "l’" + "esprit"
    if (text[end] === "'" || text[end] === '’') end++;
    const word = text.slice(start, end);
    this.list.push({ key: fold(word), start, end, joined: onlySpace(text, this.at, start), lower: word });
    this.at = end;
  }
}

/**
 * Tokens with interposed adverbs ("Ayant également examiné") left out, except in first place;
 * read off `raw` only as far as asked. `from`: the interposed word sequences by their first word.
 */
class WithoutInterposed implements TokenList {
  private readonly out: Token[] = [];
  /** the next token of `raw` to look at */
  private i = 0;

  constructor(
    private readonly raw: TokenList,
    private readonly from: Map<string, string[][]>,
  ) {}

  get(k: number): Token | undefined {
    const raw = this.raw;
    while (k >= this.out.length) {
      const t = raw.get(this.i);
      if (!t) return undefined;
      // a sequence is left out only when a token follows it
      const seq = this.i > 0 ? this.from.get(t.key)?.find((p) => p.every((key, j) => raw.get(this.i + j)?.key === key) && raw.get(this.i + p.length)) : undefined;
      if (seq) this.i += seq.length;
      else {
        this.out.push(t);
        this.i++;
      }
    }
    return this.out[k];
  }
}

function onlySpace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

export interface HeadEntry {
  form: string;
  role: 'preamble' | 'operative';
  relation: string;
  ruleId: string;
  words: number;
}

export interface OpenerMatch {
  /** the opener as printed */
  opener: string;
  /** end offset of the opener in the matched text */
  end: number;
  role: 'preamble' | 'operative';
  relation: string;
  ruleId: string;
}

/** The stem of a word and its ending class, so "Préoccupés" finds "Préoccupée" but not a verb. */
function stemKey(t: Token): string {
  let k = stemCache.get(t.lower);
  if (k === undefined) {
    // the stemmer is the slowest step of opener matching and sees the same few words again and again
    if (stemCache.size >= FOLD_CACHE_SIZE) stemCache.clear();
    k = `~${fold(stemmerFr.stem(t.lower.normalize('NFC').toLowerCase()))}${isParticiple(t.key) ? '/p' : ''}`;
    stemCache.set(t.lower, k);
  }
  return k;
}

const stemCache = new Map<string, string>();

// What an opener starts with: at most two marks ("*", "« "), then a capital: "*Rappelant", "Décide"
const OPENER_START = /[^\p{L}\p{M}]{0,2}\p{Lu}/uy;

/** Ending class of a French opener word: participles (-ant) belong to the preamble. */
function isParticiple(key: string): boolean {
  return /ant$/.test(key);
}

export class OpenerMatcher {
  /** folded word sequence → head */
  private exact = new Map<string, HeadEntry>();
  /** folded leading words + stem of last word → head (gender and number variants) */
  private stemmed = new Map<string, HeadEntry>();
  private prefixes = new Set<string>();
  private modifiers: CompiledPattern[] = [];
  private coordination: CompiledPattern[] = [];
  /**
   * folded word sequences that may stand inside a head, by their first word (a token starting none
   * of them is passed over at once), longest first
   */
  private interposedFrom = new Map<string, string[][]>();
  private maxWords = 1;
  /** first word of a head of several words → the most words such a head has */
  private longestFrom = new Map<string, number>();

  constructor(rules: LanguageRules) {
    const data = rules.files['openers.yaml'];
    if (!data) return;
    const rel = rules.paths['openers.yaml']!;
    const interposed = data.interposed.flatMap((p) => p.forms.map((f) => tokenize(f, 0, 9).map((t) => t.key)));
    // longest first, so "de nouveau" is tried before a one-word form
    interposed.sort((a, b) => b.length - a.length);
    for (const seq of interposed) this.interposedFrom.set(seq[0], [...(this.interposedFrom.get(seq[0]) ?? []), seq]);
    for (const h of data.heads) {
      for (const form of h.forms) {
        const toks = all(this.tokens(form, 0, 99));
        const keys = toks.map((t) => t.key);
        const entry: HeadEntry = { form, role: h.role, relation: h.relation, ruleId: `${rel}#${h.id}`, words: keys.length };
        this.maxWords = Math.max(this.maxWords, keys.length);
        if (keys.length > 1) this.longestFrom.set(keys[0], Math.max(this.longestFrom.get(keys[0]) ?? 1, keys.length));
        this.exact.set(keys.join(' '), entry);
        const skey = [...keys.slice(0, -1), stemKey(toks[toks.length - 1])].join(' ');
        if (!this.stemmed.has(skey)) this.stemmed.set(skey, entry);
      }
    }
    for (const p of data.prefixes) for (const f of p.forms) this.prefixes.add(fold(f));
    data.coordination.forEach((c, i) => {
      this.coordination.push(compilePattern({ ...c, pattern: `[ \\u00a0]+(?:${c.pattern})[ \\u00a0]+` }, rel, '', ['coordination', i], 'iy'));
    });
    data.modifiers.forEach((m, i) => {
      const c = compilePattern({ ...m, pattern: `(?:${m.pattern})(?![\\p{L}\\p{M}])` }, rel, '', ['modifiers', i], 'iy');
      this.modifiers.push(c);
    });
  }

  get size(): number {
    return this.exact.size;
  }

  /** The head (and its extensions) opening `text` at `from`, or null. */
  match(text: string, from = 0): OpenerMatch | null {
    // most paragraphs and positions asked about open no clause: say so before tokenizing
    OPENER_START.lastIndex = from;
    if (!OPENER_START.test(text)) return null;
    const toks = this.tokens(text, from, this.maxWords + 6);
    const first = toks.get(0);
    if (!first || first.start - from > 2) return null;
    // clauses open with a capital (INTERPOL prints the whole head in capitals): a lower-case
    // word is the middle of a sentence, not an opener
    if (!/^\p{Lu}/u.test(text.slice(first.start, first.start + 1))) return null;
    let i = 0;
    while (i < 2 && toks.get(i + 1) && this.prefixes.has(toks.get(i)!.key)) i++;
    const best = this.head(toks, i) ?? (i > 0 ? this.head(toks, 0) : null);
    if (!best) return null;
    let end = this.extend(text, toks.get(best.at + best.n - 1)!.end);
    // "Considérant et réaffirmant", "Soutient et encourage": coordinated heads are one opener
    for (const c of this.coordination) {
      c.re.lastIndex = end;
      const cm = c.re.exec(text);
      if (!cm) continue;
      const next = this.tokens(text, end + cm[0].length, this.maxWords + 3);
      const h2 = next.get(0)?.start === end + cm[0].length ? this.head(next, 0) : null;
      if (h2) end = this.extend(text, next.get(h2.at + h2.n - 1)!.end);
    }
    return {
      opener: text.slice(first.start, end),
      end,
      role: best.entry.role,
      relation: best.entry.relation,
      ruleId: best.entry.ruleId,
    };
  }

  /** Modifiers chained after a head while they follow directly (a space apart, no punctuation). */
  private extend(text: string, end: number): number {
    for (let guard = 0; guard < 4; guard++) {
      const sp = /^[ \u00a0]+/.exec(text.slice(end, end + 4));
      if (!sp) break;
      const at = end + sp[0].length;
      let bestEnd = -1;
      for (const m of this.modifiers) {
        m.re.lastIndex = at;
        const mm = m.re.exec(text);
        if (mm && at + mm[0].length > bestEnd) bestEnd = at + mm[0].length;
      }
      if (bestEnd <= at) break;
      end = bestEnd;
    }
    return end;
  }

  /** The tokens of `text` from `from` (at most `limit`), interposed adverbs left out, made as asked for. */
  private tokens(text: string, from: number, limit: number): TokenList {
    return new WithoutInterposed(new LazyTokens(text, from, limit), this.interposedFrom);
  }

  private head(toks: TokenList, at: number): { entry: HeadEntry; at: number; n: number } | null {
    const first = toks.get(at);
    if (!first) return null;
    // only a word that opens a longer head is worth trying with the words after it
    const longest = this.longestFrom.get(first.key) ?? 1;
    let available = 1;
    while (available < longest && toks.get(at + available)) available++;
    for (let n = available; n >= 1; n--) {
      const words: Token[] = [];
      for (let k = 0; k < n; k++) words.push(toks.get(at + k)!);
      // a head never spans punctuation: "Rappelant, à cet égard," opens with "Rappelant"
      if (words.some((w, k) => k > 0 && !w.joined)) continue;
      const keys = words.map((t) => t.key);
      const e = this.exact.get(keys.join(' '));
      if (e) return { entry: e, at, n };
      const s = this.stemmed.get([...keys.slice(0, -1), stemKey(words[words.length - 1])].join(' '));
      // gender and number vary adjectives and participles of the preamble; finite verbs are
      // matched exactly, or nouns would pass for them ("Appui" for "Appuie")
      if (s && s.role === 'preamble') return { entry: s, at, n };
    }
    return null;
  }
}

/** French ordinal words for 1..999, built from the cardinals of written-number. */
function ordinalTable(lang: string): Map<string, number> {
  const table = new Map<string, number>();
  if (lang !== 'fr') return table;
  const key = (s: string) => fold(s).replace(/[\s-]+/g, '-');
  for (let n = 1; n < 1000; n++) {
    const card = writtenNumber(n, { lang: 'fr' });
    const words = card.split(/([\s-]+)/);
    let last = words[words.length - 1];
    if (n === 1) last = 'premier';
    else if (last === 'un') last = 'unième';
    else if (last === 'cinq') last = 'cinquième';
    else if (last === 'neuf') last = 'neuvième';
    else if (/s$/.test(last) && /(vingts|cents)$/.test(last)) last = last.slice(0, -1) + 'ième';
    else if (/e$/.test(last)) last = last.slice(0, -1) + 'ième';
    else last = last + 'ième';
    words[words.length - 1] = last;
    table.set(key(words.join('')), n);
    if (n === 1) table.set('premiere', 1);
  }
  return table;
}

export interface CompiledRules {
  lang: string;
  hash: string;
  raw: LanguageRules;
  openers: OpenerMatcher;
  header: Map<string, CompiledPattern>;
  bodies: { id: string; body: string; symbol: string; re: RegExp; ruleId: string }[];
  dates: CompiledPattern[];
  months: Map<string, number>;
  /** page furniture, tested against each trimmed line */
  furniture: LinePattern[];
  keepHyphen: Set<string>;
  ordinals: Map<string, number>;
  markers: Set<string>;
  references: ReferenceRules | null;
  entities: EntityRules | null;
  documents: DocumentRules | null;
  /** the literals of the reference and entity patterns' anchors, found in one scan per text */
  anchors: AnchorIndex;
}

export interface DocumentRules {
  kinds: (AnchoredPattern & LinePattern & { kind: 'resolution' | 'press-release' | 'report' | 'other'; scope: 'head' | 'all'; weight: number; max: number })[];
  minimum: number;
  margin: number;
  boilerplate: LinePattern[];
  bullets: LinePattern[];
  headings: CompiledPattern[];
  datelines: CompiledPattern[];
  quotes: CompiledPattern[];
}

function compileDocumentRules(raw: LanguageRules): DocumentRules | null {
  const d = raw.files['documents.yaml'];
  if (!d) return null;
  const rel = raw.paths['documents.yaml']!;
  const list = (section: 'boilerplate' | 'bullets' | 'headings' | 'datelines' | 'quotes', flags = '') =>
    d[section].map((p, i) => compilePattern(p, rel, '', [section, i], flags));
  return {
    kinds: d.kinds.map((k, i) => ({ ...linePattern(anchored(compilePattern(k, rel, '', ['kinds', i]))), kind: k.kind, scope: k.scope, weight: k.weight, max: k.max })),
    minimum: d.minimum,
    margin: d.margin,
    boilerplate: list('boilerplate').map(linePattern),
    bullets: list('bullets').map(linePattern),
    headings: list('headings'),
    datelines: list('datelines'),
    quotes: list('quotes', 'g'),
  };
}

export function ordinalValue(rules: CompiledRules, words: string): number | null {
  return rules.ordinals.get(fold(words).replace(/[\s-]+/g, '-')) ?? null;
}

const compiled = new Map<string, CompiledRules>();

/** Every language's rules, compiled: a bad rule file stops a run here, before any document. */
export function compileAllRules(rulesDir?: string): void {
  for (const lang of availableLanguages(rulesDir)) compileRules(lang, rulesDir);
}

export function compileRules(lang: string, rulesDir = DEFAULT_RULES_DIR): CompiledRules {
  const k = `${rulesDir}\0${lang}`;
  const hit = compiled.get(k);
  if (hit) return hit;
  const raw = loadLanguageRules(lang, rulesDir);
  const f = raw.files;
  const hdr = f['header.yaml'];
  const hrel = raw.paths['header.yaml'] ?? '';
  const references = compileReferenceRules(raw);
  const entities = compileEntityRules(raw, hdr?.months ?? []);
  const out: CompiledRules = {
    lang,
    hash: raw.hash,
    raw,
    openers: new OpenerMatcher(raw),
    header: new Map((hdr?.patterns ?? []).map((p, i) => [p.id, compilePattern(p, hrel, '', ['patterns', i])])),
    bodies: (hdr?.bodies ?? []).map((b, i) => ({
      id: b.id,
      body: b.body,
      symbol: b.symbol,
      re: compilePattern(b, hrel, '', ['bodies', i]).re,
      ruleId: `${hrel}#${b.id}`,
    })),
    dates: (hdr?.dates ?? []).map((p, i) => compilePattern(p, hrel, '', ['dates', i], 'g')),
    months: new Map((hdr?.months ?? []).map((m, i) => [fold(m), i + 1])),
    furniture: (f['page.yaml']?.furniture ?? []).map((p, i) => linePattern(compilePattern(p, raw.paths['page.yaml']!, '', ['furniture', i]))),
    keepHyphen: new Set((f['hyphenation.yaml']?.keep ?? []).flatMap((r) => r.forms.map(fold))),
    ordinals: ordinalTable(lang),
    markers: new Set(f['language.yaml']!.markers.flatMap((r) => r.forms.map(fold))),
    references,
    entities,
    documents: compileDocumentRules(raw),
    anchors: new AnchorIndex(
      [...(references ? [...references.symbols, ...references.keywords, ...references.unnumbered] : []), ...(entities ? [...entities.dates, ...entities.persons, ...entities.sessions] : [])].map((p) => p.anchor),
    ),
  };
  compiled.set(k, out);
  return out;
}
