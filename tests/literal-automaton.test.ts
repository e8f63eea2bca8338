import { describe, expect, it } from 'vitest';
import { LiteralAutomaton } from '../pipeline/text/literal-automaton.ts';
import { UNITS_CAPACITY } from '../pipeline/text/units.ts';

/** every occurrence, overlapping ones included, as "literal@start", by end then literal */
function naive(literals: string[], caseless: boolean, text: string): string[] | null {
  const t = caseless ? text.toLowerCase() : text;
  if (t.length !== text.length) return null;
  const out: [number, number, string][] = [];
  for (const l of literals) for (let at = t.indexOf(l); at >= 0; at = t.indexOf(l, at + 1)) out.push([at + l.length, at, l]);
  return out.sort((a, b) => a[0] - b[0] || a[2].localeCompare(b[2])).map(([, at, l]) => `${l}@${at}`);
}

function scan(literals: string[], caseless: boolean, text: string): string[] | null {
  const a = new LiteralAutomaton(literals, caseless);
  const counts = new Int32Array(literals.length);
  const hits: number[] = [];
  if (!a.scan(text, counts, hits)) {
    expect([...counts].every((c) => c === 0) && hits.length === 0).toBe(true);
    expect(a.scan(text, null, hits)).toBe(false);
    return null;
  }
  const out: [number, number, string][] = [];
  for (let h = 0; h < hits.length; h += 2) out.push([hits[h + 1], hits[h + 1] - a.lengths[hits[h]], literals[hits[h]]]);
  // counts agree with the hits, and a scan without counts gives the same hits
  literals.forEach((l, id) => expect(counts[id]).toBe(out.filter((o) => o[2] === l).length));
  const uncounted: number[] = [];
  expect(a.scan(text, null, uncounted)).toBe(true);
  expect(uncounted).toEqual(hits);
  return out.sort((a, b) => a[0] - b[0] || a[2].localeCompare(b[2])).map(([, at, l]) => `${l}@${at}`);
}

describe('literal automaton', () => {
  it.each([
    // literals, caseless, text, expected
    [['he', 'she', 'his', 'hers'], false, 'ushers', ['he@2', 'she@1', 'hers@2']],
    [['du ', ' session'], false, 'la session du 3 mai', [' session@2', 'du @11']],
    [['aa'], false, 'aaaa', ['aa@0', 'aa@1', 'aa@2']],
    [['mai', 'mais'], false, 'mais', ['mai@0', 'mais@0']],
    [['août', 'mars'], true, 'le 3 AOÛT et 4 Mars', ['août@5', 'mars@15']],
    [['résolution'], false, 'Résolution et résolution', ['résolution@14']],
    [['l’union'], true, 'L’Union', ['l’union@0']],
    [['abc'], false, '', []],
    [['x'], false, '😀x', ['x@2']],
  ] as const)('%j (caseless %s) in %j', (literals, caseless, text, expected) => {
    expect(scan([...literals], caseless, text)).toEqual(expected);
    expect(naive([...literals], caseless, text)).toEqual(expected);
  });

  it.each([
    ['"İ" lower-cases to two units', 'İstanbul mai'],
    ['"Σ" lower-cases by context', 'ΣΑΣ mai'],
    ['a surrogate pair lower-cases as a whole', '𐐀 mai'],
  ])('a caseless scan gives way when %s', (_why, text) => {
    expect(scan(['mai'], true, text)).toBeNull();
    // a case-sensitive scan has nothing to fold
    expect(scan(['mai'], false, text)).toEqual(['mai@' + text.indexOf('mai')]);
  });

  // texts longer than the units buffer are read in pieces: a literal across the seam, and a unit
  // the scan cannot fold only in the second piece
  it.each([
    [UNITS_CAPACITY - 3, false],
    [UNITS_CAPACITY - 3, true],
    [UNITS_CAPACITY, true],
    [2 * UNITS_CAPACITY - 1, true],
  ])('a text read in pieces, the seam at %i (caseless %s)', (at, caseless) => {
    const text = 'x'.repeat(at) + ' session du mai ' + 'y'.repeat(10);
    const literals = ['session', 'mai', 'x s'];
    expect(scan(literals, caseless, text)).toEqual(naive(literals, caseless, text));
    expect(scan(literals, caseless, text)).toEqual([`x s@${at - 1}`, `session@${at + 1}`, `mai@${at + 12}`]);
    if (caseless) expect(scan(literals, true, text + 'İ')).toBeNull();
  });

  it('finds what a search literal by literal finds, on random texts', () => {
    // a small alphabet with letters of both cases and accents: many overlaps and near misses
    const alphabet = 'aAbBéÉ ’-';
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const word = (n: number) => Array.from({ length: n }, () => alphabet[rand(alphabet.length)]).join('');
    for (let round = 0; round < 300; round++) {
      const caseless = round % 2 === 1;
      const literals = [...new Set(Array.from({ length: 1 + rand(6) }, () => word(1 + rand(4))).map((l) => (caseless ? l.toLowerCase() : l)))];
      const text = word(rand(60));
      expect(scan(literals, caseless, text), `${JSON.stringify(literals)} in ${JSON.stringify(text)}`).toEqual(naive(literals, caseless, text));
    }
  });
});
