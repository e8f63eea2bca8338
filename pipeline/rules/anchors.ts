/**
 * Required literals of a pattern: words one of which every match must contain, read off the
 * pattern's syntax tree. A text with none of them cannot match, so the pattern is not run on it.
 * Most clauses hold no month name and no "session": the date and session patterns, which try
 * every word of a text, then cost one substring search instead.
 *
 * The literals are derived, not written in the rule files, so they cannot drift from the patterns.
 * A pattern whose literals are too short or too many to help gets none and always runs.
 */
import type { AST } from '@eslint-community/regexpp';
import { patternTree } from './pattern-tree.ts';
import type { CompiledPattern } from './load.ts';
import { foldUnits, LiteralAutomaton } from '../text/literal-automaton.ts';

export interface Anchor {
  /** from each list, one literal must occur in the text (lower-cased when `caseless`) */
  all: string[][];
  /** the same lists, those with the longest shortest literal first */
  byLength: string[][];
  caseless: boolean;
  /**
   * When the pattern's matches are of bounded length: the longest match, and how far assertions
   * look beyond a match. The pattern is then run only on windows around the occurrences of one of
   * the lists (every match holds one of each): the list found the fewest times in the text.
   */
  window: { maxLength: number; reach: number; bounds: Map<string[], Bounds> } | null;
}

/**
 * Where a list's literal stands in a match: at most `before` units after the match's start, and
 * at most `after` units before its end. A match holding an occurrence then starts no earlier than
 * `before` units ahead of it: " session" ends `\b(?<ordinal>…) session\b`, so a match ends with
 * it, and is tried only on the words before it, not as far again after it.
 */
export interface Bounds {
  before: number;
  after: number;
}

/** A required list, and where its literal stands in the matches of what it was read from. */
interface Candidate extends Bounds {
  set: string[];
}

/** literals shorter than this find too much to be worth a search */
const MIN_LITERAL = 3;
/**
 * A mark that prose seldom prints: a shorter literal holding one is still worth a search, the "/"
 * of "A/77/L.20", the "» " of a quotation. Letters, digits, spaces and the punctuation of every
 * sentence are not.
 */
