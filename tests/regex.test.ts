/**
 * Catastrophic backtracking, checked thoroughly: every regex of the compiled rules (with the flags
 * and wrappers the code adds) and every regex literal in pipeline/, through recheck with a longer
 * limit than rule loading uses. RESOLEX_REGEX_CHECK_MS sets that limit (default 100 ms a pattern).
 * A rule file whose pattern recheck refuses stops the run with `file:line: rule 'id': …`.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync, mkdtempSync, mkdirSync, copyFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { compileRules } from '../pipeline/rules/compile.ts';
import { DEFAULT_RULES_DIR, loadLanguageRules } from '../pipeline/rules/load.ts';
import { checkRegex } from '../pipeline/rules/safety.ts';

const ROOT = join(import.meta.dirname, '..');
const LIMIT = Number(process.env.RESOLEX_REGEX_CHECK_MS ?? 100);

/** Every RegExp reachable from the compiled rules, with the path that leads to it. */
function compiledRegexes(): [string, RegExp][] {
  const out: [string, RegExp][] = [];
  const seen = new Set<unknown>();
  const visit = (v: unknown, path: string) => {
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (v instanceof RegExp) return void out.push([path, v]);
    if (v instanceof Map) for (const [k, x] of v) visit(x, `${path}.${String(k)}`);
    else for (const [k, x] of Object.entries(v)) visit(x, `${path}.${k}`);
  };
  const fr = compileRules('fr');
  visit({ ...fr, raw: undefined }, 'fr');
  return out;
}

// A regex literal in TypeScript source, after a token that cannot end an expression: "= /a+b/gu".
const REGEX_LITERAL = /(?<=[=(,:[!&|?{};]\s*|\breturn\s+)\/(?![/*])(?<body>(?:[^/\\\n[]|\\.|\[(?:[^\]\\\n]|\\.)*\])+)\/(?<flags>[dgimsuvy]*)/g;

function sourceRegexes(): [string, RegExp][] {
  const out: [string, RegExp][] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir)) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) {
        const text = readFileSync(p, 'utf8');
        for (const m of text.matchAll(REGEX_LITERAL)) {
          try {
            const line = text.slice(0, m.index).split('\n').length;
            out.push([`${relative(ROOT, p)}:${line}`, new RegExp(m.groups!.body, m.groups!.flags)]);
          } catch {
            // not a regex after all (a division): nothing to check
          }
        }
      }
    }
  };
  walk(join(ROOT, 'pipeline'));
  return out;
}

/** Rule patterns whose rule says why their backtracking is bounded (the `backtracking` field). */
function reviewed(): Set<string> {
  const raw = loadLanguageRules('fr');
  const out = new Set<string>();
  for (const data of Object.values(raw.files)) {
    for (const list of Object.values(data as Record<string, unknown>)) {
      if (Array.isArray(list)) for (const r of list) if (r?.backtracking) out.add(r.id);
    }
  }
  return out;
}

describe('regex safety', { timeout: 600_000 }, () => {
  const ok = reviewed();
  const cases = [...compiledRegexes(), ...sourceRegexes()];

  it('finds the patterns to check', () => {
    expect(cases.length).toBeGreaterThan(100);
  });

  it.each(cases.map(([where, re]) => [where, re] as const))('%s has no catastrophic backtracking', (where, re) => {
    const v = checkRegex(re.source, re.flags, LIMIT);
    if (v.status === 'vulnerable' && [...ok].some((id) => where.includes(id))) return;
    expect(v.status === 'vulnerable' ? `${where}: ${v.detail}` : 'not found vulnerable').toBe('not found vulnerable');
  });

  it.each([
    ['^(a+)+$', 'exponential'],
    ['^(?:\\p{L}+ ?)+:$', 'exponential'],
    ['^\\s*(?<t>.*)\\s*$', 'polynomial'],
  ])('the checker finds %s dangerous', (pattern, kind) => {
    const v = checkRegex(pattern, 'u', LIMIT);
    expect(v.status).toBe('vulnerable');
    expect(v.detail).toContain(kind);
  });

  function rulesWith(pageYaml: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'resolex-redos-'));
    mkdirSync(join(dir, 'fr'));
    for (const f of readdirSync(join(DEFAULT_RULES_DIR, 'fr'))) copyFileSync(join(DEFAULT_RULES_DIR, 'fr', f), join(dir, 'fr', f));
    writeFileSync(join(dir, 'fr', 'page.yaml'), pageYaml);
    return dir;
  }
  const bad = 'furniture:\n  - id: runaway\n    # e.g. "Page 3 sur 12"\n    pattern: "^(?:\\\\p{L}+ ?)+:$"\n    example: "Page:"\n    reason: test\n';

  it('a rule file with a dangerous pattern is refused on load with file:line: rule', () => {
    expect(() => loadLanguageRules('fr', rulesWith(bad))).toThrow(/^rule-invalid: .*fr\/page\.yaml:4: rule 'runaway': catastrophic backtracking: exponential/);
  });

  it('a rule that says why its backtracking is bounded is let through', () => {
    const dir = rulesWith(bad + '    backtracking: only ever run on one short line\n');
    expect(() => loadLanguageRules('fr', dir)).not.toThrow();
  });

  it('the command stops with exit 2 before any document', () => {
    const dir = rulesWith(bad);
    const out = join(dir, 'out');
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'resolex.js'), 'extract', join(ROOT, 'corpus'), '--out', out, '--rules', dir], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/resolex: rule-invalid: .*fr\/page\.yaml:4: rule 'runaway': catastrophic backtracking/);
    expect(() => statSync(out)).toThrow();
  });
});
