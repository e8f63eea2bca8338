/**
 * Every occurrence of many literals in one pass over a text: an Aho–Corasick automaton over UTF-16
 * code units, built once per run. The anchors of the reference and entity patterns ask, text by
 * text, whether and where their literals occur; one pass answers all of them, where a search per
 * list and per text cost ~10% of the pipeline (measured with npm run bench).
 *
 * Written here rather than taken from a package: the ones on the registry keep a JS object per
 * state and return matched strings, while this needs offsets in code units, case folding that
 * agrees with String.prototype.toLowerCase, and typed tables the JIT keeps tight.
 */

import { UnitsBuffer } from './units.ts';

/** a code unit the caseless scan cannot fold alone: its lower case is not one unit, or depends on context ("Σ") */
const UNFOLDABLE = 0xffff;

let lowerTable: Uint16Array | null = null;

/** Each code unit's lower case as toLowerCase gives it, or UNFOLDABLE: made once per thread (~3 ms). */
function lowerUnits(): Uint16Array {
  if (lowerTable) return lowerTable;
  const table = new Uint16Array(0x10000);
  for (let u = 0; u < 0x10000; u++) {
    // surrogates: a pair lower-cases as a whole; "Σ" lower-cases by what follows it
    if ((u >= 0xd800 && u <= 0xdfff) || u === 0x3a3) table[u] = UNFOLDABLE;
    else {
      const lower = String.fromCharCode(u).toLowerCase();
      table[u] = lower.length === 1 ? lower.charCodeAt(0) : UNFOLDABLE;
    }
  }
  return (lowerTable = table);
}

/**
 * The string as a caseless scan sees it, unit by unit ("Président" → "président"), or null when a
 * unit of it does not fold to one unit: a scan could not keep its offsets.
 */
export function foldUnits(s: string): string | null {
  const lower = lowerUnits();
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const u = lower[s.charCodeAt(i)];
    if (u === UNFOLDABLE) return null;
    out += String.fromCharCode(u);
  }
  return out;
}

export class LiteralAutomaton {
  /** code unit → its class: 0 for a unit in no literal, UNFOLDABLE (caseless only) */
  private readonly classOf = new Uint16Array(0x10000);
  private readonly width: number;
  /** row of a state (state × width) + class → the next state's row; every state has every transition (failure links folded in) */
  private readonly rows: Int32Array;
  /** rows from this one on are states where literals end */
  private readonly firstOut: number;
  /** the literals ending at each state: outIds[outStart[s] .. outStart[s + 1]) */
  private readonly outStart: Int32Array;
  private readonly outIds: Int32Array;
  /** each literal's length, by id (its index in `literals`) */
  readonly lengths: Int32Array;

