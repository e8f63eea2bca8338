/**
 * References to other documents, found in a cleaned text (a clause, a footnote …) with rules from
 * rules/<lang>/references.yaml, each with its canonical id and its span in the raw input.
 *
 * Symbols printed whole (`A/77/L.20`, `GA-2017-86-RES-06`) are taken as they stand. Numbers cited
 * after a keyword are read as a list, the way eyecite reads citation strings: an item, then glue
 * (a date, a title, a separator), then the next item, until something else comes; what follows the
 * list may name the issuer (`… du Conseil économique et social`).
 */
import { compilePattern, type CompiledPattern, type LanguageRules } from '../rules/load.ts';
import type { MappedText, Span } from '../text/mapped.ts';
import { anchored, anchoredMatches, AnchorScan, type AnchoredPattern } from '../rules/anchors.ts';

export interface FoundReference {
  id: string;
  type: string;
  text: string;
  span: Span;
  /** offsets in the cleaned text searched */
  at: number;
  end: number;
  part: string | null;
  /** the date printed with it ("51/1 du 15 octobre 1996"), ISO */
  date: string | null;
  /** the year printed with a reference that has no symbol ("tenue en 2022") */
  year: number | null;
  rule: string;
}

export interface ReferenceRules {
  /** patterns run over whole texts carry their anchor: a text without its literals is not searched */
  symbols: AnchoredPattern[];
  keywords: (AnchoredPattern & { kind: 'resolution' | 'decision' })[];
  unnumbered: (AnchoredPattern & { kind: string })[];
  items: CompiledPattern[];
  glue: CompiledPattern[];
  issuers: (CompiledPattern & { prefix: string; before: RegExp | null })[];
  /** first Security Council resolution number of each year, ascending */
  councilYears: { year: number; first: number }[];
  councilLast: number;
  rel: string;
}

export function compileReferenceRules(rules: LanguageRules): ReferenceRules | null {
  const data = rules.files['references.yaml'];
  if (!data) return null;
  const rel = rules.paths['references.yaml']!;
  return {
    symbols: data.symbols.map((p, i) => anchored(compilePattern(p, rel, '', ['symbols', i], 'g'))),
    keywords: data.keywords.map((p, i) => ({ ...anchored(compilePattern(p, rel, '', ['keywords', i], 'g')), kind: p.kind })),
    unnumbered: data.unnumbered.map((p, i) => ({ ...anchored(compilePattern(p, rel, '', ['unnumbered', i], 'g')), kind: p.kind })),
    items: data.items.map((p, i) => compilePattern(p, rel, '', ['items', i], 'y')),
    glue: data.glue.map((p, i) => compilePattern(p, rel, '', ['glue', i], 'y')),
    issuers: data.issuers.map((p, i) => ({
      ...compilePattern(p, rel, '', ['issuers', i], 'y'),
      prefix: p.prefix,
      before: p.before ? compilePattern({ ...p, pattern: p.before }, rel, '', ['issuers', i, 'before']).re : null,
    })),
    councilYears: data.councilYears
      .flatMap((c) => Object.entries(c.first).map(([y, first]) => ({ year: Number(y), first })))
      .sort((a, b) => a.first - b.first),
    councilLast: Math.max(0, ...data.councilYears.map((c) => c.last)),
    rel,
  };
}

/** The id as the UN's document system writes it: no spaces, "(Part I)" → "(PartI)". */
export function canonicalSymbol(s: string): string {
  return s.replace(/\s+/g, '');
}

