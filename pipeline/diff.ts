/**
 * `resolex diff <old-out> <new-out>`: what changed in the extracted structure between two output
 * folders, document by document — clauses added, removed or reworded (with a word diff), header
 * fields changed, references and entities gained or lost, kind or error changed. Not the JSON bytes.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { diffWords } from 'diff';
import { MANIFEST } from './io.ts';

type Rec = Record<string, unknown> & {
  kind?: string;
  header?: Record<string, unknown>;
  preamble?: { text: string; opener?: string }[];
  operative?: { text: string; number?: string | null }[];
  references?: { id: string }[];
  entities?: { type: string; normalized: string | null; text: string }[];
  error?: { code: string; message: string };
};

export interface ClauseChange {
  part: 'preamble' | 'operative';
  change: 'added' | 'removed' | 'reworded';
  /** 1-based position in the old (removed, reworded) or new (added) record */
  index: number;
  old?: string;
  new?: string;
  /** the word diff, with [-removed-] and {+added+} marks */
  words?: string;
}

export interface DocDiff {
  record: string;
  status: 'added' | 'removed' | 'changed';
  header: { field: string; old: unknown; new: unknown }[];
  clauses: ClauseChange[];
  references: { gained: string[]; lost: string[] };
  entities: { gained: string[]; lost: string[] };
}

async function records(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name.endsWith('.json') && !(d === dir && e.name === MANIFEST)) out.set(relative(dir, p).split(sep).join('/'), p);
    }
  };
  await walk(dir);
  return out;
}

/** Word-bigram similarity of two texts, to tell a reworded clause from a new one. */
function similarity(a: string, b: string): number {
  const bi = (s: string) => {
    const w = s.toLowerCase().split(/\s+/).filter(Boolean);
    return new Set(w.slice(1).map((x, i) => `${w[i]} ${x}`));
  };
  const x = bi(a);
  const y = bi(b);
  if (!x.size && !y.size) return a === b ? 1 : 0;
  let n = 0;
  for (const k of x) if (y.has(k)) n++;
  return (2 * n) / (x.size + y.size);
}

const REWORDED = 0.5;

function wordDiff(a: string, b: string): string {
  return diffWords(a, b)
    .map((p) => (p.added ? `{+${p.value}+}` : p.removed ? `[-${p.value}-]` : p.value))
    .join('');
}

/** Clauses aligned in order on identical text; what stays unmatched between two anchors is reworded, added or removed. */
function diffClauses(part: 'preamble' | 'operative', a: string[], b: string[]): ClauseChange[] {
  const n = a.length;
  const m = b.length;
  const dp: number[][] = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const out: ClauseChange[] = [];
  let i = 0;
  let j = 0;
  const gap = (i0: number, i1: number, j0: number, j1: number) => {
    const olds = a.slice(i0, i1);
    const news = b.slice(j0, j1);
    const k = Math.min(olds.length, news.length);
    let x = 0;
    for (; x < k && similarity(olds[x], news[x]) >= REWORDED; x++) {
      out.push({ part, change: 'reworded', index: i0 + x + 1, old: olds[x], new: news[x], words: wordDiff(olds[x], news[x]) });
    }
    for (let y = x; y < olds.length; y++) out.push({ part, change: 'removed', index: i0 + y + 1, old: olds[y] });
    for (let y = x; y < news.length; y++) out.push({ part, change: 'added', index: j0 + y + 1, new: news[y] });
  };
  let gi = 0;
  let gj = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      gap(gi, i, gj, j);
      i++;
      j++;
      gi = i;
      gj = j;
    } else if (dp[i + 1][j] >= dp[i][j + 1]) i++;
    else j++;
  }
  gap(gi, n, gj, m);
  return out;
}

const HEADER_FIELDS = ['body', 'symbol', 'number', 'title', 'session', 'place', 'adopted', 'date'];

function entityKey(e: { type: string; normalized: string | null; text: string }): string {
  return `${e.type}: ${e.normalized ?? e.text}`;
}