  /**
   * `literals` are distinct and not empty. `caseless`: they are lower-cased, and the text is
   * matched as its toLowerCase() would be, offsets unchanged.
   */
  constructor(
    readonly literals: readonly string[],
    readonly caseless: boolean,
  ) {
    const classes = new Map<number, number>();
    for (const l of literals) for (let i = 0; i < l.length; i++) if (!classes.has(l.charCodeAt(i))) classes.set(l.charCodeAt(i), classes.size + 1);
    this.width = classes.size + 1;
    if (caseless) foldedClasses(this.classOf, classes);
    else for (const [u, c] of classes) this.classOf[u] = c;

    // the trie, then breadth first: failure links, full transitions, outputs along failure chains
    const next: Map<number, number>[] = [new Map()];
    const ends: number[][] = [[]];
    literals.forEach((l, id) => {
      let s = 0;
      for (let i = 0; i < l.length; i++) {
        const c = classes.get(l.charCodeAt(i))!;
        let t = next[s].get(c);
        if (t === undefined) {
          t = next.length;
          next.push(new Map());
          ends.push([]);
          next[s].set(c, t);
        }
        s = t;
      }
      ends[s].push(id);
    });
    const w = this.width;
    const delta = new Int32Array(next.length * w);
    const fail = new Int32Array(next.length);
    const outs: number[][] = ends.map((e) => [...e]);
    const queue: number[] = [];
    for (const [c, t] of next[0]) {
      delta[c] = t;
      queue.push(t);
    }
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q];
      outs[s].push(...outs[fail[s]].filter((id) => !outs[s].includes(id)));
      transitions(s, next[s], w, delta, fail, queue);
    }
    // states renumbered, those where a literal ends last: one comparison per unit tells whether
    // the scan has anything to report; transitions hold the next state's row (state × width)
    const order = [...outs.keys()].sort((a, b) => Number(outs[a].length > 0) - Number(outs[b].length > 0) || a - b);
    const renamed = new Int32Array(order.length);
    order.forEach((old, k) => (renamed[old] = k));
    this.rows = renumbered(delta, order, renamed, w);
    this.firstOut = order.findIndex((st) => outs[st].length > 0) * w;
    if (this.firstOut < 0) this.firstOut = order.length * w;
    this.outStart = new Int32Array(order.length + 1);
    let n = 0;
    order.forEach((st, k) => {
      this.outStart[k] = n;
      n += outs[st].length;
    });
    this.outStart[order.length] = n;
    this.outIds = Int32Array.from(order.flatMap((st) => outs[st]));
    this.lengths = Int32Array.from(literals, (l) => l.length);
  }

  /**
   * Counts every occurrence into `counts` (by literal id; none when null) and appends each as
   * (id, end) to `hits`, in order of end. False, with nothing counted, when a caseless scan meets a
   * unit it cannot fold: the caller then searches the lower-cased text itself.
   */
  scan(text: string, counts: number[] | Int32Array | null, hits: number[]): boolean {
    let row = 0;
    // a text longer than the buffer is read in pieces: the state carries over from one to the next
    scanUnits.pieces(text, 0, (units, n, base) => (row = this.run(units, n, base, row, counts, hits)) >= 0);
    if (row < 0) {
      counts?.fill(0);
      hits.length = 0;
      return false;
    }
    return true;
  }

  /** Runs units[0, n) (text from `base`) from state `row`: the state reached, or -1 at a unit the scan cannot fold. */
  private run(units: Uint16Array, n: number, base: number, row: number, counts: number[] | Int32Array | null, hits: number[]): number {
    const { classOf, rows, firstOut, outStart, outIds, width } = this;
    for (let i = 0; i < n; i++) {
      const c = classOf[units[i]];
      // never a class of a case-sensitive automaton
      if (c === UNFOLDABLE) return -1;
      row = rows[row + c];
      if (row >= firstOut) {
        const s = row / width;
        for (let k = outStart[s]; k < outStart[s + 1]; k++) {
          if (counts) counts[outIds[k]]++;
          hits.push(outIds[k], base + i + 1);
        }
      }
    }
    return row;
  }
}

// The constructor's loops over every code unit and every transition are functions of their own: V8
// compiles a loop that runs long while its function runs, and compiling the whole constructor for
// it took ~100 ms of a worker's start (the automata are built once per run, so that code never
// pays back); these small functions compile in a few milliseconds.

/** classOf[u] for a caseless automaton: the class of u's lower case, or UNFOLDABLE */
function foldedClasses(classOf: Uint16Array, classes: Map<number, number>): void {
  const lower = lowerUnits();
  for (let u = 0; u < 0x10000; u++) classOf[u] = lower[u] === UNFOLDABLE ? UNFOLDABLE : (classes.get(lower[u]) ?? 0);
}

/** State s's transitions, each class's in `delta` (its failure state's when the trie has none); its children get their failure states and join the queue. */
function transitions(s: number, kids: Map<number, number>, w: number, delta: Int32Array, fail: Int32Array, queue: number[]): void {
  for (let c = 1; c < w; c++) {
    const t = kids.get(c);
    if (t === undefined) delta[s * w + c] = delta[fail[s] * w + c];
    else {
      fail[t] = delta[fail[s] * w + c];
      delta[s * w + c] = t;
      queue.push(t);
    }
  }
}

/** The transitions of the states in their new order, each to the next state's row (its new number × width). */
function renumbered(delta: Int32Array, order: number[], renamed: Int32Array, w: number): Int32Array {
  const rows = new Int32Array(delta.length);
  for (let k = 0; k < order.length; k++) for (let c = 0; c < w; c++) rows[k * w + c] = renamed[delta[order[k] * w + c]] * w;
  return rows;
}

/** the automata's own units buffer: a scan calls nothing that fills it */
const scanUnits = new UnitsBuffer();