function symbolType(id: string): string {
  if (/\/RES\//.test(id) || /^GA-\d{4}-\d+-RES-/.test(id) || /\/Res\.\d/.test(id)) return 'resolution';
  if (/\/DEC\//.test(id)) return 'decision';
  if (/\/PRST\//.test(id)) return 'statement';
  if (/^GA-\d{4}-\d+-REP-/.test(id)) return 'report';
  if (/\/PV\.\d|\/SR\.\d/.test(id)) return 'record';
  return 'document';
}

/** S/RES/1325(2000): the year from the table of first numbers, when the table covers the number. */
function councilId(n: number, rr: ReferenceRules): string {
  let year: number | null = null;
  for (const y of rr.councilYears) if (y.first <= n) year = y.year;
  if (n > rr.councilLast || !rr.councilYears.length || n < rr.councilYears[0].first) year = null;
  return year ? `S/RES/${n}(${year})` : `S/RES/${n}`;
}

/** the first year an ECOSOC resolution number can carry: before it, a first part is a GA session */
const FIRST_YEAR = 1946;

function sticky(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

/** Reads a printed date as ISO, or null: the language's date rules, given by the caller. */
export type DateReader = (text: string) => string | null;

/** `scan` answers the anchor questions of `t`: it may be shared with other finders of the same text. */
export function findReferences(t: MappedText, rr: ReferenceRules, readDate: DateReader = () => null, scan: AnchorScan = new AnchorScan(t.text)): FoundReference[] {
  const text = t.text;
  const out: FoundReference[] = [];
  const taken: [number, number][] = [];
  const push = (r: Omit<FoundReference, 'span'>) => {
    if (taken.some(([a, b]) => r.at < b && r.end > a)) return;
    taken.push([r.at, r.end]);
    out.push({ ...r, span: t.rawSpan(r.at, r.end) });
  };
  for (const p of rr.symbols) {
    anchoredMatches(p.re, p.anchor, scan, (m) => {
      const sym = m.groups?.symbol ?? m[0];
      const at = m.index + m[0].indexOf(sym);
      if (!/\d/.test(sym)) return;
      const id = canonicalSymbol(sym);
      push({ id, type: symbolType(id), text: sym, at, end: at + sym.length, part: null, date: null, year: null, rule: `${rr.rel}#${p.id}` });
    });
  }
  for (const u of rr.unnumbered) {
    anchoredMatches(u.re, u.anchor, scan, (m) => {
      const g = m.groups ?? {};
      const body = g.body.replace(/\s+/g, ' ').trim();
      const id = `${u.kind} ${g.number}, ${body}, ${g.year}`;
      push({ id, type: u.kind, text: m[0], at: m.index, end: m.index + m[0].length, part: null, date: null, year: Number(g.year), rule: `${rr.rel}#${u.id}` });
    });
  }
  for (const k of rr.keywords) {
    anchoredMatches(k.re, k.anchor, scan, (m) => {
      let pos = m.index + m[0].length;
      // the issuer may stand between the keyword and the numbers: "résolutions du Conseil de sécurité 242 (1967)"
      let issuer: (typeof rr.issuers)[number] | null = null;
      const lead = text.slice(Math.max(0, m.index - 100), m.index);
      for (const is of rr.issuers) {
        if (is.before?.test(lead)) {
          issuer = is;
          break;
        }
        const im = sticky(is.re, text, pos);
        if (im) {
          issuer = is;
          pos += im[0].length;
          break;
        }
      }
      if (text[pos] !== ' ') return;
      pos++;
      const list: Omit<FoundReference, 'span'>[] = [];
      for (let guard = 0; guard < 200; guard++) {
        let item: { m: RegExpExecArray; rule: CompiledPattern } | null = null;
        for (const ip of rr.items) {
          const im = sticky(ip.re, text, pos);
          if (im && (!item || im[0].length > item.m[0].length)) item = { m: im, rule: ip };
        }
        if (!item) break;
        const g = item.m.groups ?? {};
        const number = g.number;
        let id: string;
        if (g.bare) id = `?/${g.bare}`;
        else if (g.roman) id = `A/RES/${number}(${g.roman})`;
        else if (g.year) id = `S/RES/${number}(${g.year})`;
        else if (k.kind === 'decision') id = `${Number(g.session) >= FIRST_YEAR ? 'E' : 'A'}/DEC/${g.session}/${number}`;
        else id = `${/^\d{4}$/.test(g.session) && Number(g.session) >= FIRST_YEAR ? 'E' : 'A'}/RES/${g.session}/${number}`;
        const end = pos + item.m[0].length;
        const ref: Omit<FoundReference, 'span'> = { id, type: k.kind, text: item.m[0], at: pos, end, part: g.part ?? null, date: null, year: null, rule: `${rr.rel}#${item.rule.id}` };
        list.push(ref);
        pos = end;
        // glue: dates, titles, annexes, then a separator before the next item
        let moved = true;
        while (moved) {
          moved = false;
          for (const gp of rr.glue) {
            const gm = sticky(gp.re, text, pos);
            if (gm && gm[0].length) {
              const next = pos + gm[0].length;
              // a separator only counts when an item follows it
              if (gp.id === 'list-separator' && !rr.items.some((ip) => sticky(ip.re, text, next))) continue;
              if (gp.id === 'dated' && !ref.date) ref.date = readDate(gm[0]);
              pos = next;
              moved = true;
              if (gp.id === 'list-separator') break;
            }
          }
          if (moved && rr.items.some((ip) => sticky(ip.re, text, pos))) break;
        }
      }
      // the issuer named after the list applies to its session-numbered items
      for (const is of issuer ? [issuer] : rr.issuers) {
        if (!issuer && !sticky(is.re, text, pos)) continue;
        for (const r of list) {
          const sm = /^[AE]\/RES\/((?:ES-|S-)?\d{1,4}\/\d{1,4})$/.exec(r.id);
          if (sm) r.id = `${is.prefix}${sm[1]}`;
          else if (is.prefix === 'S/RES/' && r.id.startsWith('?/')) r.id = councilId(Number(r.id.slice(2)), rr);
        }
        break;
      }
      // a bare number is a reference only where the Council was named
      for (const r of list) if (!r.id.startsWith('?/')) push(r);
    });
  }
  return out.sort((a, b) => a.at - b.at || a.end - b.end);
}