const RARE_MARK = /[^\p{L}\p{N}\p{Z}\s.,;:'’()\-]/u;
/** more alternatives than this cost more to look for than the pattern itself */
const MAX_LITERALS = 16;

/** The anchor of a compiled pattern, or null when every text must be tried. */
export function anchorOf(re: RegExp): Anchor | null {
  const caseless = re.flags.includes('i');
  const ast = patternTree(re);
  if (!ast) return null;
  const unicode = re.flags.includes('u') || re.flags.includes('v');
  // one alternative at the top: every required part of it must be there; several: one of them
  const candidates = (ast.alternatives.length === 1 ? sequenceSets(ast.alternatives[0].elements, caseless, unicode) : [alternativesSet(ast.alternatives, caseless, unicode)]).filter(
    (c): c is Candidate => !!c && useful(c.set),
  );
  // a list required twice stands at either place: the bounds of both
  const byKey = new Map<string, Candidate>();
  for (const c of candidates) {
    const set = [...new Set(c.set)].sort();
    const key = set.join('\u0000');
    const known = byKey.get(key);
    if (known) byKey.set(key, { set: known.set, before: Math.max(known.before, c.before), after: Math.max(known.after, c.after) });
    else byKey.set(key, { set, before: c.before, after: c.after });
  }
  if (!byKey.size) return null;
  const maxLength = longest(ast.alternatives, unicode);
  const reach = lookReach(ast.alternatives);
  const all = [...byKey.values()].map((c) => intern(c.set));
  const bounds = new Map([...byKey.values()].map((c, i) => [all[i], { before: c.before, after: c.after }]));
  const window = Number.isFinite(maxLength) && Number.isFinite(reach) && maxLength <= MAX_WINDOWED_LENGTH ? { maxLength, reach, bounds } : null;
  const shortest = (x: string[]) => Math.min(...x.map((l) => l.length));
  const byLength = [...all].sort((a, b) => shortest(b) - shortest(a));
  return { all, byLength, caseless, window };
}

/** A compiled rule pattern with its anchor, derived once per run. */
export type AnchoredPattern = CompiledPattern & { anchor: Anchor | null };

export function anchored<P extends CompiledPattern>(p: P): P & { anchor: Anchor | null } {
  return { ...p, anchor: anchorOf(p.re) };
}

/** One array per distinct list, so a text's answers about a list serve every pattern holding it. */
const interned = new Map<string, string[]>();

function intern(set: string[]): string[] {
  const key = set.join('\u0000');
  let s = interned.get(key);
  if (!s) interned.set(key, (s = set));
  return s;
}

/**
 * A pattern whose matches may be longer than this is run over the whole text. Windows reach only
 * as far as the literal's place allows (Bounds), so a long bound still gives small windows:
 * the session ordinal, when its five words could each have 40 letters (two units each, for
 * letters outside the BMP), and " session", could be 432 units long, and was run over whole texts
 * under a bound of 400 (~6 % of the pipeline's time over 2,000 bench documents, timed pattern by
 * pattern).
 */
const MAX_WINDOWED_LENGTH = 2000;

type Node = AST.Alternative | AST.Element;

/** The most UTF-16 units a match of these alternatives can take (Infinity when unbounded). */
function longest(alts: AST.Alternative[], unicode: boolean): number {
  return Math.max(0, ...alts.map((a) => a.elements.reduce((n, e) => n + longestOf(e, unicode), 0)));
}

function longestOf(e: Node, unicode: boolean): number {
  switch (e.type) {
    case 'Alternative':
      return e.elements.reduce((n, x) => n + longestOf(x, unicode), 0);
    case 'Character':
      return e.value > 0xffff ? 2 : 1;
    case 'CharacterClass':
    case 'CharacterSet':
    case 'ExpressionCharacterClass':
      // may match a character outside the BMP: two units
      return unicode ? 2 : 1;
    case 'Assertion':
      return 0;
    case 'Group':
    case 'CapturingGroup':
      return longest(e.alternatives, unicode);
    case 'Quantifier':
      return e.max === 0 ? 0 : e.max === Infinity ? Infinity : e.max * longestOf(e.element, unicode);
    default:
      // back-references and the rest: no bound known
      return Infinity;
  }
}

/** How far any assertion looks before or after the place it stands (\b and ^/$ look one unit). */
function lookReach(alts: AST.Alternative[]): number {
  let reach = 0;
  const visit = (e: Node): void => {
    if (e.type === 'Alternative') e.elements.forEach(visit);
    else if (e.type === 'Assertion') {
      if (e.kind === 'lookahead' || e.kind === 'lookbehind') {
        reach = Math.max(reach, longest(e.alternatives, true));
        e.alternatives.forEach(visit);
      } else reach = Math.max(reach, 1);
    } else if (e.type === 'Group' || e.type === 'CapturingGroup') e.alternatives.forEach(visit);
    else if (e.type === 'Quantifier') visit(e.element);
  };
  alts.forEach(visit);
  return reach + 1;
}

/**
 * The literal lists of a set of anchors, each kind (as printed, lower-cased) in one automaton: a
 * text is then scanned once for all of them, however many patterns and lists ask about it.
 *
 * Both kinds are also merged into one caseless automaton, the literals as printed lower-cased in
 * it: one pass then answers both, an occurrence of a literal as printed being one of its
 * lower-cased form whose text has the literal's cases (checked at each such occurrence, which
 * are few). The pass over every unit is what costs (two passes were ~7% of the pipeline,
 * measured); the automata of each kind stay for texts the caseless scan cannot fold.
 */
export class AnchorIndex {
  /** per kind (0: as printed, 1: caseless): the automaton, and each list's literal ids */
  readonly kinds: ({ automaton: LiteralAutomaton; ids: Map<string[], Int32Array> } | null)[];
  /**
   * Both kinds in one caseless automaton, and for each of its literals the literal id it stands
   * for in each kind (-1: none); null when one kind is missing or a literal as printed does not
   * fold unit by unit
   */
  readonly merged: { automaton: LiteralAutomaton; asPrinted: Int32Array; asCaseless: Int32Array; scratch: { hits: number[] } } | null;
  /** per kind, a count of zero for each literal: copied for each text scanned (a copy of 21 took 34 ns, a new array filled 86 ns, measured) */
  readonly zeros: (number[] | null)[];

  constructor(anchors: Iterable<Anchor | null>) {
    const lists: [Set<string[]>, Set<string[]>] = [new Set(), new Set()];
    for (const a of anchors) if (a) for (const set of a.all) lists[a.caseless ? 1 : 0].add(set);
    this.kinds = lists.map((sets, k) => {
      if (!sets.size) return null;
      const literals = [...new Set([...sets].flat())].sort();
      const id = new Map(literals.map((l, i) => [l, i]));
      const automaton = new LiteralAutomaton(literals, k === 1);
      return { automaton, ids: new Map([...sets].map((set) => [set, Int32Array.from(set, (l) => id.get(l)!)])) };
    });
    this.merged = mergedKinds(this.kinds[0]?.automaton.literals ?? null, this.kinds[1]?.automaton.literals ?? null);
    this.zeros = this.kinds.map((kind) => (kind ? new Array<number>(kind.automaton.literals.length).fill(0) : null));
  }
}

function mergedKinds(printed: readonly string[] | null, caseless: readonly string[] | null): AnchorIndex['merged'] {
  if (!printed || !caseless) return null;
  const folded = printed.map(foldUnits);
  if (folded.some((f) => f === null)) return null;
  // two literals as printed that fold alike ("Chef", "CHEF") would share one entry
  if (new Set(folded).size !== folded.length) return null;
  const literals = [...new Set([...(folded as string[]), ...caseless])].sort();
  const id = new Map(literals.map((l, i) => [l, i]));
  const asPrinted = new Int32Array(literals.length).fill(-1);
  const asCaseless = new Int32Array(literals.length).fill(-1);
  folded.forEach((f, i) => (asPrinted[id.get(f!)!] = i));
  caseless.forEach((l, i) => (asCaseless[id.get(l)!] = i));
  // the merged scan's hits are read once, into each kind's: one list serves every text (and the
  // merged literals are not counted: each kind's counts come from the hits)
  const scratch = { hits: [] as number[] };
  return { automaton: new LiteralAutomaton(literals, true), asPrinted, asCaseless, scratch };
}

/**
 * One text's answers to anchor questions, shared by the patterns run on it: with an index, one
 * scan finds every literal of both kinds (one per kind when they cannot be merged, or the text
 * cannot be folded); lists the index does not hold are searched one by one.
 */
export class AnchorScan {
  private lowered: string | null = null;
  // made when first asked: a scan is made per clause, and most are asked few questions (four maps
  // per scan were 3% of the bytes a document allocated, measured with the sampling heap profiler)
  private places: (Map<string[], number[]> | null)[] = [null, null];
  /** answers per list, for the text as it is and lower-cased: a list may serve both kinds of pattern */
  private present: (Map<string[], boolean> | null)[] = [null, null];
  /** per kind: not scanned yet (0), scanned (1), not scannable (2: a caseless text the automaton cannot fold) */
  private scanned = [0, 0];
  private counts: (number[] | null)[] = [null, null];
  /** per kind, every occurrence as (literal id, end), in order of end */
  private hits: (number[] | null)[] = [null, null];

  constructor(
    readonly text: string,
    private readonly index: AnchorIndex | null = null,
  ) {}

  lower(): string {
    return (this.lowered ??= this.text.toLowerCase());
  }

  /** whether the lower-cased text has the text's length, so that offsets in one hold in the other */
  lowerKeepsOffsets(): boolean {
    // a caseless scan succeeds only when every unit folds to one unit
    return this.scanned[1] === 1 || this.lower().length === this.text.length;
  }

  /** the list's literal ids, its kind scanned; null when the index cannot answer for it */
  private indexed(set: string[], caseless: boolean): Int32Array | null {
    const k = caseless ? 1 : 0;
    const kind = this.index?.kinds[k];
    const ids = kind?.ids.get(set);
    if (!kind || !ids) return null;
    if (this.scanned[k] === 0 && !this.scanMerged()) {
      // a plain array: a typed array is made by a runtime call, ~4% of the stage (measured)
      const counts: number[] = this.index!.zeros[k]!.slice();
      const hits: number[] = [];
      this.scanned[k] = kind.automaton.scan(this.text, counts, hits) ? 1 : 2;
      this.counts[k] = counts;
      this.hits[k] = hits;
    }
    return this.scanned[k] === 1 ? ids : null;
  }

  /**
   * Both kinds from one caseless scan, as their own scans would give them; false when the index
   * has no merged automaton or the text cannot be folded (the caseless kind is then marked so,
   * and the printed kind is left to its own scan).
   */
  private scanMerged(): boolean {
    const merged = this.index?.merged;
    if (!merged || this.scanned[0] !== 0 || this.scanned[1] !== 0) return false;
    const found = merged.scratch.hits;
    found.length = 0;
    if (!merged.automaton.scan(this.text, null, found)) {
      this.scanned[1] = 2;
      this.counts[1] = [];
      this.hits[1] = [];
      return false;
    }
    const printed = this.index!.kinds[0]!.automaton;
    const counts: number[][] = [this.index!.zeros[0]!.slice(), this.index!.zeros[1]!.slice()];
    const hits: number[][] = [[], []];
    const { asPrinted, asCaseless } = merged;
    for (let h = 0; h < found.length; h += 2) {
      const u = found[h];
      const end = found[h + 1];
      const c = asCaseless[u];
      if (c >= 0) {
        counts[1][c]++;
        hits[1].push(c, end);
      }
      const p = asPrinted[u];
      if (p >= 0 && this.text.startsWith(printed.literals[p], end - printed.lengths[p])) {
        counts[0][p]++;
        hits[0].push(p, end);
      }
    }
    this.scanned = [1, 1];
    this.counts = counts;
    this.hits = hits;
    return true;
  }

  /** whether one of the list's literals occurs */
  has(set: string[], caseless: boolean): boolean {
    const ids = this.indexed(set, caseless);
    if (ids) {
      const counts = this.counts[caseless ? 1 : 0]!;
      for (let i = 0; i < ids.length; i++) if (counts[ids[i]] > 0) return true;
      return false;
    }
    const known = (this.present[caseless ? 1 : 0] ??= new Map());
    let p = known.get(set);
    if (p === undefined) {
      const t = caseless ? this.lower() : this.text;
      if (set.length < 3) p = set.some((l) => t.includes(l));
      else {
        // one pass of an alternation beats a search per literal once there are a few
        const re = alternationOf(set);
        re.lastIndex = 0;
        p = re.test(t);
      }
      known.set(set, p);
    }
    return p;
  }

  /**
   * Starts and ends of every occurrence of the list's literals, sorted by start; null when there
   * are more than `limit` (a list that common makes poor windows, and counting on is wasted).
   */
  occurrences(set: string[], caseless: boolean, limit = Infinity): number[] | null {
    const found = (this.places[caseless ? 1 : 0] ??= new Map());
    const known = found.get(set);
    if (known) return known.length / 2 > limit ? null : known;
    const ids = this.indexed(set, caseless);
    if (ids) {
      const k = caseless ? 1 : 0;
      const counts = this.counts[k]!;
      let total = 0;
      for (let i = 0; i < ids.length; i++) total += counts[ids[i]];
      if (total > limit) return null;
      let out = NONE;
      if (total) {
        out = [];
        const hits = this.hits[k]!;
        const lengths = this.index!.kinds[k]!.automaton.lengths;
        let sorted = true;
        for (let h = 0; h < hits.length; h += 2) {
          if (!ids.includes(hits[h])) continue;
          const start = hits[h + 1] - lengths[hits[h]];
          // by end, a shorter literal ending later may start earlier
          if (out.length && (out[out.length - 2] > start || (out[out.length - 2] === start && out[out.length - 1] > hits[h + 1]))) sorted = false;
          out.push(start, hits[h + 1]);
        }
        if (!sorted) out = sortPairs(out);
      }
      found.set(set, out);
      return out;
    }
    const t = caseless ? this.lower() : this.text;
    let out = NONE;
    let sorted = true;
    for (const l of set) {
      for (let at = t.indexOf(l); at >= 0; at = t.indexOf(l, at + 1)) {
        if (out === NONE) out = [];
        if (out.length && out[out.length - 2] > at) sorted = false;
        out.push(at, at + l.length);
        if (out.length / 2 > limit) return null;
      }
    }
    if (!sorted) out = sortPairs(out);
    found.set(set, out);
    return out;
  }
}

const NONE: number[] = [];

const alternations = new WeakMap<string[], RegExp>();

/** The literals of a list as one pattern, built once per list: "août|avril|décembre…" */
function alternationOf(set: string[]): RegExp {
  let re = alternations.get(set);
  if (!re) alternations.set(set, (re = new RegExp(set.map((l) => l.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'u')));
  return re;
}

function sortPairs(flat: number[]): number[] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]]);
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return pairs.flat();
}

