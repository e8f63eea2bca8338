/**
 * Record claims decided from path prefixes alone must give what a map of every record would: the
 * same collisions, reported against the same input, and the same orphan records taken over.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RecordClaims, isOwnRecord } from '../pipeline/claims.ts';
import { byPath, outputName } from '../pipeline/io.ts';

const RESERVED = new Map([
  ['manifest.json', "the output folder's own manifest.json"],
  ['dataset.jsonl', "the output folder's own dataset.jsonl"],
]);

type Item = { rel: string; orphan: boolean };

/** What the claims must give: every record and folder kept in maps. */
function reference(items: Item[]): { collisions: [string, string][]; takenOver: string[] } {
  const taken = new Map(RESERVED);
  const folders = new Map<string, string>();
  const collisions: [string, string][] = [];
  for (const { rel, orphan } of items) {
    if (orphan) continue;
    const o = outputName(rel);
    const parents = o.split('/').slice(0, -1).map((_, i, a) => a.slice(0, i + 1).join('/'));
    const other = taken.get(o) ?? folders.get(o) ?? parents.map((d) => taken.get(d)).find(Boolean);
    if (other) {
      collisions.push([rel, other]);
      continue;
    }
    taken.set(o, rel);
    for (const d of parents) if (!folders.has(d)) folders.set(d, rel);
  }
  const takenOver = items.filter((i) => i.orphan && taken.has(outputName(i.rel))).map((i) => outputName(i.rel));
  return { collisions, takenOver: [...new Set(takenOver)].sort() };
}

function streamed(items: Item[]): { collisions: [string, string][]; takenOver: string[] } {
  const claims = new RecordClaims(RESERVED);
  const collisions: [string, string][] = [];
  for (const { rel, orphan } of items) {
    if (orphan) claims.orphan(rel, outputName(rel));
    else {
      const other = claims.claim(rel, outputName(rel));
      if (other) collisions.push([rel, other]);
    }
  }
  claims.end();
  return { collisions, takenOver: [...claims.takenOver].sort() };
}

const sorted = (rels: string[], orphans: string[] = []): Item[] =>
  [...rels.map((rel) => ({ rel, orphan: false })), ...orphans.map((rel) => ({ rel, orphan: true }))].sort((a, b) => byPath(a.rel, b.rel));

describe('record claims', () => {
  it.each([
    // two extensions, one stem: the first in input-path order keeps the record
    [['a.md', 'a.txt'], [['a.txt', 'a.md']]],
    // a record where another needs a folder, either way round
    [['a.json/x.txt', 'a.txt'], [['a.txt', 'a.json/x.txt']]],
    [['a.txt', 'a.txt.d/y.md', 'a.json/x.txt'].sort(byPath), [['a.txt', 'a.json/x.txt']]],
    // far apart in input-path order, still within one prefix
    [['a.b.c.md', 'a.b.c/d/e.txt', 'a.b.c.x/y.txt', 'a.b.c.txt'], [['a.b.c.txt', 'a.b.c.md']]],
    // the output folder's own files
    [['manifest.txt', 'dataset.jsonl/x.txt', 'b.txt'], [['dataset.jsonl/x.txt', "the output folder's own dataset.jsonl"], ['manifest.txt', "the output folder's own manifest.json"]]],
    // no collision: similar names
    [['a.txt', 'a-b.txt', 'a/b.txt', 'ab.txt', 'a.json.txt'], []],
  ])('%j → %j', (rels, expected) => {
    const items = sorted(rels);
    expect(streamed(items).collisions).toEqual(expected);
    expect(reference(items).collisions).toEqual(expected);
  });

  it('an orphan whose record another input now has is taken over, whichever comes first', () => {
    const items = sorted(['a.txt', 'c.md'], ['a.md', 'c.txt', 'd.txt']);
    expect(streamed(items).takenOver).toEqual(['a.json', 'c.json']);
  });

  it('any sorted list: the same as a map of every record', () => {
    const part = fc.constantFrom('a', 'a.json', 'a.b', 'b', 'a.txt', 'manifest.json', 'dataset.jsonl', 'a-b');
    const file = fc.constantFrom('a.txt', 'a.md', 'a.b.txt', 'a.json.md', 'b.txt', 'manifest.txt', 'a', 'a.json');
    const path = fc.tuple(fc.array(part, { maxLength: 3 }), file).map(([dirs, f]) => [...dirs, f].join('/'));
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(path, fc.boolean()), { maxLength: 25, selector: ([p]) => p }), (list) => {
        const items = list.map(([rel, orphan]) => ({ rel, orphan })).sort((a, b) => byPath(a.rel, b.rel));
        expect(streamed(items)).toEqual(reference(items));
      }),
      { numRuns: 3000 },
    );
  });

  it('holds the prefixes of one path, not every path', () => {
    const claims = new RecordClaims(RESERVED);
    let most = 0;
    for (let i = 0; i < 10_000; i++) {
      const rel = `d${String(i % 100).padStart(3, '0')}/f${String(i).padStart(5, '0')}.txt`;
      expect(claims.claim(rel, outputName(rel))).toBeNull();
      most = Math.max(most, claims.held);
    }
    expect(most).toBe(1);
  });

  it.each([
    ['a/b.txt', 'a/b.json', true],
    ['a', 'a.json', true],
    ['a\\b.txt', 'a\\b.json', true],
    ['a.txt', 'b.json', false],
    ['a.txt', 'a.txt.json', false],
  ])('isOwnRecord(%j, %j) = %j', (rel, record, own) => {
    expect(isOwnRecord(rel, record)).toBe(own);
  });
});
