/**
 * Stage 2, detect: the document's language, from the function words listed in each language's
 * rules (rules/<lang>/language.yaml), and the compiled rules of that language. A language with
 * no clause rules, or no clear language at all, is said in a warning: the record then holds what
 * could be found without them.
 */
import { availableLanguages, loadLanguageRules } from './rules/load.ts';
import { compileRules, fold } from './rules/compile.ts';
import type { DocState } from './types.ts';

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

export function detect(doc: DocState): void {
  const { lang, hits } = detectLanguage(doc.raw, doc.rulesDir);
  doc.language = lang ?? 'und';
  if (!lang) {
    doc.reporter.report('language-uncertain', 'detect/language', `no language recognised (${hits} function words): clauses are not segmented`);
    doc.rules = null;
    return;
  }
  const rules = compileRules(lang, doc.rulesDir);
  if (!rules.raw.files['openers.yaml'] || !rules.raw.files['header.yaml']) {
    doc.reporter.report('no-rules-for-language', `rules/${lang}`, `no clause rules for language '${lang}': clauses are not segmented`);
  }
  doc.rules = rules;
}