/**
 * The matches of a global pattern over the scanned text, as a scan of the whole text would give
 * them, found on windows around the anchor's occurrences only. Every match holds an occurrence and
 * is no longer than `maxLength`, so it lies within [occurrence - maxLength, occurrence end +
 * maxLength]; overlapping windows are merged so none cuts a match; each window is run with `reach`
 * units of text on its left and `maxLength + reach` on its right, so no attempt starting in it
 * reads past what it is given, and assertions see what they would see in the whole text.
 */
export function anchoredMatches(re: RegExp, anchor: Anchor | null, scan: AnchorScan, found: (m: RegExpExecArray) => void): void {
  const text = scan.text;
  if (anchor) for (const set of anchor.all) if (!scan.has(set, anchor.caseless)) return;
  // lower-casing that changes the length would misplace the occurrences: scan it all then
  const w = anchor?.window && (!anchor.caseless || scan.lowerKeepsOffsets()) ? anchor.window : null;
  // the list found the fewest times gives the fewest windows: longer literals are counted first,
  // and counting a list stops once it is no better than the best so far
  let occ: number[] | null = null;
  let bounds: Bounds | undefined;
  if (w) {
    for (const set of anchor!.byLength) {
      const o = scan.occurrences(set, anchor!.caseless, occ ? occ.length / 2 - 1 : Infinity);
      if (o) {
        occ = o;
        bounds = w.bounds.get(set);
      }
    }
  }
  if (!w || !occ || !bounds) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0] === '') re.lastIndex++;
      found(m);
    }
    return;
  }
  // a match holding the occurrence [s, e) starts in [s - before, s] and ends by e + after; starts
  // of nearby occurrences that overlap are tried in one run. A run starts past the end of the
  // last match, as a scan of the whole text would go on from there
  const { before, after } = bounds;
  let resume = 0;
  let i = 0;
  while (i < occ.length) {
    const first = Math.max(resume, occ[i] - before);
    let last = occ[i];
    let end = occ[i + 1];
    i += 2;
    while (i < occ.length && occ[i] - before <= last + 1) {
      last = occ[i];
      end = Math.max(end, occ[i + 1]);
      i += 2;
    }
    if (first > last) continue;
    const from = Math.max(0, first - w.reach);
    const slice = text.slice(from, Math.min(text.length, end + after + w.reach));
    re.lastIndex = first - from;
    for (let m = re.exec(slice); m; m = re.exec(slice)) {
      if (m.index + from > last) break;
      if (m[0] === '') re.lastIndex++;
      m.index += from;
      resume = m.index + Math.max(1, m[0].length);
      found(m);
    }
  }
}

