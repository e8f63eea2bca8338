/**
 * Catastrophic backtracking: every regex of the rule files is checked by recheck when the rules
 * load, so a pattern that can take exponential or polynomial time on some input stops the run
 * before any document, rather than hanging one. recheck proves a pattern safe, finds an attack
 * string, or gives up within its time limit ("unknown"): only a found attack refuses the rule.
 * The thorough check, with a generous limit on every compiled pattern, is in tests/regex.test.ts.
 */
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../paths.ts';

const require = createRequire(import.meta.url);

export interface RegexVerdict {
  status: 'safe' | 'vulnerable' | 'unknown';
  /** for a vulnerable pattern: its complexity and a short attack string */
  detail: string;
}

/**
 * Per pattern at rule load: the classic exponential shapes are found in some 12–14 ms on a 2-core
 * machine once the checker is warm, so 10 ms let `^(?:\p{L}+ ?)+:$` through as undecided; subtler
 * polynomial ones may need the thorough check. Checking every rule pattern of the project at this
 * limit takes under 2 s, once: the verdicts are cached.
 */
export const LOAD_CHECK_MS = 50;

const memo = new Map<string, RegexVerdict>();

/**
 * Verdicts found before, kept in node_modules/.cache/resolex: the checker takes the better part of
 * a second to start and check every rule, and rule files change far less often than the tool
 * runs. A verdict is kept for its exact pattern, flags, time limit and checker version; "unknown"
 * (undecided within the limit) is kept too, as loading treats it as safe and the thorough check
 * in the tests does not read the cache. The cache is only ever an optimisation: unreadable or
 * unwritable, it is ignored.
 */
const CACHE_FILE = join(ROOT, 'node_modules', '.cache', 'resolex', 'regex-checks.json');
let disk: Record<string, RegexVerdict> | null = null;
let diskChanged = false;

function diskCache(): Record<string, RegexVerdict> {
  if (!disk) {
    try {
      disk = JSON.parse(readFileSync(CACHE_FILE, 'utf8')) as Record<string, RegexVerdict>;
    } catch {
      disk = {};
    }
  }
  return disk;
}

/** Writes the verdicts found by this process (called once the rules are loaded). */
export function saveRegexVerdicts(): void {
  if (!diskChanged || !disk) return;
  diskChanged = false;
  try {
    mkdirSync(join(CACHE_FILE, '..'), { recursive: true });
    const tmp = `${CACHE_FILE}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(disk));
    renameSync(tmp, CACHE_FILE);
  } catch {
    // a read-only install: the checks run again next time
  }
}

let checker: { checkSync: typeof import('recheck').checkSync } | null = null;

function recheck() {
  // loaded on the first pattern not in the cache: most runs never need it
  if (!checker) {
    const { checkSync } = require('recheck') as typeof import('recheck');
    // the checker's first call starts it up (some 250 ms): made on a trivial pattern, so that the
    // time limit of the first real check is spent on that pattern (a cold start left it undecided)
    checkSync('a', '', { timeout: 5000, randomSeed: 0 });
    checker = { checkSync };
  }
  return checker;
}

function checkerVersion(): string {
  try {
    return (require('recheck/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** recheck's verdict on one pattern, once per process and pattern. */
export function checkRegex(source: string, flags: string, timeout = LOAD_CHECK_MS): RegexVerdict {
  // g changes where a search starts, not how one match backtracks; y (sticky) anchors it, which recheck reads
  const f = [...new Set(flags.replace(/g/g, ''))].sort().join('');
  const key = `${timeout}\0${f}\0${source}`;
  const hit = memo.get(key);
  if (hit) return hit;
  // only the quick check of rule loading is cached: a longer check is asked for to be made
  const cached = timeout === LOAD_CHECK_MS;
  const diskKey = `${checkerVersion()}\0${key}`;
  const saved = cached ? diskCache()[diskKey] : undefined;
  if (saved) {
    memo.set(key, saved);
    return saved;
  }
  const d = recheck().checkSync(source, f, { timeout, randomSeed: 0 });
  let v: RegexVerdict;
  if (d.status === 'vulnerable') {
    const c = d.complexity;
    const kind = c.type === 'polynomial' ? `polynomial (degree ${c.degree})` : c.type;
    v = { status: 'vulnerable', detail: `${kind} backtracking, e.g. on ${d.attack.pattern.slice(0, 80)}` };
  } else v = { status: d.status, detail: d.status === 'unknown' ? d.error.kind : '' };
  memo.set(key, v);
  if (cached) {
    diskCache()[diskKey] = v;
    diskChanged = true;
  }
  return v;
}
