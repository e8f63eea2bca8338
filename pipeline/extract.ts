/**
 * Stage 5, extract: references to other documents, with rules from rules/<lang>/references.yaml,
 * in every clause, footnote, heading and annex paragraph. A reference in a footnote belongs to the
 * clause that carries the footnote's marker, and takes that clause's relation.
 */
import { findReferences, type DateReader } from './extract/references.ts';
import { findEntities, type EntityContext, type FoundEntity } from './extract/entities.ts';
import { ordinalValue } from './rules/compile.ts';
import { AnchorScan } from './rules/anchors.ts';
import { firstDate } from './segment/dates.ts';
import type { Entity, Reference } from './extract/model.ts';
import type { MappedText } from './text/mapped.ts';
import type { DocState } from './types.ts';

export function extract(doc: DocState): void {
  const s = doc.segments!;
  const rr = doc.rules?.references;
  const er = doc.rules?.entities;
  const refs: Reference[] = [];
  const ents: Entity[] = [];
  doc.references = refs;
  doc.entities = ents;
  if (!rr && !er) return;
  const rules = doc.rules!;
  const readDate: DateReader = (t) => firstDate(t, rules)?.iso ?? null;
  const h = s.header;
  const year = Number((h.adopted?.value ?? h.date?.value ?? '').slice(0, 4)) || null;
  const ectx: EntityContext = { year, ordinal: (w) => ordinalValue(rules, w) };
  const scan = (t: MappedText, where: string, clause: string | null, relation: string | null) => {
    // one scan of the text's literals, shared by the two finders
    const anchors = new AnchorScan(t.text, rules.anchors);
    if (rr) {
      for (const r of findReferences(t, rr, readDate, anchors)) {
        refs.push({ id: r.id, type: r.type, text: r.text, span: r.span, part: r.part, date: r.date, year: r.year, in: where, clause, relation, rule: r.rule });
      }
    }
    if (er) {
      // `in` goes last, as the record prints it; set on the found object, not assigned from a new one
      for (const e of findEntities(t, er, ectx, anchors)) {
        const entity = e as FoundEntity & Pick<Entity, 'in'>;
        entity.in = where;
        ents.push(entity);
      }
    }
  };
  if (s.enacting) scan(s.enacting, 'enacting', null, null);
  s.preamble.forEach((c, i) => scan(c.text, `preamble/${i + 1}`, `preamble/${i + 1}`, c.relation));
  s.operative.forEach((c, i) => scan(c.text, `operative/${i + 1}`, `operative/${i + 1}`, c.relation));
  for (const f of s.footnotes) {
    const clause = f.clause ? `${f.clause.part}/${f.clause.index + 1}` : null;
    const owner = f.clause ? (f.clause.part === 'preamble' ? s.preamble : s.operative)[f.clause.index] : null;
    scan(f.text, `footnote/${f.marker}`, clause, owner?.relation ?? null);
  }
  s.headings.forEach((h, i) => scan(h, `heading/${i + 1}`, null, null));
  s.sections.forEach((sec, i) => {
    const where = `section/${i + 1}`;
    if (sec.heading) scan(sec.heading, where, null, null);
    for (const p of sec.paragraphs) scan(p, where, null, null);
    for (const it of sec.items) scan(it, where, null, null);
  });
  s.annex.forEach((a, i) => scan(a, `annex/${i + 1}`, null, null));
  const order = (a: { span: { start: number; end: number } }, b: { span: { start: number; end: number } }) => a.span.start - b.span.start || a.span.end - b.span.end;
  refs.sort(order);
  ents.sort(order);
}
