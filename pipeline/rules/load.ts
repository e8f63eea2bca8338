/**
 * Rule files: data under `rules/<lang>/*.yaml`, validated by zod on load. Every load error names
 * the file, the line and the rule id: `rules/fr/header.yaml:12: rule 'symbol': invalid pattern …`.
 */
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import { parseDocument, LineCounter, isNode } from 'yaml';
import { z } from 'zod';
import { isMainThread } from 'node:worker_threads';
import { ResolexError } from '../diagnostics.ts';
import { ROOT } from '../paths.ts';
import { checkRegex, saveRegexVerdicts } from './safety.ts';

export const DEFAULT_RULES_DIR = join(ROOT, 'rules');

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lowercase words joined by hyphens');
const base = { id, example: z.string().min(1), reason: z.string().min(1) };
const pattern = z.string().min(1);

const HeadRule = z.strictObject({
  ...base,
  role: z.enum(['preamble', 'operative']),
  relation: z.string().min(1),
  forms: z.array(z.string().min(1)).min(1),
});
const FormsRule = z.strictObject({ ...base, forms: z.array(z.string().min(1)).min(1) });
const PatternRule = z.strictObject({
  ...base,
  pattern,
  flags: z.string().regex(/^[iu]*$/).optional(),
  /** why the backtracking the checker reports cannot run away on real input: the rule is let through */
  backtracking: z.string().min(1).optional(),
});
const BodyRule = z.strictObject({ ...PatternRule.shape, body: z.string().min(1), symbol: z.string().min(1) });

export const RULE_FILES = {
  'openers.yaml': z.strictObject({
    heads: z.array(HeadRule).min(1),
    prefixes: z.array(FormsRule).default([]),
    interposed: z.array(FormsRule).default([]),
    coordination: z.array(PatternRule).default([]),
    modifiers: z.array(PatternRule).default([]),
  }),
  'header.yaml': z.strictObject({
    bodies: z.array(BodyRule).min(1),
    patterns: z.array(PatternRule).min(1),
    dates: z.array(PatternRule).min(1),
    months: z.array(z.string()).length(12),
  }),
  'page.yaml': z.strictObject({ furniture: z.array(PatternRule).default([]) }),
  'documents.yaml': z.strictObject({
    kinds: z
      .array(
        z.strictObject({
          ...PatternRule.shape,
          kind: z.enum(['resolution', 'press-release', 'report', 'other']),
          scope: z.enum(['head', 'all']),
          weight: z.number().positive(),
          max: z.number().int().positive(),
        }),
      )
      .default([]),
    minimum: z.number().nonnegative().default(3),
    margin: z.number().nonnegative().default(1),
    boilerplate: z.array(PatternRule).default([]),
    bullets: z.array(PatternRule).default([]),
    headings: z.array(PatternRule).default([]),
    datelines: z.array(PatternRule).default([]),
    quotes: z.array(PatternRule).default([]),
  }),
  'entities.yaml': z.strictObject({
    organizations: z.array(z.strictObject({ ...base, name: z.string().min(1), aliases: z.array(z.string().min(1)) })).default([]),
    countries: z
      .array(z.strictObject({ ...base, names: z.record(z.string().regex(/^[A-Z]{2}$/), z.array(z.string().min(1))), ignore: z.array(z.string()).optional() }))
      .default([]),
    cities: z.array(z.strictObject({ ...base, names: z.record(z.string().regex(/^[A-Z]{2}$/), z.array(z.string().min(1))) })).default([]),
    dates: z.array(PatternRule).default([]),
    persons: z.array(PatternRule).default([]),
    sessions: z.array(PatternRule).default([]),
  }),
  'references.yaml': z.strictObject({
    symbols: z.array(PatternRule).default([]),
    keywords: z.array(z.strictObject({ ...PatternRule.shape, kind: z.enum(['resolution', 'decision']) })).default([]),
    unnumbered: z.array(z.strictObject({ ...PatternRule.shape, kind: z.string().min(1) })).default([]),
    items: z.array(PatternRule).default([]),
    glue: z.array(PatternRule).default([]),
    issuers: z.array(z.strictObject({ ...PatternRule.shape, prefix: z.string().min(1), before: z.string().optional() })).default([]),
    councilYears: z
      .array(z.strictObject({ ...base, first: z.record(z.string().regex(/^\d{4}$/), z.number().int().positive()), last: z.number().int().positive() }))
      .default([]),
  }),
  'hyphenation.yaml': z.strictObject({ keep: z.array(FormsRule).default([]) }),
  'language.yaml': z.strictObject({ language: z.string().regex(/^[a-z]{2}$/), markers: z.array(FormsRule).min(1) }),
} as const;

