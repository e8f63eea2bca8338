/**
 * Stage 2, detect: the document's language, from the function words listed in each language's
 * rules (rules/<lang>/language.yaml), and the compiled rules of that language. A language with
 * no clause rules, or no clear language at all, is said in a warning: the record then holds what
 * could be found without them.
 */
import { availableLanguages, loadLanguageRules } from './rules/load.ts';
import { compileRules, fold } from './rules/compile.ts';
import { nextWord } from './text/letters.ts';
import { AnchorScan } from './rules/anchors.ts';
import { matchesLine } from './rules/line-starts.ts';
import type { DocKind, DocState } from './types.ts';

/** how much text is enough to tell the language */
const SAMPLE = 20000;
/** fewer marker words than this is not a clear answer */
const MIN_HITS = 8;
/** words between two looks at whether the answer is already clear */
const CHECK_EVERY = 100;
/** a language this far ahead, with this many function words, is the answer: reading on would not change it */
const DECIDED_HITS = 40;
const DECIDED_LEAD = 3;

function decided(counts: number[]): boolean {
  const sorted = [...counts].sort((a, b) => b - a);
  return sorted[0] >= DECIDED_HITS && sorted[0] >= DECIDED_LEAD * (sorted[1] ?? 0);
}


/** Function word → the languages it marks, per rules folder: built once per run. */
interface Markers {
  langs: string[];
  markers: Map<string, number[]>;
  /** length of the longest function word, as printed */
  longest: number;
}

const markerCache = new Map<string, Markers>();

function markersOf(rulesDir?: string): Markers {
  const key = rulesDir ?? '';
  let c = markerCache.get(key);
  if (!c) {
    const langs = availableLanguages(rulesDir);
    const markers = new Map<string, number[]>();
    let longest = 0;
    langs.forEach((l, i) => {
      for (const m of loadLanguageRules(l, rulesDir).files['language.yaml']!.markers) {
        for (const f of m.forms) {
          // folding never shortens a word of letters, so a longer word cannot fold to this one
          longest = Math.max(longest, f.length, f.normalize('NFD').length, fold(f).length);
          const k = fold(f);
          const list = markers.get(k) ?? [];
          if (!list.includes(i)) list.push(i);
          markers.set(k, list);
        }
      }
    });
    c = { langs, markers, longest };
    markerCache.set(key, c);
  }
  return c;
}

export function detectLanguage(text: string, rulesDir?: string): { lang: string | null; hits: number; ratio: number } {
  const sample = text.slice(0, SAMPLE);
  const { langs, markers, longest } = markersOf(rulesDir);
  const counts = new Array<number>(langs.length).fill(0);
  let words = 0;
  for (let w = nextWord(sample, 0); w; w = nextWord(sample, w[1])) {
    words++;
    // function words are short: a longer word needs no folding to be told apart
    if (w[1] - w[0] <= longest) {
      const of = markers.get(fold(sample.slice(w[0], w[1])));
      if (of) for (const i of of) counts[i]++;
    }
    if (words % CHECK_EVERY === 0 && decided(counts)) break;
  }
  let best: string | null = null;
  let hits = 0;
  counts.forEach((n, i) => {
    if (n > hits) [best, hits] = [langs[i], n];
  });
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
  // most documents have no "\r": a split on a string is then the same lines, without a pattern
  const lines = doc.raw.includes('\r') ? doc.raw.split(/\r\n|\n|\r/) : doc.raw.split('\n');
  // lines are tested without their form feeds: the text searched for literals is too
  const text = doc.raw.includes('\f') ? doc.raw.replace(/\f/g, '') : doc.raw;
  // a rule whose required literals the document lacks cannot match any of its lines: it is not
  // tried on each ("»" for a quoted speaker; ~1% of the pipeline, measured). Only lists of one or
  // two literals are looked for (a substring search each): an alternation of more over the whole
  // document cost more than the lines it spared (0.7%, measured).
  const scan = new AnchorScan(text);
  const kinds = d.kinds.filter((k) => !k.anchor || k.anchor.all.every((set) => set.length > 2 || scan.has(set, k.anchor!.caseless)));
  const score = new Map<DocKind, number>();
  const hits = new Uint32Array(kinds.length);
  const feeds = text !== doc.raw;
  // the rules that can still score, in rule order: a rule leaves at its maximum, a head rule past
  // the head, and the lines stop when none is left
  // one array, narrowed in place: arrays made by map and by filter, read by the same loop, sent V8
  // back to compile this function again (measured with --trace-deopt)
  const open: number[] = [];
  for (let r = 0; r < kinds.length; r++) open.push(r);
  let nonBlank = 0;
  for (let i = 0; i < lines.length && open.length; i++) {
    const t = (feeds && lines[i].includes('\f') ? lines[i].replace(/\f/g, '') : lines[i]).trim();
    if (!t) continue;
    nonBlank++;
    if (nonBlank === HEAD_LINES + 1) keepOnly(open, (r) => kinds[r].scope !== 'head');
    let full = false;
    for (const r of open) {
      const k = kinds[r];
      if (!matchesLine(k, t)) continue;
      hits[r]++;
      full ||= hits[r] >= k.max;
      score.set(k.kind, (score.get(k.kind) ?? 0) + k.weight);
      doc.kindEvidence!.push({ rule: `${doc.rules!.raw.paths['documents.yaml']}#${k.id}`, kind: k.kind, line: i + 1 });
    }
    if (full) keepOnly(open, (r) => hits[r] < kinds[r].max);
  }
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

/** Keeps the items of `a` that `keep` accepts, in order, in `a` itself. */
function keepOnly(a: number[], keep: (x: number) => boolean): void {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (keep(a[i])) a[n++] = a[i];
  a.length = n;
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
