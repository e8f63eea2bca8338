import { describe, expect, it } from 'vitest';
import { anchorOf, mayMatch } from '../pipeline/rules/anchors.ts';
import { compileRules } from '../pipeline/rules/compile.ts';

describe('required literals of a pattern', () => {
  it.each([
    [/\b(?<n>\d{1,3}) ?(?:e|ème) session\b/giu, [[' session']]],
    [/\bdu (?<d>\d{1,2}) (?:janvier|février) au/giu, [['du '], ['février', 'janvier'], [' au']]],
    [/Ministre|Président/gu, [['Ministre', 'Président']]],
    // 'de' and ' X' are too short to help
    [/(?:Ministre|de) X/gu, null],
    [/\p{L}+-\p{L}+/gu, null],
    [/(?:abc)?def/gu, [['def']]],
    [/(?:abc)+x/gu, [['abc']]],
    [/ab/gu, null],
    [/(?:Abc|Cde)x/giu, [['abc', 'cde']]],
  ] as [RegExp, string[][] | null][])('%s → %j', (re, want) => {
    const a = anchorOf(re);
    expect(a?.all ?? null).toEqual(want);
  });

  it('skips a text without the literals, and only such a text', () => {
    const re = /\b(?<n>\d{1,3}) ?(?:e|ème) session\b/giu;
    const a = anchorOf(re);
    for (const text of ['la 77e Session plénière', 'sans rien', 'sessions', '']) {
      re.lastIndex = 0;
      const hit = re.test(text);
      if (hit) expect(mayMatch(a, text, () => text.toLowerCase())).toBe(true);
    }
    expect(mayMatch(a, 'sans rien', () => 'sans rien')).toBe(false);
  });

  // an anchor that rejected a rule's own example would silently lose every such entity
  const fr = compileRules('fr');
  const ents = fr.entities!;
  const raw = fr.raw.files['entities.yaml']!;
  const rules = [
    ...ents.dates.map((p, i) => [p, raw.dates[i].example] as const),
    ...ents.sessions.map((p, i) => [p, raw.sessions[i].example] as const),
    ...ents.persons.map((p, i) => [p, raw.persons[i].example] as const),
  ];
  it.each(rules.map(([p, ex]) => [p.id, p, ex] as const))('entity rule %s: its example passes its anchor', (_id, p, ex) => {
    expect(mayMatch(p.anchor, ex, () => ex.toLowerCase())).toBe(true);
  });
});
