/**
 * The code units a line can start with for a pattern anchored at its start to match it, read off
 * the pattern's syntax tree: `^[-•–▪●] \S` matches only lines that start with one of five signs,
 * `^(?:https?://|www\.)` only lines that start with "h" or "w". Rules tested against every line
 * of a document (page furniture, evidence of a document's kind, boilerplate, bullets) are then
 * tried on the lines that can match: a look at one unit instead of a call into the pattern
 * (~30 ns a call, most of them failing at the first unit).
 *
 * The set is derived, not written in the rule files, so it cannot drift from the pattern; it may
 * hold units no match starts with, never miss one. A pattern it cannot bound (not anchored at its
 * start, case-insensitive, multiline, a property class or a negated one first) gets null: it is
 * tried on every line.
 */
import type { AST } from '@eslint-community/regexpp';
import { patternTree } from './pattern-tree.ts';
import type { CompiledPattern } from './load.ts';

/** more units than this are as good as any */
const MAX_UNITS = 256;

/** The units a string must start with for `re` to match it, or null when any may. */
export function lineStarts(re: RegExp): ReadonlySet<number> | null {
  // case folding across scripts ("K" and the Kelvin sign) and ^ after a line break are not worth
  // modelling for the rules that have them
  if (re.flags.includes('i') || re.flags.includes('m')) return null;
  const ast = patternTree(re);
  if (!ast) return null;
  const out = new Set<number>();
  for (const alt of ast.alternatives) {
    const start = alt.elements.findIndex((e) => e.type !== 'Assertion' || e.kind !== 'lookahead');
    const first = alt.elements[start];
    // every alternative must be anchored at the string's start (lookaheads aside), and consume a
    // unit of a bounded set before anything may follow
    if (!first || first.type !== 'Assertion' || first.kind !== 'start') return null;
    if (sequence(alt.elements.slice(start + 1), out) !== 'consumes') return null;
  }
  return out.size > MAX_UNITS ? null : out;
}

/**
 * What the element (or sequence) does first: consumes a unit, whose possible values are added to
 * `out`; may match nothing, the possible values of a unit it may consume added; or consumes a unit
 * of no bounded set.
 */
type Step = 'consumes' | 'may-be-empty' | 'unbounded';

function sequence(elements: AST.Element[], out: Set<number>): Step {
  for (const e of elements) {
    const r = element(e, out);
    if (r !== 'may-be-empty') return r;
  }
  return 'may-be-empty';
}

function element(e: AST.Element, out: Set<number>): Step {
  switch (e.type) {
    case 'Assertion':
      // zero width: what follows gives the first unit (a lookahead only narrows it)
      return e.kind === 'lookahead' || e.kind === 'word' ? 'may-be-empty' : 'unbounded';
    case 'Character':
      if (e.value > 0xffff) return 'unbounded';
      out.add(e.value);
      return 'consumes';
    case 'CharacterClass':
      return characterClass(e, out);
    case 'CharacterSet':
      return characterSet(e, out);
    case 'Group':
    case 'CapturingGroup': {
      let empty = false;
      for (const alt of e.alternatives) {
        const r = sequence(alt.elements, out);
        if (r === 'unbounded') return r;
        empty ||= r === 'may-be-empty';
      }
      return empty ? 'may-be-empty' : 'consumes';
    }
    case 'Quantifier': {
      if (e.max === 0) return 'may-be-empty';
      const r = element(e.element, out);
      return r === 'consumes' && e.min === 0 ? 'may-be-empty' : r;
    }
    default:
      return 'unbounded';
  }
}

function characterClass(e: AST.CharacterClass, out: Set<number>): Step {
  if (e.negate) return 'unbounded';
  for (const c of e.elements) {
    if (c.type === 'Character') {
      if (c.value > 0xffff) return 'unbounded';
      out.add(c.value);
    } else if (c.type === 'CharacterClassRange') {
      if (c.max.value > 0xffff || c.max.value - c.min.value > MAX_UNITS) return 'unbounded';
      for (let u = c.min.value; u <= c.max.value; u++) out.add(u);
    } else if (c.type === 'CharacterSet') {
      if (characterSet(c, out) === 'unbounded') return 'unbounded';
    } else return 'unbounded';
  }
  return 'consumes';
}

function characterSet(e: AST.CharacterSet, out: Set<number>): Step {
  if (e.kind === 'digit' && !e.negate) {
    for (let u = 0x30; u <= 0x39; u++) out.add(u);
    return 'consumes';
  }
  // \s, \w, \p{…}, "." and their negations: too many units, or not worth listing
  return 'unbounded';
}

/**
 * A rule pattern tested against lines, with the units such a line can start with as a bit per
 * unit (null: any; absent: not derived): a look into 8 KB, where a set's lookup cost about what
 * the pattern's call it spared did (measured).
 */
export type LinePattern = CompiledPattern & { first?: Uint8Array | null };

/** The pattern with its line starts, derived once per run. */
export function linePattern<P extends CompiledPattern>(p: P): P & { first: Uint8Array | null } {
  const units = lineStarts(p.re);
  let first: Uint8Array | null = null;
  if (units) {
    first = new Uint8Array(0x10000 >> 3);
    for (const u of units) first[u >> 3] |= 1 << (u & 7);
  }
  return { ...p, first };
}

/** Whether `p` matches `line`, the pattern not called for a line that cannot start as its matches do. */
export function matchesLine(p: LinePattern, line: string): boolean {
  return mayStart(p, line) && p.re.test(line);
}

/** Whether `p` may match `line`: false only when the line cannot start as a match of it must. */
export function mayStart(p: LinePattern, line: string): boolean {
  if (!p.first) return true;
  // an empty line: NaN, no bit
  const u = line.charCodeAt(0);
  return u === u && (p.first[u >> 3] & (1 << (u & 7))) !== 0;
}
