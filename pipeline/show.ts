/**
 * `resolex show <file>`: one document's structure, readable in a terminal — header, clauses
 * numbered with their opener, footnotes, and the references and entities found in each clause.
 * Accepts a record (.json) or an input, extracted on the fly.
 */
import type { ResolexRecord } from './schema.ts';

export function showRecord(r: ResolexRecord): string {
  const out: string[] = [];
  const h = r.header;
  out.push(`${r.source}  [${r.kind}, ${r.language}]`);
  for (const [k, v] of Object.entries(h)) if (k !== 'evidence' && v !== null) out.push(`  ${k}: ${v}`);
  const refsIn = (where: string) => r.references.filter((x) => x.in === where || x.clause === where).map((x) => x.id);
  const entsIn = (where: string) => r.entities.filter((e) => e.in === where).map((e) => `${e.type}:${e.normalized ?? e.text}`);
  const marks = (where: string) => {
    const refs = [...new Set(refsIn(where))];
    const ents = [...new Set(entsIn(where))];
    const lines: string[] = [];
    if (refs.length) lines.push(`      → refs: ${refs.join(', ')}`);
    if (ents.length) lines.push(`      → entities: ${ents.slice(0, 12).join('; ')}${ents.length > 12 ? ` (+${ents.length - 12})` : ''}`);
    return lines;
  };
  if (r.enacting) out.push('', r.enacting.text);
  if (r.preamble.length) out.push('', 'Preamble');
  for (const c of r.preamble) {
    out.push(`  P${c.index}  «${c.opener}» ${c.text.slice(c.opener.length).trim()}`);
    out.push(...marks(`preamble/${c.index}`));
  }
  if (r.operative.length) out.push('', 'Operative');
  for (const c of r.operative) {
    out.push(`  ${(c.number ?? `O${c.index}`).padStart(3)}.  «${c.opener}» ${c.text.slice(c.opener.length).trim()}`);
    out.push(...marks(`operative/${c.index}`));
  }
  if (r.footnotes.length) out.push('', 'Footnotes');
  for (const f of r.footnotes) out.push(`  [${f.marker}] ${f.text}${f.clause ? `   (in ${f.clause})` : ''}`);
  r.sections.forEach((s, i) => {
    out.push('', `Section ${i + 1}${s.heading ? `: ${s.heading}` : ''}`);
    for (const p of s.paragraphs) out.push(`  ${p}`);
    for (const it of s.items) out.push(`  - ${it}`);
    out.push(...marks(`section/${i + 1}`));
  });
  if (r.quotes.length) out.push('', 'Quotes');
  for (const q of r.quotes) out.push(`  « ${q.text} » — ${q.speaker ?? '?'}${q.role ? `, ${q.role}` : ''}`);
  if (r.closing) out.push('', `Closing: ${r.closing.text}`);
  const warn = r.diagnostics.filter((d) => d.severity !== 'info');
  if (warn.length) out.push('', 'Diagnostics');
  for (const d of warn) out.push(`  ${d.line}:${d.column}  ${d.severity}  ${d.message}  ${d.rule}`);
  return out.join('\n') + '\n';
}
