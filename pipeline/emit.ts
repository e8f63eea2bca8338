/**
 * Stage 5, emit: the record, built from the segments and validated by the zod schema. A record
 * that fails its own schema is a defect of the tool, reported as `internal-error`, never written.
 */
import { createHash } from 'node:crypto';
import { FORMAT_VERSION, RecordSchema, type ResolexRecord } from './schema.ts';
import { ResolexError } from './diagnostics.ts';
import type { Clause } from './segment/model.ts';
import type { Section } from './segment/sections.ts';
import type { MappedText } from './text/mapped.ts';
import type { DocState } from './types.ts';

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

// The record's parts are built without spreads: a clause's common fields are set on its head, a
// section's span is found by a loop. emit runs once per document, and its optimized code was the
// most costly V8 compiled in a worker (65 ms of compiler time with spreads, 55 ms without; --trace-opt)

/** the footnote markers a clause carries, each once, in order */
function clauseNotes(c: Clause): string[] {
  const out: string[] = [];
  // a set, not a search of the list: a clause may carry thousands of markers
  const seen = new Set<string>();
  for (const m of c.markers) {
    if (seen.has(m.marker)) continue;
    seen.add(m.marker);
    out.push(m.marker);
  }
  return out;
}

type ClauseFields = Omit<ResolexRecord['preamble'][number], 'index'>;

/**
 * A clause's record: its `head` (the index, and the number of an operative clause) with the
 * fields every clause has set after it, in the record's key order.
 */
function clauseRecord<H extends { index: number }>(head: H, c: Clause): H & ClauseFields {
  const r = head as H & ClauseFields;
  r.opener = c.opener;
  r.openerSource = c.openerSource;
  r.relation = c.relation;
  r.rule = c.ruleId;
  r.text = c.text.text;
  r.span = c.text.rawSpan();
  r.items = c.items;
  r.footnotes = clauseNotes(c);
  return r;
}

/** from the start of the first of a section's blocks to the end of the last, or 0-0 for none */
function sectionSpan(sec: Section): { start: number; end: number } {
  let start = Infinity;
  let end = -Infinity;
  const take = (b: MappedText | null) => {
    if (!b || b.length === 0) return;
    const r = b.rawSpan();
    if (r.start < start) start = r.start;
    if (r.end > end) end = r.end;
  };
  take(sec.heading);
  for (const b of sec.paragraphs) take(b);
  for (const b of sec.items) take(b);
  return end >= start ? { start, end } : { start: 0, end: 0 };
}

export function emit(doc: DocState): void {
  const s = doc.segments!;
  const h = s.header;
  const evidence: Record<string, { span: { start: number; end: number }; rule: string }> = {};
  for (const [k, f] of Object.entries(h)) if (f) evidence[k] = { span: f.span, rule: f.ruleId };
  const rec: ResolexRecord = {
    resolex: FORMAT_VERSION,
    source: doc.source,
    sha256: sha256(doc.bytes ?? doc.raw),
    encoding: doc.encoding,
    language: doc.language ?? 'und',
    kind: s.kind,
    kindEvidence: doc.kindEvidence ?? [],
    header: {
      body: h.body?.value ?? null,
      symbol: h.symbol?.value ?? null,
      number: h.number?.value ?? null,
      title: h.title?.value ?? null,
      session: h.session?.value ?? null,
      place: h.place?.value ?? null,
      adopted: h.adopted?.value ?? null,
      date: h.date?.value ?? null,
      agendaItem: h.agendaItem?.value ?? null,
      evidence,
    },
    enacting: s.enacting ? { text: s.enacting.text, span: s.enacting.rawSpan() } : null,
    preamble: s.preamble.map((c, i) => clauseRecord({ index: i + 1 }, c)),
    operative: s.operative.map((c, i) => clauseRecord({ index: i + 1, number: c.number }, c)),
    footnotes: s.footnotes.map((f) => ({
      marker: f.marker,
      text: f.text.text,
      span: f.span,
      markerSpan: f.markerSpan,
      clause: f.clause ? `${f.clause.part}/${f.clause.index + 1}` : null,
    })),
    closing: s.closing ? { text: s.closing.text.text, span: s.closing.text.rawSpan(), meeting: s.closing.meeting, date: s.closing.date } : null,
    headings: s.headings.map((t) => ({ text: t.text, span: t.rawSpan() })),
    annex: s.annex.map((t) => ({ text: t.text, span: t.rawSpan() })),
    references: doc.references ?? [],
    entities: doc.entities ?? [],
    sections: s.sections.map((sec) => ({
      heading: sec.heading?.text ?? null,
      paragraphs: sec.paragraphs.map((p) => p.text),
      items: sec.items.map((p) => p.text),
      span: sectionSpan(sec),
    })),
    quotes: s.quotes.map((q) => ({ text: q.text.text, speaker: q.speaker, role: q.role, span: q.text.rawSpan() })),
    boilerplate: (doc.boilerplate ?? []).map((b) => ({ text: b.text, span: b.span })),
    dropped: (doc.dropped ?? []).map((d) => ({ rule: d.ruleId, span: d.span })),
    diagnostics: doc.reporter.list().map((d) => ({
      severity: d.severity,
      code: d.code,
      rule: d.ruleId,
      message: d.message,
      line: d.line,
      column: d.column,
      span: d.span,
    })),
  };
  const res = RecordSchema.safeParse(rec);
  if (!res.success) {
    const i = res.error.issues[0];
    throw new ResolexError('internal-error', `record fails its schema at ${i.path.join('.')}: ${i.message}`);
  }
  doc.record = rec;
}
