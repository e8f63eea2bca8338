/**
 * Stage 2, detect: the document's language, from the function words listed in each language's
 * rules (rules/<lang>/language.yaml), and the compiled rules of that language. A language with
 * no clause rules, or no clear language at all, is said in a warning: the record then holds what
 * could be found without them.
 */
import { availableLanguages, loadLanguageRules } from './rules/load.ts';
import { compileRules, fold } from './rules/compile.ts';
import type { DocKind, DocState } from './types.ts';

/** how much text is enough to tell the language */
const SAMPLE = 20000;
/** fewer marker words than this is not a clear answer */
const MIN_HITS = 8;

// Word tokens for counting function words: "l’", "de", "Assemblée"
const WORD = /[\p{L}]+/gu;

export function detectLanguage(text: string, rulesDir?: string): { lang: string | null; hits: number; ratio: number } {
  const sample = text.slice(0, SAMPLE);
  const langs = availableLanguages(rulesDir);
  const markers = langs.map((l) => ({ l, set: new Set(loadLanguageRules(l, rulesDir).files['language.yaml']!.markers.flatMap((m) => m.forms.map(fold))) }));
  const counts = new Map<string, number>(langs.map((l) => [l, 0]));
  let words = 0;
  for (const m of sample.matchAll(WORD)) {
    words++;
    const k = fold(m[0]);
    for (const { l, set } of markers) if (set.has(k)) counts.set(l, counts.get(l)! + 1);
  }
  let best: string | null = null;
  let hits = 0;
  for (const [l, n] of counts) if (n > hits) [best, hits] = [l, n];
  return { lang: hits >= MIN_HITS ? best : null, hits, ratio: words ? hits / words : 0 };
}

/** lines of the document's head, where cover and header evidence stands */
const HEAD_LINES = 60;

/** The kind with the most evidence; a weak or close call is said in a warning. */
export function detectKind(doc: DocState): void {
  const d = doc.rules?.documents;
  doc.kind = 'other';
  doc.kindEvidence = [];
  if (!d) return;
  const lines = doc.raw.split(/\r\n|\n|\r/);
  const score = new Map<DocKind, number>();
  const hits = new Map<string, number>();
  let nonBlank = 0;
  lines.forEach((line, i) => {
    const t = line.replace(/\f/g, '').trim();
    if (!t) return;
    nonBlank++;
    for (const k of d.kinds) {
      if (k.scope === 'head' && nonBlank > HEAD_LINES) continue;
      if ((hits.get(k.id) ?? 0) >= k.max || !k.re.test(t)) continue;
      hits.set(k.id, (hits.get(k.id) ?? 0) + 1);
      score.set(k.kind, (score.get(k.kind) ?? 0) + k.weight);
      doc.kindEvidence!.push({ rule: `${doc.rules!.raw.paths['documents.yaml']}#${k.id}`, kind: k.kind, line: i + 1 });
    }
  });
  const ranked = [...score.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const [best, second] = ranked;
  if (!best || best[1] < d.minimum) {
    doc.reporter.report('kind-uncertain', 'detect/kind', `no kind has enough evidence (${ranked.map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}): read as other`);
    return;
  }
  doc.kind = best[0];
  if (second && best[1] - second[1] < d.margin) {
    doc.reporter.report('kind-uncertain', 'detect/kind', `read as ${best[0]} (${best[1]}) over ${second[0]} (${second[1]})`);
  }
}

export function detect(doc: DocState): void {
  const { lang, hits } = detectLanguage(doc.raw, doc.rulesDir);
  doc.language = lang ?? 'und';
  if (!lang) {
    doc.reporter.report('language-uncertain', 'detect/language', `no language recognised (${hits} function words): clauses are not segmented`);
    doc.rules = null;
    doc.kind = 'other';
    doc.kindEvidence = [];
    return;
  }
  const rules = compileRules(lang, doc.rulesDir);
  if (!rules.raw.files['openers.yaml'] || !rules.raw.files['header.yaml']) {
    doc.reporter.report('no-rules-for-language', `rules/${lang}`, `no clause rules for language '${lang}': clauses are not segmented`);
  }
  doc.rules = rules;
  detectKind(doc);
}
