/**
 * The listing of inputs, streamed: depth first, a folder's entries sorted with its sub-folders
 * keyed "name/", which must give exactly the order of the whole paths; several arguments merged,
 * the first one's input kept when two share a path.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { byPath, inputsInOrder, listInputs, StatPace } from '../pipeline/io.ts';

function tree(paths: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'resolex-listing-'));
  for (const p of paths) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), p);
  }
  return root;
}

async function rels(args: string[]): Promise<string[]> {
  const out: string[] = [];
  for await (const f of inputsInOrder(args)) out.push(f.rel);
  return out;
}

describe('inputs in order', () => {
  it.each([
    // '.' (0x2e) < '/' (0x2f) < '0' (0x30): the folder "a" goes between "a.txt" and "a0.txt"
    [['a/b.txt', 'a.txt', 'a0.txt', 'a-b.txt'], ['a-b.txt', 'a.txt', 'a/b.txt', 'a0.txt']],
    // a folder named like a file's stem, and a file within a folder named like a file
    [['x.txt', 'x/x.txt', 'x.txt.d/y.md', 'x.md'], ['x.md', 'x.txt', 'x.txt.d/y.md', 'x/x.txt']],
    // upper case before lower case, accented letters after both: code units, not the locale
    [['é.txt', 'e.txt', 'E.txt', 'z/é.txt', 'z/f.txt'], ['E.txt', 'e.txt', 'z/f.txt', 'z/é.txt', 'é.txt']],
    // files of other extensions, hidden folders and node_modules are not inputs
    [['a.txt', 'a.json', '.git/x.txt', 'node_modules/y.txt', 'b.text'], ['a.txt', 'b.text']],
  ])('%j → %j', async (paths, expected) => {
    const root = tree(paths);
    try {
      expect(await rels([root])).toEqual(expected);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('any tree: the same order as sorting the whole paths', async () => {
    const part = fc.constantFrom('a', 'a.b', 'a-b', 'a0', 'A', 'b', 'é', 'a.txt', 'ab');
    const path = fc.tuple(fc.array(part, { maxLength: 3 }), fc.constantFrom('a', 'a.b', 'b', 'A', 'é', 'a-b', 'a0')).map(([dirs, f]) => [...dirs, `${f}.txt`].join('/'));
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(path, { maxLength: 12 }), async (paths) => {
        // a path cannot be both a file and a folder
        const files = paths.filter((p) => !paths.some((q) => q.startsWith(`${p}/`)));
        const root = tree(files);
        try {
          expect(await rels([root])).toEqual([...files].sort(byPath));
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      }),
      { numRuns: 60 },
    );
  });

  it('several arguments: merged in order, a shared path kept once, from the first argument', async () => {
    const one = tree(['a.txt', 'c/d.txt']);
    const two = tree(['a.txt', 'b.txt', 'c/e.txt']);
    try {
      const list = await listInputs([two, one, join(one, 'c', 'd.txt')]);
      expect(list.map((f) => [f.rel, f.root])).toEqual([
        ['a.txt', two],
        ['b.txt', two],
        ['c/d.txt', one],
        ['c/e.txt', two],
        ['d.txt', join(one, 'c')],
      ]);
    } finally {
      rmSync(one, { recursive: true, force: true });
      rmSync(two, { recursive: true, force: true });
    }
  });

  it('a folder reached twice through a link is walked once, and sorted by the name it is reached by', async () => {
    const root = tree(['real/x.txt']);
    symlinkSync(join(root, 'real'), join(root, 'alias'));
    try {
      expect(await rels([root])).toEqual(['alias/x.txt']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a missing argument fails the listing', async () => {
    await expect(rels([join(tmpdir(), 'resolex-no-such-folder')])).rejects.toThrow(/ENOENT/);
  });
});

describe('file statuses while planning (StatPace)', () => {
  const root = tree(Array.from({ length: 70 }, (_, i) => `f${String(i).padStart(2, '0')}.txt`));
  const files = Array.from({ length: 70 }, (_, i) => join(root, `f${String(i).padStart(2, '0')}.txt`));

  it.each([
    // [threshold (ms), mode after 31 calls, after 32, after 70]
    ['a fast file system: synchronous throughout', 1e9, 'sync', 'sync', 'sync'],
    ['every window slow: asynchronous from the first whole window on', -1, 'sync', 'async', 'async'],
  ] as const)('%s', async (_name, slowMs, at31, at32, at70) => {
    const pace = new StatPace(slowMs);
    const sizes: number[] = [];
    for (let i = 0; i < 70; i++) {
      sizes.push((await pace.stat(files[i])).size);
      if (i === 30) expect(pace.mode).toBe(at31);
      if (i === 31) expect(pace.mode).toBe(at32);
    }
    expect(pace.mode).toBe(at70);
    // either way, the same answers
    expect(sizes).toEqual(files.map((f) => f.slice(root.length + 1).length));
  });

  it.each([
    ['synchronous', 1e9],
    ['asynchronous', -1],
  ] as const)('a missing file, %s: rejected with ENOENT, and does not exist', async (_name, slowMs) => {
    const pace = new StatPace(slowMs);
    // a whole window first, so that the asynchronous case is asked asynchronously
    for (let i = 0; i < 32; i++) await pace.stat(files[i]);
    await expect(pace.stat(join(root, 'missing.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await pace.exists(join(root, 'missing.txt'))).toBe(false);
    expect(await pace.exists(files[0])).toBe(true);
  });
});
