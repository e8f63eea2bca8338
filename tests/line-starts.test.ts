/**
 * The units a line must start with for a line pattern to match it: derived from the pattern,
 * never missing a unit a match starts with; null where the pattern cannot be bounded.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { linePattern, lineStarts, mayStart } from '../pipeline/rules/line-starts.ts';
import { compileRules } from '../pipeline/rules/compile.ts';
import { ROOT } from './helpers.ts';

const units = (s: ReadonlySet<number> | null) => (s === null ? null : [...s].map((u) => String.fromCharCode(u)).sort().join(''));

describe('lineStarts', () => {
  it.each([
    // pattern, flags, the units a match can start with (sorted), or null for any
    ['^[-•–▪●] \\S', 'u', '-–•▪●'],
    ['^(?:https?://|www\\.)\\S+$', 'u', 'hw'],
    ['^\\d{2}-\\d{5}(?: ?\\([A-Z]\\))?$', 'u', '0123456789'],
    ['^(?:- ?\\d{1,3} ?-|Page \\d{1,3})$', 'u', '-P'],
    // optional parts before the first one that must consume: all their units
    ['^(?:#+ )?(?:\\*\\*)?(?:Résolution|GA-)', 'u', '#*GR'],
    ['^\\*{0,2}L', 'u', '*L'],
    // every alternative anchored: the units of each
    ['^[@#][a-c]$|^x', 'u', '#@x'],
    // lookaheads and word boundaries take no unit
    ['^(?=\\d)(?!0)\\b\\d+', 'u', '0123456789'],
    // not anchored at the start, case-insensitive, multiline: any
    ['ab', 'u', null],
    ['^ab', 'iu', null],
    ['^ab', 'mu', null],
    ['^ab|cd', 'u', null],
    // a match that may take no unit, or whose first unit is of no bounded set: any
    ['^(?:ab)?', 'u', null],
    ['^a?b?', 'u', null],
    ['^\\s*x', 'u', null],
    ['^\\p{Lu}x', 'u', null],
    ['^[^a]x', 'u', null],
    ['^.', 'u', null],
    ['^$', 'u', null],
    // a unit outside the BMP (a pair of units in the text)
    ['^😀', 'u', null],
  ])('/%s/%s → %s', (source, flags, expected) => {
    expect(units(lineStarts(new RegExp(source, flags)))).toBe(expected);
  });

  it('mayStart: an empty line, a line of another start, a pattern not bounded', () => {
    const p = linePattern({ id: 'x', re: /^ab/u, file: 'f', example: 'ab' });
    expect(mayStart(p, 'abc')).toBe(true);
    expect(mayStart(p, 'bc')).toBe(false);
    expect(mayStart(p, '')).toBe(false);
    expect(mayStart({ ...p, first: null }, 'bc')).toBe(true);
    expect(mayStart({ id: 'x', re: /^ab/u, file: 'f', example: 'ab' }, 'bc')).toBe(true);
  });

  it('no line of the corpus that a line rule matches is one mayStart turns away', () => {
    const rules = compileRules('fr');
    const patterns = [...rules.furniture, ...rules.documents!.kinds, ...rules.documents!.boilerplate, ...rules.documents!.bullets];
    // the rules themselves are bounded where they can be: most line rules are
    expect(patterns.filter((p) => p.first).length).toBeGreaterThan(patterns.length / 2);
    const lines = readdirSync(join(ROOT, 'corpus'))
      .filter((f) => f.endsWith('.txt'))
      .flatMap((f) => readFileSync(join(ROOT, 'corpus', f), 'utf8').split(/\r\n|\n|\r/))
      .map((l) => l.trim())
      .filter(Boolean);
    const examples = patterns.map((p) => p.example);
    let matched = 0;
    for (const line of [...lines, ...examples]) {
      for (const p of patterns) {
        if (!p.re.test(line)) continue;
        matched++;
        expect(mayStart(p, line), `${p.id}: ${line}`).toBe(true);
      }
    }
    expect(matched).toBeGreaterThan(patterns.length);
  });
});