export function diffRecord(name: string, a: Rec | null, b: Rec | null): DocDiff | null {
  if (!a && !b) return null;
  const d: DocDiff = { record: name, status: !a ? 'added' : !b ? 'removed' : 'changed', header: [], clauses: [], references: { gained: [], lost: [] }, entities: { gained: [], lost: [] } };
  const x = a ?? {};
  const y = b ?? {};
  if (x.kind !== y.kind) d.header.push({ field: 'kind', old: x.kind ?? null, new: y.kind ?? null });
  if (JSON.stringify(x.error ?? null) !== JSON.stringify(y.error ?? null)) d.header.push({ field: 'error', old: x.error?.code ?? null, new: y.error?.code ?? null });
  for (const f of HEADER_FIELDS) {
    const o = x.header?.[f] ?? null;
    const nw = y.header?.[f] ?? null;
    if (JSON.stringify(o) !== JSON.stringify(nw)) d.header.push({ field: `header.${f}`, old: o, new: nw });
  }
  for (const part of ['preamble', 'operative'] as const) {
    d.clauses.push(...diffClauses(part, (x[part] ?? []).map((c) => c.text), (y[part] ?? []).map((c) => c.text)));
  }
  const setDiff = (o: string[], nw: string[]) => {
    const so = new Set(o);
    const sn = new Set(nw);
    return { gained: [...sn].filter((k) => !so.has(k)).sort(), lost: [...so].filter((k) => !sn.has(k)).sort() };
  };
  d.references = setDiff((x.references ?? []).map((r) => r.id), (y.references ?? []).map((r) => r.id));
  d.entities = setDiff((x.entities ?? []).map(entityKey), (y.entities ?? []).map(entityKey));
  const empty = !d.header.length && !d.clauses.length && !d.references.gained.length && !d.references.lost.length && !d.entities.gained.length && !d.entities.lost.length;
  return d.status === 'changed' && empty ? null : d;
}

export async function diffOutputs(oldDir: string, newDir: string): Promise<DocDiff[]> {
  const [a, b] = await Promise.all([records(oldDir), records(newDir)]);
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  const out: DocDiff[] = [];
  const load = async (p: string | undefined) => (p ? (JSON.parse(await readFile(p, 'utf8')) as Rec) : null);
  for (const n of names) {
    const d = diffRecord(n, await load(a.get(n)), await load(b.get(n)));
    if (d) out.push(d);
  }
  return out;
}

const short = (s: unknown, n = 160) => {
  const t = typeof s === 'string' ? s : JSON.stringify(s);
  return t.length > n ? `${t.slice(0, n)}…` : t;
};

/** Markdown for a pull request. */
export function diffMarkdown(diffs: DocDiff[]): string {
  if (!diffs.length) return 'No change in the extracted records.\n';
  const count = (s: DocDiff['status']) => diffs.filter((d) => d.status === s).length;
  const lines = [`# Extraction changes: ${count('changed')} changed, ${count('added')} added, ${count('removed')} removed`, ''];
  for (const d of diffs) {
    lines.push(`## ${d.record} (${d.status})`, '');
    if (d.status !== 'changed') continue;
    for (const h of d.header) lines.push(`- \`${h.field}\`: ${short(h.old)} → ${short(h.new)}`);
    for (const c of d.clauses) {
      const label = `${c.part} ${c.index}`;
      if (c.change === 'reworded') lines.push(`- ${label} reworded: ${c.words}`);
      else if (c.change === 'added') lines.push(`- ${label} added: ${short(c.new)}`);
      else lines.push(`- ${label} removed: ${short(c.old)}`);
    }
    if (d.references.gained.length) lines.push(`- references gained: ${d.references.gained.join(', ')}`);
    if (d.references.lost.length) lines.push(`- references lost: ${d.references.lost.join(', ')}`);
    if (d.entities.gained.length) lines.push(`- entities gained: ${d.entities.gained.map((e) => short(e, 80)).join('; ')}`);
    if (d.entities.lost.length) lines.push(`- entities lost: ${d.entities.lost.map((e) => short(e, 80)).join('; ')}`);
    lines.push('');
  }
  return lines.join('\n');
}
