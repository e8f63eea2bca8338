/**
 * Required literals of a pattern: words one of which every match must contain, read off the
 * pattern's syntax tree. A text with none of them cannot match, so the pattern is not run on it.
 * Most clauses hold no month name and no "session": the date and session patterns, which try
 * every word of a text, then cost one substring search instead.
 *
 * The literals are derived, not written in the rule files, so they cannot drift from the patterns.
 * A pattern whose literals are too short or too many to help gets none and always runs.
 */
import { RegExpParser, type AST } from '@eslint-community/regexpp';

export interface Anchor {
  /** from each list, one literal must occur in the text (lower-cased when `caseless`) */
  all: string[][];
  caseless: boolean;
}

/** literals shorter than this find too much to be worth a search */
const MIN_LITERAL = 3;
/** more alternatives than this cost more to look for than the pattern itself */
const MAX_LITERALS = 16;

const parser = new RegExpParser({ ecmaVersion: 2025 });

/** The anchor of a compiled pattern, or null when every text must be tried. */
export function anchorOf(re: RegExp): Anchor | null {
  const caseless = re.flags.includes('i');
  let ast: AST.Pattern;
  try {
    ast = parser.parsePattern(re.source, 0, re.source.length, { unicode: re.flags.includes('u'), unicodeSets: re.flags.includes('v') });
  } catch {
    return null;
  }
  // one alternative at the top: every required part of it must be there; several: one of them
  const sets = (ast.alternatives.length === 1 ? sequenceSets(ast.alternatives[0].elements, caseless) : [alternativesSet(ast.alternatives, caseless)])
    .filter((s): s is string[] => !!s && useful(s))
    .map((s) => [...new Set(s)].sort())
    .filter((s, i, all) => all.findIndex((o) => o.join('\u0000') === s.join('\u0000')) === i);
  return sets.length ? { all: sets, caseless } : null;
}

function useful(set: string[]): boolean {
  return set.length <= MAX_LITERALS && set.every((l) => l.length >= MIN_LITERAL);
}

/** Whether `text` may hold a match of a pattern with this anchor. */
export function mayMatch(anchor: Anchor | null, text: string, lower: () => string): boolean {
  if (!anchor) return true;
  const t = anchor.caseless ? lower() : text;
  return anchor.all.every((set) => set.some((l) => t.includes(l)));
}

/** Every alternative must yield a set; their union is the group's set. */
function alternativesSet(alts: AST.Alternative[], caseless: boolean): string[] | null {
  const out: string[] = [];
  for (const a of alts) {
    const s = sequenceSet(a.elements, caseless);
    if (!s) return null;
    out.push(...s);
  }
  return out;
}

/** The most selective required set of a sequence. */
function sequenceSet(elements: AST.Element[], caseless: boolean): string[] | null {
  const candidates = sequenceSets(elements, caseless).filter(useful);
  if (!candidates.length) return null;
  // the set whose shortest literal is longest finds the fewest texts
  const score = (s: string[]) => Math.min(...s.map((l) => l.length)) * 100 - s.length;
  return candidates.reduce((best, c) => (score(c) > score(best) ? c : best));
}

/** Every required set of a sequence: runs of characters, and groups that must match. */
function sequenceSets(elements: AST.Element[], caseless: boolean): string[][] {
  const candidates: string[][] = [];
  let run = '';
  const flush = () => {
    if (run) candidates.push([run]);
    run = '';
  };
  for (const e of elements) {
    if (e.type === 'Character') {
      const c = String.fromCodePoint(e.value);
      run += caseless ? c.toLowerCase() : c;
    } else if (e.type === 'Assertion') {
      // zero width: the characters on both sides stay adjacent
      continue;
    } else if (e.type === 'Group' || e.type === 'CapturingGroup') {
      flush();
      const s = alternativesSet(e.alternatives, caseless);
      if (s) candidates.push(s);
    } else if (e.type === 'Quantifier') {
      flush();
      if (e.min >= 1) {
        const inner = e.element;
        const s =
          inner.type === 'Group' || inner.type === 'CapturingGroup'
            ? alternativesSet(inner.alternatives, caseless)
            : inner.type === 'Character'
              ? [caseless ? String.fromCodePoint(inner.value).toLowerCase() : String.fromCodePoint(inner.value)]
              : null;
        if (s) candidates.push(s);
      }
    } else {
      flush();
    }
  }
  flush();
  return candidates;
}
