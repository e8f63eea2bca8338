/**
 * Clauses from the body paragraphs (between the enacting formula and the closing): preambular and
 * operative clauses, numbered (`1. Décide`) or not (`APPROUVE`), with their sub-items (`a)`, `ii)`)
 * and the paragraphs a page break cut off rejoined.
 */
import type { Reporter } from '../diagnostics.ts';
import type { CompiledRules, OpenerMatch } from '../rules/compile.ts';
import { MappedBuilder, type MappedText } from '../text/mapped.ts';
import type { Paragraph } from '../types.ts';
import { keepsHyphen, LEADING_WORD, trailingPart, type Vocabulary } from '../clean/paragraphs.ts';
import type { Clause } from './model.ts';

// A numbered operative paragraph: "1. Décide", "12. *Prie*"
const NUMBERED = /^(\d{1,3})\.\s+/;
// A sub-item label: "a) ", "ii) ", "(b) ", "aa) "
const SUB_ITEM = /^(?:\((?:[a-z]{1,2}|[ivxlc]{1,6})\)|(?:[a-z]{1,2}|[ivxlc]{1,6})\))\s+/;
// A heading numbered with a roman numeral or a capital: "II. Questions budgétaires", "A. Généralités", "IV"
const NUMBERED_HEADING = /^(?:[IVXLC]{1,6}|[A-Z])(?:\.\s+\S.*)?$/;
// Punctuation that may end a clause: "," in the preamble, ";" or "." in the operative part
// (the quote's own spaces follow it: two `\s*` side by side split a long run of spaces every way)
const TERMINAL = /[,;.]\s*(?:[»”"]\s*)?$/;
// The end of an operative paragraph, for a clause with no opener to tell: "… à sa prochaine session."
const OPERATIVE_END = /[;.]\s*(?:[»”"]\s*)?$/;

interface Ctx {
  rules: CompiledRules | null;
  vocab: Vocabulary;
  reporter: Reporter;
}

interface Building {
  clause: Clause;
  pieces: MappedText[];
  markers: Paragraph['markers'];
  builder: MappedBuilder;
}

function startsLower(t: string): boolean {
  return /^[\p{Ll}]/u.test(t);
}

/** Opener of a clause text: the emphasis printed at its start, else a rule, else the first word. */
function openerOf(text: MappedText, emphasis: [number, number][], match: OpenerMatch | null): Pick<Clause, 'opener' | 'openerSource'> {
  const em = emphasis.find(([s]) => s === 0);
  if (em) {
    const o = text.text.slice(em[0], em[1]).replace(/(?<![\s,;:.])[\s,;:.]+$/, '');
    if (o && o.length <= 120) return { opener: o, openerSource: 'emphasis' };
  }
  if (match) return { opener: match.opener, openerSource: 'rule' };
  const w = /^[\p{Lu}][\p{L}’'-]*/u.exec(text.text);
  if (w) return { opener: w[0], openerSource: 'first-word' };
  return { opener: '', openerSource: 'none' };
}

export function segmentClauses(paras: Paragraph[], ctx: Ctx): { preamble: Clause[]; operative: Clause[]; headings: MappedText[] } {
  const preamble: Clause[] = [];
  const operative: Clause[] = [];
  const headings: MappedText[] = [];
  let cur: Building | null = null;
  let inOperative = false;
  const keep = ctx.rules?.keepHyphen ?? new Set<string>();

  const finish = () => {
    if (!cur) return;
    const c = cur.clause;
    c.text = cur.builder.build();
    c.markers = cur.markers.map((m) => ({ marker: m.marker, span: m.span }));
    (c.part === 'operative' ? operative : preamble).push(c);
    cur = null;
  };

  const append = (p: Paragraph, from: number, label: string | null) => {
    const b = cur!.builder;
    const t = p.text.slice(from);
    if (b.length) {
      const prev = b.lastChar();
      const tail = prev === '-' ? trailingPart(cur!.pieces[cur!.pieces.length - 1]?.text ?? '') : null;
      const head = tail ? LEADING_WORD.exec(t.text) : null;
      if (prev === '-' && tail && head && !keepsHyphen(tail, head[1], ctx.vocab, keep)) b.dropLast(1);
      else if (!(prev === '-' && tail)) b.emit(' ', t.startAt(0), t.startAt(0));
    }
    const base = b.length;
    if (label) cur!.clause.items.push({ label, span: t.rawSpan(0, Math.min(t.length, label.length + 2)) });
    for (const m of p.markers) if (m.at >= from) cur!.markers.push({ ...m, at: m.at - from + base });
    b.append(t);
    cur!.pieces.push(t);
  };

  const start = (p: Paragraph, from: number, number: string | null, part: Clause['part'], match: OpenerMatch | null) => {
    finish();
    const t = p.text.slice(from);
    const emphasis = p.emphasis.filter(([s]) => s >= from).map(([s, e]) => [s - from, e - from] as [number, number]);
    const o = openerOf(t, emphasis, match);
    cur = {
      clause: { part, number, ...o, ruleId: match?.ruleId ?? null, relation: match?.relation ?? null, text: t, items: [], markers: [] },
      pieces: [],
      markers: [],
      builder: new MappedBuilder(),
    };
    append(p, from, null);
    if (o.openerSource === 'first-word') {
      ctx.reporter.report('opener-unknown', 'segment/opener', `opener "${o.opener}" is in no rule`, t.rawSpan(0, o.opener.length));
    } else if (o.openerSource === 'none') {
      ctx.reporter.report('clause-without-opener', 'segment/opener', 'clause without opener', t.rawSpan(0, Math.min(t.length, 30)));
    }
  };

  const isClauseStart = (p: Paragraph | undefined): boolean => {
    if (!p) return true;
    const t = p.text.text;
    return NUMBERED.test(t) || SUB_ITEM.test(t) || !!ctx.rules?.openers.match(t) || p.emphasis.some(([s]) => s === 0);
  };

  /** short, unpunctuated, capitalised lines (one or several) that stand before a clause */
  const headingLike = (p: Paragraph): boolean => {
    const t = p.text.text;
    return t.length < 250 && !TERMINAL.test(t) && !/[:]\s*$/.test(t) && /^[\p{Lu}\d]/u.test(t) && !NUMBERED.test(t) && !SUB_ITEM.test(t);
  };
  const isHeading = (i: number): boolean => {
    if (!headingLike(paras[i])) return false;
    if (NUMBERED_HEADING.test(paras[i].text.text)) return true;
    let j = i + 1;
    while (j < paras.length && j < i + 6 && headingLike(paras[j])) j++;
    return isClauseStart(paras[j]);
  };

  let lastNumber = 0;
  paras.forEach((p, i) => {
    const t = p.text.text;
    const num = NUMBERED.exec(t);
    if (num) {
      const from = num[0].length;
      const n = Number(num[1]);
      if (lastNumber && n !== lastNumber + 1) {
        ctx.reporter.report('numbering-gap', 'segment/numbering', `paragraph ${n} follows paragraph ${lastNumber}`, p.text.rawSpan(0, num[0].length));
      }
      lastNumber = n;
      inOperative = true;
      start(p, from, num[1], 'operative', ctx.rules?.openers.match(t, from) ?? null);
      return;
    }
    const sub = SUB_ITEM.exec(t);
    if (sub && cur) {
      append(p, 0, sub[0].trim());
      return;
    }
    const match = ctx.rules?.openers.match(t) ?? null;
    const emphasised = p.emphasis.some(([s]) => s === 0);
    // a heading may begin like an opener ("Appui du système des Nations Unies…"): its missing
    // final punctuation and the clause after it decide
    const heading = !emphasised && !match && isHeading(i);
    if (cur) {
      const prevText = cur.builder.length ? (cur.pieces[cur.pieces.length - 1]?.text ?? '') : '';
      const cut = !TERMINAL.test(prevText);
      // a page break cuts clauses anywhere: what follows a clause without its final punctuation,
      // what starts in lower case, and what follows a break without an opener continue the clause
      if (cut || startsLower(t) || (p.afterBreak && !match && !emphasised && !heading)) {
        append(p, 0, null);
        return;
      }
    }
    if (heading) {
      finish();
      headings.push(p.text);
      ctx.reporter.report('heading-in-clauses', 'segment/heading', `heading "${t.slice(0, 60)}" between clauses`, p.text.rawSpan());
      return;
    }
    let part: Clause['part'];
    if (inOperative) part = 'operative';
    else if (match) part = match.role;
    else part = OPERATIVE_END.test(t) ? 'operative' : 'preamble';
    if (part === 'operative') inOperative = true;
    start(p, 0, null, part, match);
  });
  finish();
  return { preamble, operative, headings };
}
