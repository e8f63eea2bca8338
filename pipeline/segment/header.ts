/**
 * Header fields from the paragraphs before the enacting formula (and the formula itself, where
 * INTERPOL states session and place). Patterns are rules (rules/<lang>/header.yaml); each field
 * keeps the span it was read from and the rule that read it.
 */
import { ordinalValue, type CompiledRules } from '../rules/compile.ts';
import type { MappedText } from '../text/mapped.ts';
import type { Line, Paragraph } from '../types.ts';
import { firstDate } from './dates.ts';
import { emptyHeader, type Field, type Header } from './model.ts';

interface Unit {
  text: MappedText;
}

/** The units a header is read from: each paragraph whole, then each column cell of its lines. */
function units(paras: Paragraph[], lines: Line[]): Unit[] {
  const out: Unit[] = [];
  for (const p of paras) {
    out.push({ text: p.text });
    if (p.lines.length > 1 || (lines[p.lines[0]]?.clean?.cells.length ?? 0) > 1) {
      for (const li of p.lines) for (const c of lines[li].clean?.cells ?? []) out.push({ text: c });
    }
  }
  return out;
}

function field<T>(value: T, u: Unit, ruleId: string): Field<T> {
  return { value, span: u.text.rawSpan(), ruleId };
}

export function parseHeader(paras: Paragraph[], enacting: Paragraph | null, lines: Line[], rules: CompiledRules): Header {
  const h = emptyHeader();
  const rel = rules.raw.paths['header.yaml'] ?? 'header.yaml';
  const re = (id: string) => rules.header.get(id)?.re;
  const rid = (id: string) => `${rel}#${id}`;
  const us = units(paras, lines);
  let part: string | null = null;
  let interpolNumber: string | null = null;
  us.forEach((u, i) => {
    const t = u.text.text;
    let m: RegExpExecArray | null;
    if (!h.symbol && (m = re('symbol')?.exec(t) ?? null)) h.symbol = field(m.groups!.symbol, u, rid('symbol'));
    if (!h.body) {
      const b = rules.bodies.find((x) => x.re.test(t));
      if (b) h.body = field(b.body, u, b.ruleId);
    }
    if (!h.number && (m = re('resolution-number')?.exec(t) ?? null)) {
      h.number = field(m.groups!.number, u, rid('resolution-number'));
      if (m.groups!.title) h.title = field(m.groups!.title.trim(), u, rid('resolution-number'));
    }
    if (!h.number && (m = re('council-number')?.exec(t) ?? null)) h.number = field(m.groups!.number, u, rid('council-number'));
    if (!interpolNumber && (m = re('interpol-number')?.exec(t) ?? null)) interpolNumber = m.groups!.ordinal;
    if (!h.title && (m = re('subject')?.exec(t) ?? null)) h.title = field(m.groups!.title.trim(), u, rid('subject'));
    if (!h.session && (m = re('session-words')?.exec(t) ?? null)) {
      const n = ordinalValue(rules, m.groups!.ordinal);
      if (n) h.session = field(n, u, rid('session-words'));
    }
    if (!h.adopted && (m = re('adopted')?.exec(t) ?? null)) {
      const d = firstDate(m.groups!.date, rules);
      if (d) h.adopted = field(d.iso, u, rid('adopted'));
    }
    if (!h.adopted && (m = re('adopted-council')?.exec(t) ?? null)) {
      const d = firstDate(m.groups!.date, rules);
      if (d) h.adopted = field(d.iso, u, rid('adopted-council'));
    }
    if (!h.date && (m = re('distributed')?.exec(t) ?? null)) {
      const d = firstDate(m.groups!.date ?? '', rules) ?? (us[i + 1] ? firstDate(us[i + 1].text.text, rules) : null);
      if (d) h.date = field(d.iso, u, rid('distributed'));
    }
    if (!h.agendaItem && re('agenda-item')?.test(t)) h.agendaItem = field(t, u, rid('agenda-item'));
    if (!part && h.number && (m = re('part')?.exec(t) ?? null)) part = m.groups!.part;
  });
  if (enacting) {
    const u: Unit = { text: enacting.text };
    const t = u.text.text;
    let m: RegExpExecArray | null;
    if (!h.body) {
      const b = rules.bodies.find((x) => x.re.test(t));
      if (b) h.body = field(b.body, u, b.ruleId);
    }
    if (!h.session && (m = re('session-digits')?.exec(t) ?? null)) h.session = field(Number(m.groups!.session), u, rid('session-digits'));
    if (!h.place && (m = re('place')?.exec(t) ?? null)) h.place = field(m.groups!.place.trim(), u, rid('place'));
  }
  // the symbol, when not printed, follows from the body and the number: 77/20 of the Assembly is A/RES/77/20
  if (!h.symbol && h.number && h.body) {
    const b = rules.bodies.find((x) => x.body === h.body!.value);
    if (b && b.symbol.includes('{number}')) {
      const sym = b.symbol.replace('{number}', h.number.value.replace(/\s+/g, '')) + (part ? ` ${part}` : '');
      h.symbol = { value: sym, span: h.number.span, ruleId: h.number.ruleId };
    }
  }
  if (!h.number && interpolNumber && h.symbol) h.number = { value: interpolNumber, span: h.symbol.span, ruleId: rid('interpol-number') };
  // the body, when not printed, follows from the symbol's prefix
  if (!h.body && h.symbol) {
    const b = rules.bodies.find((x) => {
      const prefix = x.symbol.split('{')[0];
      return prefix.length > 1 && h.symbol!.value.startsWith(prefix);
    });
    if (b) h.body = { value: b.body, span: h.symbol.span, ruleId: b.ruleId };
  }
  return h;
}
