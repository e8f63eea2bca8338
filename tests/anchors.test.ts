import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnchorIndex, anchorOf, anchoredMatches, AnchorScan, type Anchor } from '../pipeline/rules/anchors.ts';

/** Whether a text passes an anchor, as the scan the finders use tells. */
const mayMatch = (anchor: Anchor | null, text: string) => !anchor || anchor.all.every((set) => new AnchorScan(text).has(set, anchor.caseless));
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
    // a literal holding a mark that prose seldom prints is enough: a letter, a digit or a comma is not
    [/(?:A|S)(?:\/\d{1,4})+/gu, [['/']]],
    [/« \p{L}+ »/gu, [['« '], [' »']]],
    [/(?:A|S)(?:-\d{1,4})+/gu, null],
    [/\d+, \d+/gu, null],
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
      if (hit) expect(mayMatch(a, text)).toBe(true);
    }
    expect(mayMatch(a, 'sans rien')).toBe(false);
  });

  // an anchor that rejected a rule's own example would silently lose every such entity
  const fr = compileRules('fr');
  const ents = fr.entities!;
  const raw = fr.raw.files['entities.yaml']!;
  const rules = [
    ...ents.dates.map((p, i) => [p, raw.dates[i].example] as const),
    ...ents.sessions.map((p, i) => [p, raw.sessions[i].example] as const),
    ...ents.persons.map((p, i) => [p, raw.persons[i].example] as const),
    ...(['symbols', 'keywords', 'unnumbered'] as const).flatMap((k) => fr.references![k].map((p, i) => [p, fr.raw.files['references.yaml']![k][i].example] as const)),
  ];
  it.each(rules.map(([p, ex]) => [p.id, p, ex] as const))('rule %s: its example passes its anchor', (_id, p, ex) => {
    expect(mayMatch(p.anchor, ex)).toBe(true);
  });
});