function useful(set: string[]): boolean {
  return set.length <= MAX_LITERALS && set.every((l) => l.length >= MIN_LITERAL || RARE_MARK.test(l));
}


/** Every alternative must yield a set; their union is the group's set, standing where any of theirs does. */
function alternativesSet(alts: AST.Alternative[], caseless: boolean, unicode: boolean): Candidate | null {
  const out: Candidate = { set: [], before: 0, after: 0 };
  for (const a of alts) {
    const c = sequenceSet(a.elements, caseless, unicode);
    if (!c) return null;
    out.set.push(...c.set);
    out.before = Math.max(out.before, c.before);
    out.after = Math.max(out.after, c.after);
  }
  return out;
}

/** The most selective required set of a sequence. */
function sequenceSet(elements: AST.Element[], caseless: boolean, unicode: boolean): Candidate | null {
  const candidates = sequenceSets(elements, caseless, unicode).filter((c) => useful(c.set));
  if (!candidates.length) return null;
  // the set whose shortest literal is longest finds the fewest texts
  const score = (s: string[]) => Math.min(...s.map((l) => l.length)) * 100 - s.length;
  return candidates.reduce((best, c) => (score(c.set) > score(best.set) ? c : best));
}

/**
 * Every required set of a sequence: runs of characters, and groups that must match; each with how
 * far from the sequence's start and end its literal may stand (Infinity past an unbounded part).
 */
