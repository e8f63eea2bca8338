/**
 * Stage 5, emit: the record, built from the segments and validated by the zod schema. A record
 * that fails its own schema is a defect of the tool, reported as `internal-error`, never written.
 */
import { createHash } from 'node:crypto';
import { FORMAT_VERSION, RecordSchema, type ResolexRecord } from './schema.ts';
import { ResolexError } from './diagnostics.ts';
import type { Clause } from './segment/model.ts';
import type { DocState } from './types.ts';

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function clauseBase(c: Clause) {
  return {
    opener: c.opener,
    openerSource: c.openerSource,
    relation: c.relation,
    rule: c.ruleId,
    text: c.text.text,
    span: c.text.rawSpan(),
    items: c.items,
    footnotes: [...new Set(c.markers.map((m) => m.marker))],
  };
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
    preamble: s.preamble.map((c, i) => ({ index: i + 1, ...clauseBase(c) })),
    operative: s.operative.map((c, i) => ({ index: i + 1, number: c.number, ...clauseBase(c) })),
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
    sections: s.sections.map((sec) => {
      const blocks = [sec.heading, ...sec.paragraphs, ...sec.items].filter((b): b is NonNullable<typeof b> => !!b && b.length > 0);
      const spans = blocks.map((b) => b.rawSpan());
      return {
        heading: sec.heading?.text ?? null,
        paragraphs: sec.paragraphs.map((p) => p.text),
        items: sec.items.map((p) => p.text),
        span: spans.length ? { start: Math.min(...spans.map((x) => x.start)), end: Math.max(...spans.map((x) => x.end)) } : { start: 0, end: 0 },
      };
    }),
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