describe('patterns run on windows around their literals', () => {
  const fr = compileRules('fr');
  const ents = fr.entities!;
  const refs = fr.references!;
  const patterns = [...ents.dates, ...ents.sessions, ...ents.persons, ...refs.symbols, ...refs.keywords, ...refs.unnumbered];
  // the project's documents, and the same with every line end a space: long single texts
  const dir = join(import.meta.dirname, '..', 'corpus');
  const texts = readdirSync(dir).flatMap((f) => {
    const t = readFileSync(join(dir, f), 'utf8');
    return [t, t.replace(/\n/g, ' '), t.toUpperCase()];
  });
  // units the caseless scan cannot fold alone ("İ" lower-cases to two units, "Σ" by context, a
  // surrogate pair as a whole): the scan gives way to the lower-cased text
  texts.push('le 3 mai 2022 à İSTANBUL, 1 MAI 1999', `${'İ'.repeat(500)} le 1 MAI 1999, 12e session`, 'ΣΕΣΣΙΟΝ 12 session du 4 mai 2001', 'la 𝐒ession 12 session, 5 mai 2002 😀 A/RES/77/20');
  // literals as printed met in other cases: the merged caseless scan must tell them apart
  texts.push('le Président, le PRÉSIDENT et le président; GA-2023 ga-2023 Ga-2023; Secrétaire général, SECRÉTAIRE GÉNÉRAL, secrétaire général du 3 MAI 2001');
  const whole = (re: RegExp, text: string) => {
    re.lastIndex = 0;
    return [...text.matchAll(re)].map((m) => `${m.index}:${m[0]}`);
  };
  it.each(patterns.flatMap((p) => [[p.id, 'searched list by list', p, null], [p.id, "the rules' literal index", p, fr.anchors]] as const))(
    '%s finds what a scan of the whole text finds (%s)',
    (_id, _how, p, index) => {
      for (const text of texts) {
        const got: string[] = [];
        anchoredMatches(p.re, p.anchor, new AnchorScan(text, index), (m) => got.push(`${m.index}:${m[0]}`));
        expect(got).toEqual(whole(p.re, text));
      }
    },
  );
  it('the index merges both kinds into one caseless scan', () => {
    expect(fr.anchors.merged).not.toBeNull();
  });
  it.each([
    ['two literals as printed that fold alike', ['Chef', 'CHEF']],
    ['a literal as printed that does not fold unit by unit', ['İstanbul']],
  ])('no merged scan with %s', (_why, printed) => {
    const index = new AnchorIndex([{ all: [printed], byLength: [printed], caseless: false, window: null }, { all: [['mai']], byLength: [['mai']], caseless: true, window: null }]);
    expect(index.merged).toBeNull();
    expect(new AnchorScan(`le ${printed[0]} du 3 mai`, index).has(printed, false)).toBe(true);
  });
  it('the index and the list-by-list search give the same answers, lists and occurrences', () => {
    const lists = patterns.flatMap((p) => (p.anchor ? p.anchor.all.map((set) => [set, p.anchor!.caseless] as const) : []));
    expect(lists.length).toBeGreaterThan(10);
    for (const text of texts) {
      const plain = new AnchorScan(text);
      const indexed = new AnchorScan(text, fr.anchors);
      for (const [set, caseless] of lists) {
        expect(indexed.has(set, caseless)).toBe(plain.has(set, caseless));
        expect(indexed.occurrences(set, caseless)).toEqual(plain.occurrences(set, caseless));
        expect(new AnchorScan(text, fr.anchors).occurrences(set, caseless, 2)).toEqual(new AnchorScan(text).occurrences(set, caseless, 2));
      }
    }
  });
  it.each([
    // the window must reach the whole match, and the assertions around it
    [/\b(?<d>\d{1,2}) (?:janvier|mai) (?<y>\d{4})\b/giu, 'le 3 mai 2022, le 14 janvier 20234 et 1 MAI 1999.'],
    [/(?<![\d/])\d{2} session\b/giu, '12 session 1/34 session, 56 sessions 78 session'],
    [/x{2,3}abc/gu, 'xxxabc xabc xxabc'],
    // the first match runs past where the second occurrence's matches may start: the scan goes
    // on after it, as a scan of the whole text does, not from there
    [/.{0,4}KEY.{0,4}/g, 'KEY123KEY'],
    [/.{0,4}KEY.{0,4}/g, 'ab KEY123KEY KEY KEYKEY KEY12345678KEY'],
    // a literal repeated: the match may run on past the first occurrence by the other repetitions
    [/(?:abc){2,3}x/g, 'abcabcabcx abcabcx abcx'],
  ])('%s on %j', (re, text) => {
    expect(anchorOf(re)?.window).not.toBeNull();
    const got: string[] = [];
    anchoredMatches(re, anchorOf(re), new AnchorScan(text), (m) => got.push(`${m.index}:${m[0]}`));
    expect(got).toEqual(whole(re, text));
  });
  it('one scan serves a case-sensitive and a caseless pattern with the same literals', () => {
    const exact = /\b(?:mars|avril) \d{4}\b/gu;
    const caseless = /\b(?:mars|avril) \d{4}\b/giu;
    expect(anchorOf(exact)!.all).toEqual(anchorOf(caseless)!.all);
    const scan = new AnchorScan('rapport de MARS 2024');
    const got: string[] = [];
    anchoredMatches(exact, anchorOf(exact), scan, (m) => got.push(`exact ${m[0]}`));
    anchoredMatches(caseless, anchorOf(caseless), scan, (m) => got.push(`caseless ${m[0]}`));
    expect(got).toEqual(['caseless MARS 2024']);
  });
  it.each([
    // where each list's literal stands: at most `before` units after a match's start, `after` before its end
    // (with the u flag a class may match a character outside the BMP: two units)
    [/\b(?<n>\d{1,3}) ?(?:e|ème) session\b/giu, { ' session': [10, 0] }],
    [/\bdu (?<d>\d{1,2}) (?:janvier|février) au/giu, { 'du ': [0, 15], 'février,janvier': [8, 3], ' au': [15, 0] }],
    [/x{2,3}abc/gu, { abc: [3, 0] }],
    // a literal repeated: anywhere in the repetitions
    [/(?:abc){2,3}x/g, { abc: [6, 7] }],
    // in a group, where the group's alternatives put it at most ("yyy" is the second's best list)
    [/q(?:zz(?:abc|defg)|y(?:abc|defg)yyy)r/g, { 'abc,defg,yyy': [6, 1] }],
    // the session ordinal: up to five words, ending the match with " session"
    [/\b(?<ordinal>[\p{L}]{1,40}(?:[ -](?:et[ -])?[\p{L}]{1,40}){0,4}) session\b/giu, { ' session': [424, 0] }],
  ] as [RegExp, Record<string, [number, number]>][])('%s: bounds %j', (re, want) => {
    const w = anchorOf(re)!.window!;
    expect(Object.fromEntries([...w.bounds].map(([set, b]) => [set.join(','), [b.before, b.after]]))).toEqual(want);
  });
  it('an unbounded pattern has no window and scans the whole text', () => {
    expect(anchorOf(/\p{L}+ session/giu)?.window).toBeNull();
  });
});
