/**
 * The record: one per input document, validated before it is written. `resolex schema` prints
 * this schema as JSON Schema. The fields read by evaluation tools (language, kind, header.*,
 * preamble[], operative[], footnotes[], references[], entities[], sections[]) keep their names
 * and meanings; everything else is added around them.
 */
import { z } from 'zod';

export const FORMAT_VERSION = '1';

const Span = z.strictObject({ start: z.number().int().min(0), end: z.number().int().min(0) }).describe('offsets into the decoded input (UTF-16 code units, CRLF kept)');
const Evidence = z.strictObject({ span: Span, rule: z.string() });

export const Diagnostic = z.strictObject({
  severity: z.enum(['error', 'warning', 'info']),
  code: z.string(),
  rule: z.string(),
  message: z.string(),
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  span: Span,
});

const SubItem = z.strictObject({ label: z.string(), span: Span });

const ClauseBase = {
  opener: z.string().describe('the leading phrase as printed'),
  openerSource: z.enum(['emphasis', 'rule', 'first-word', 'none']),
  relation: z.string().nullable().describe('what the clause does with what it cites (recalls, notes, decides …)'),
  rule: z.string().nullable(),
  text: z.string().describe('the whole clause, cleaned, on one line'),
  span: Span,
  items: z.array(SubItem),
  footnotes: z.array(z.string()).describe('markers of the footnotes this clause carries'),
};

export const PreambleClause = z.strictObject({ index: z.number().int().min(1), ...ClauseBase });
export const OperativeClause = z.strictObject({ index: z.number().int().min(1), number: z.string().nullable(), ...ClauseBase });

export const Footnote = z.strictObject({
  marker: z.string(),
  text: z.string(),
  span: Span,
  markerSpan: Span.nullable(),
  clause: z.string().nullable().describe('"preamble/3" or "operative/1" (1-based), null when the marker is in the header or absent'),
});

const TextBlock = z.strictObject({ text: z.string(), span: Span });

export const Header = z.strictObject({
  body: z.string().nullable(),
  symbol: z.string().nullable(),
  number: z.string().nullable(),
  title: z.string().nullable(),
  session: z.number().int().nullable(),
  place: z.string().nullable(),
  adopted: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  date: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/).nullable(),
  agendaItem: z.string().nullable(),
  evidence: z.record(z.string(), Evidence).describe('for each field found: where it was read and by which rule'),
});

export const Reference = z.strictObject({
  id: z.string().describe('canonical symbol: A/RES/77/20, S/RES/1325(2000), E/RES/2019/19, A/77/L.20, GA-2017-86-RES-06'),
  type: z.string().describe('resolution, decision, document, report, statement, record'),
  text: z.string().describe('as printed'),
  span: Span,
  part: z.string().nullable().describe('the part letter printed after a number: "62/232 A"'),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().describe('the date printed with it: "51/1 du 15 octobre 1996" → 1996-10-15'),
  year: z.number().int().nullable().describe('the year printed with a reference that has no symbol: "tenue en 2022"'),
  in: z.string().describe('where it is printed: "preamble/2", "operative/1", "footnote/3", "enacting", "heading/1", "annex/4"'),
  clause: z.string().nullable().describe('the clause it belongs to; for a footnote, the clause carrying the marker'),
  relation: z.string().nullable().describe('what the clause does with it, from its opener: recalls, notes, decides …'),
  rule: z.string(),
});
export const Entity = z.strictObject({
  type: z.string().describe('organization, place, date, person, session, meeting'),
  text: z.string().describe('as printed'),
  normalized: z.string().nullable().describe('full name of an organization, ISO 3166 code of a country, "Vienne (Autriche)" for a city, ISO date or interval, number of a session or meeting, "name (role)" of a person'),
  code: z.string().nullable().describe('ISO 3166-1 alpha-2 code of a place'),
  span: Span,
  in: z.string(),
  rule: z.string(),
});
export const Section = z.strictObject({
  heading: z.string().nullable(),
  paragraphs: z.array(z.string()),
  items: z.array(z.string()).describe('bullet points, bullet sign removed'),
  span: Span,
});
export const Quote = z.strictObject({ text: z.string(), speaker: z.string().nullable(), role: z.string().nullable(), span: Span });

export const RecordSchema = z.strictObject({
  resolex: z.literal(FORMAT_VERSION),
  source: z.string().describe('input path relative to the input root, "/"-separated'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  encoding: z.string(),
  language: z.string(),
  kind: z.enum(['resolution', 'press-release', 'report', 'other']),
  kindEvidence: z.array(z.strictObject({ rule: z.string(), kind: z.string(), line: z.number().int() })),
  header: Header,
  enacting: TextBlock.nullable(),
  preamble: z.array(PreambleClause),
  operative: z.array(OperativeClause),
  footnotes: z.array(Footnote),
  closing: z.strictObject({ text: z.string(), span: Span, meeting: z.number().int().nullable(), date: z.string().nullable() }).nullable(),
  headings: z.array(TextBlock),
  annex: z.array(TextBlock),
  references: z.array(Reference),
  entities: z.array(Entity),
  sections: z.array(Section),
  quotes: z.array(Quote),
  boilerplate: z.array(TextBlock).describe('lines that are no content (web addresses, handles), kept out of sections'),
  dropped: z.array(z.strictObject({ rule: z.string(), span: Span })).describe('what cleaning removed (page furniture, repeated and stray lines), for tracing'),
  diagnostics: z.array(Diagnostic),
});

export const ErrorRecordSchema = z.strictObject({
  resolex: z.literal(FORMAT_VERSION),
  source: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  error: z.strictObject({ code: z.string(), message: z.string() }),
});

export type ResolexRecord = z.infer<typeof RecordSchema>;
export type ErrorRecord = z.infer<typeof ErrorRecordSchema>;

export function jsonSchema(): unknown {
  return {
    title: 'resolex record',
    oneOf: [z.toJSONSchema(RecordSchema, { target: 'draft-2020-12' }), z.toJSONSchema(ErrorRecordSchema, { target: 'draft-2020-12' })],
  };
}