type Files = typeof RULE_FILES;
export type RuleFileName = keyof Files;
export type RuleData = { [K in RuleFileName]: z.infer<Files[K]> };
export type PatternRuleT = z.infer<typeof PatternRule>;

/** A compiled pattern rule: the regex and where it came from, for messages. */
export interface CompiledPattern {
  id: string;
  re: RegExp;
  file: string;
  example: string;
}

export interface LanguageRules {
  lang: string;
  dir: string;
  files: Partial<RuleData>;
  /** file name → relative path (for messages) */
  paths: Partial<Record<RuleFileName, string>>;
  /** hash of every rule file's bytes, in name order: part of the record's provenance */
  hash: string;
}

function lineOf(text: string, path: (string | number)[]): number {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
  }
  return 1;
}

function ruleAt(value: unknown, path: (string | number)[]): string | undefined {
  let cur: unknown = value;
  let found: string | undefined;
  for (const k of path) {
    if (cur && typeof cur === 'object') {
      cur = (cur as Record<string | number, unknown>)[k];
      const rid = cur && typeof cur === 'object' ? (cur as { id?: unknown }).id : undefined;
      if (typeof rid === 'string') found = rid;
    }
  }
  return found;
}

function fail(file: string, line: number, rule: string | undefined, message: string): never {
  const where = rule ? ` rule '${rule}':` : '';
  throw new ResolexError('rule-invalid', `${file}:${line}:${where} ${message}`);
}

/** Compiles a pattern rule; a bad pattern is a load error naming file, line and rule. */
export function compilePattern(rule: PatternRuleT, file: string, text: string, path: (string | number)[], extraFlags = ''): CompiledPattern {
  const flags = [...new Set(`${rule.flags ?? ''}u${extraFlags}`)].join('');
  try {
    return { id: rule.id, re: new RegExp(rule.pattern, flags), file, example: rule.example };
  } catch (e) {
    fail(file, lineOf(text, [...path, 'pattern']), rule.id, `invalid pattern: ${(e as Error).message}`);
  }
}

function loadFile<K extends RuleFileName>(name: K, abs: string, rel: string): { data: RuleData[K]; text: string } {
  const text = readFileSync(abs, 'utf8');
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    fail(rel, e.linePos?.[0]?.line ?? 1, undefined, `YAML: ${e.message.split('\n')[0]}`);
  }
  const value = doc.toJS();
  const res = RULE_FILES[name].safeParse(value);
  if (!res.success) {
    const issue = res.error.issues[0];
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    fail(rel, lineOf(text, path), ruleAt(value, path), `${path.join('.') || '(root)'}: ${issue.message}`);
  }
  // ids are unique within a file: a duplicate is a copy-paste slip, not a feature
  const seen = new Map<string, number>();
  for (const [section, list] of Object.entries(res.data as Record<string, unknown>)) {
    if (!Array.isArray(list)) continue;
    list.forEach((r, i) => {
      const rid = (r as { id?: string })?.id;
      if (!rid) return;
      if (seen.has(rid)) fail(rel, lineOf(text, [section, i]), rid, `duplicate id`);
      seen.set(rid, i);
    });
  }
  return { data: res.data as RuleData[K], text };
}