function sequenceSets(elements: AST.Element[], caseless: boolean, unicode: boolean): Candidate[] {
  const lengths = elements.map((e) => longestOf(e, unicode));
  const prefix = [0];
  for (const n of lengths) prefix.push(prefix[prefix.length - 1] + n);
  const total = prefix[prefix.length - 1];
  // the literal's place within elements [i, j): exactly there for a run, anywhere in it for a group
  const at = (set: string[], i: number, j: number, exact: boolean): Candidate => {
    const slack = exact ? 0 : prefix[j] - prefix[i] - Math.min(...set.map((l) => l.length));
    return { set, before: prefix[i] + slack, after: total - prefix[j] + slack };
  };
  const candidates: Candidate[] = [];
  let run = '';
  let runStart = 0;
  const flush = (end: number) => {
    if (run) candidates.push(at([run], runStart, end, true));
    run = '';
  };
  elements.forEach((e, i) => {
    if (e.type === 'Character') {
      if (!run) runStart = i;
      const c = String.fromCodePoint(e.value);
      run += caseless ? c.toLowerCase() : c;
    } else if (e.type === 'Assertion') {
      // zero width: the characters on both sides stay adjacent
    } else if (e.type === 'Group' || e.type === 'CapturingGroup') {
      flush(i);
      const s = alternativesSet(e.alternatives, caseless, unicode);
      if (s) candidates.push({ set: s.set, before: prefix[i] + s.before, after: s.after + total - prefix[i + 1] });
    } else if (e.type === 'Quantifier') {
      flush(i);
      if (e.min >= 1) {
        const inner = e.element;
        const s =
          inner.type === 'Group' || inner.type === 'CapturingGroup'
            ? (alternativesSet(inner.alternatives, caseless, unicode)?.set ?? null)
            : inner.type === 'Character'
              ? [caseless ? String.fromCodePoint(inner.value).toLowerCase() : String.fromCodePoint(inner.value)]
              : null;
        // in any of the repetitions
        if (s) candidates.push(at(s, i, i + 1, false));
      }
    } else {
      flush(i);
    }
  });
  flush(elements.length);
  return candidates;
}
