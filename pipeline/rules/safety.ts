/**
 * Catastrophic backtracking: every regex of the rule files is checked by recheck when the rules
 * load, so a pattern that can take exponential or polynomial time on some input stops the run
 * before any document, rather than hanging one. recheck proves a pattern safe, finds an attack
 * string, or gives up within its time limit ("unknown"): only a found attack refuses the rule.
 * The thorough check, with a generous limit on every compiled pattern, is in tests/regex.test.ts.
 */
import { checkSync } from 'recheck';

export interface RegexVerdict {
  status: 'safe' | 'vulnerable' | 'unknown';
  /** for a vulnerable pattern: its complexity and a short attack string */
  detail: string;
}

/** Per pattern at rule load: the classic exponential shapes are found in a few milliseconds; subtler polynomial ones may need the thorough check. */
export const LOAD_CHECK_MS = 10;

const memo = new Map<string, RegexVerdict>();

/** recheck's verdict on one pattern, once per process and pattern. */
export function checkRegex(source: string, flags: string, timeout = LOAD_CHECK_MS): RegexVerdict {
  // g changes where a search starts, not how one match backtracks; y (sticky) anchors it, which recheck reads
  const f = [...new Set(flags.replace(/g/g, ''))].sort().join('');
  const key = `${timeout}\0${f}\0${source}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const d = checkSync(source, f, { timeout, randomSeed: 0 });
  let v: RegexVerdict;
  if (d.status === 'vulnerable') {
    const c = d.complexity;
    const kind = c.type === 'polynomial' ? `polynomial (degree ${c.degree})` : c.type;
    v = { status: 'vulnerable', detail: `${kind} backtracking, e.g. on ${d.attack.pattern.slice(0, 80)}` };
  } else v = { status: d.status, detail: d.status === 'unknown' ? d.error.kind : '' };
  memo.set(key, v);
  return v;
}