const cache = new Map<string, LanguageRules>();

/** Loads and validates every rule file of one language; unknown file names are load errors. */
export function loadLanguageRules(lang: string, rulesDir = DEFAULT_RULES_DIR): LanguageRules {
  const key = `${rulesDir}\0${lang}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const dir = join(rulesDir, lang);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ResolexError('rule-missing', `${dir}: no rules for language '${lang}'`);
  }
  const out: LanguageRules = { lang, dir, files: {}, paths: {}, hash: '' };
  const texts: [string, string][] = [];
  for (const name of ruleFileNames(dir)) {
    const abs = join(dir, name);
    const rel = relative(join(rulesDir, '..'), abs);
    if (!(name in RULE_FILES)) fail(rel, 1, undefined, `unknown rule file (expected one of ${Object.keys(RULE_FILES).join(', ')})`);
    const k = name as RuleFileName;
    const { data, text } = loadFile(k, abs, rel);
    (out.files as Record<string, unknown>)[k] = data;
    out.paths[k] = rel;
    texts.push([name, text]);
    // compile every pattern now, so a bad one stops the run before any document
    for (const [section, list] of Object.entries(data as Record<string, unknown>)) {
      if (!Array.isArray(list)) continue;
      list.forEach((r, i) => {
        if (!(r && typeof r === 'object' && 'pattern' in r)) return;
        const c = compilePattern(r as PatternRuleT, rel, text, [section, i]);
        // worker threads are sent no document before the main thread has checked the same rules
        if (isMainThread && !(r as PatternRuleT).backtracking) {
          const v = checkRegex(c.re.source, c.re.flags);
          if (v.status === 'vulnerable') fail(rel, lineOf(text, [section, i, 'pattern']), c.id, `catastrophic backtracking: ${v.detail}`);
        }
      });
    }
  }
  saveRegexVerdicts();
  if (!out.files['language.yaml']) fail(relative(join(rulesDir, '..'), dir), 1, undefined, 'language.yaml is required');
  out.hash = hashOf(texts);
  cache.set(key, out);
  return out;
}

/** The rule files of a language's folder, in name order: what its hash is made of. */
function ruleFileNames(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .filter((name) => /\.ya?ml$/.test(name));
}

/**
 * The hash of a language's rule files, from their text alone: the hash its loaded rules carry,
 * without parsing, validating or compiling them (a re-run that extracts nothing needs no more).
 */
export function ruleFilesHash(lang: string, rulesDir = DEFAULT_RULES_DIR): string {
  const dir = join(rulesDir, lang);
  return hashOf(ruleFileNames(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

/** The hash of a language's rule files, each by name and text, in name order. */
function hashOf(files: [string, string][]): string {
  const hash = createHash('sha256');
  for (const [name, text] of files) hash.update(name).update('\0').update(text).update('\0');
  return hash.digest('hex');
}

/** Every language that has a rules folder. */
export function availableLanguages(rulesDir = DEFAULT_RULES_DIR): string[] {
  if (!existsSync(rulesDir)) return [];
  return readdirSync(rulesDir)
    .filter((d) => /^[a-z]{2}$/.test(d) && existsSync(join(rulesDir, d, 'language.yaml')))
    .sort();
}

/** Every language's rules, loaded and validated: what a run checks once, before any document. */
export function loadAllRules(rulesDir = DEFAULT_RULES_DIR): LanguageRules[] {
  return availableLanguages(rulesDir).map((lang) => loadLanguageRules(lang, rulesDir));
}

/**
 * Rules another thread has loaded and validated (loadAllRules), taken as this thread's own: a
 * worker then compiles them without parsing and validating every file again (~100 ms and ~180 ms
 * of processor time a worker, measured).
 */
export function seedLanguageRules(list: LanguageRules[], rulesDir = DEFAULT_RULES_DIR): void {
  for (const r of list) cache.set(`${rulesDir}\0${r.lang}`, r);
}
