import { describe, expect, it } from 'vitest';
import { compileRules } from '../pipeline/rules/compile.ts';
import { findReferences } from '../pipeline/extract/references.ts';
import { MappedText } from '../pipeline/text/mapped.ts';
import { extractText } from './helpers.ts';

const fr = compileRules('fr');
const rr = fr.references!;
const ids = (s: string) => findReferences(MappedText.fromRaw(s), rr).map((r) => r.id);

describe('references: printed forms → canonical ids', () => {
  it.each([
    ['Rappelant sa résolution 51/1 du 15 octobre 1996,', ['A/RES/51/1']],
    ['ses résolutions 71/19 du 21 novembre 2016, 73/11 du 26 novembre 2018 et 75/10 du 23 novembre 2020', ['A/RES/71/19', 'A/RES/73/11', 'A/RES/75/10']],
    ['ses résolutions 74/270 du 2 avril 2020, intitulée « Solidarité mondiale », 74/274 du 20 avril 2020', ['A/RES/74/270', 'A/RES/74/274']],
    ['sa résolution 1514 (XV) du 14 décembre 1960', ['A/RES/1514(XV)']],
    ['Résolution 217 A (III).', ['A/RES/217(III)']],
    ['ses résolutions S-27/2', ['A/RES/S-27/2']],
    ['les résolutions 2019/19 et 2019/20 du Conseil économique et social, en date du 23 juillet 2019', ['E/RES/2019/19', 'E/RES/2019/20']],
    ['les résolutions du Conseil économique et social 2014/23 du 16 juillet 2014 et 2015/23', ['E/RES/2014/23', 'E/RES/2015/23']],
    ['la résolution 1325 (2000) du Conseil de sécurité', ['S/RES/1325(2000)']],
    ['de la résolution 1325 du Conseil de sécurité de l’ONU', ['S/RES/1325(2000)']],
    ['la résolution 2231 du Conseil de sécurité', ['S/RES/2231(2015)']],
    ['la résolution 1325 de l’Assemblée', []],
    ['les résolutions du Conseil de sécurité 242 (1967) et 338 (1973)', ['S/RES/242(1967)', 'S/RES/338(1973)']],
    ['la résolution 50/1 du Conseil des droits de l’homme', ['A/HRC/RES/50/1']],
    ['Voir décision 60/519 et A/60/88, A/60/88/Corr.1 et A/60/88/Corr.2, annexe.', ['A/DEC/60/519', 'A/60/88', 'A/60/88/Corr.1', 'A/60/88/Corr.2']],
    ['New York, 9-20 juillet 2001 (A/CONF.192/15), chap. IV', ['A/CONF.192/15']],
    ['[sans renvoi à une grande commission (A/77/L.20)]', ['A/77/L.20']],
    ['le rapport A/77/80-E/2023/64 et le document S/2023/123.', ['A/77/80', 'E/2023/64', 'S/2023/123']],
    ['FCCC/CP/2015/10/Add.1, décision 1/CP.21', ['FCCC/CP/2015/10/Add.1']],
    ['A/CONF.157/24 (Part I), chap. III', ['A/CONF.157/24(PartI)']],
    ['la résolution GA-2017-86-RES-06, … présentés dans le rapport GA-2023-91-REP-21.', ['GA-2017-86-RES-06', 'GA-2023-91-REP-21']],
    ['le système I-24/7 et le VIH/sida', []],
    ['ses résolutions 74/270 du 2 avril 2020, sur la solidarité mondiale (COVID-19), 74/274 du 20 avril 2020', ['A/RES/74/270', 'A/RES/74/274']],
    ['ses résolutions 73/194 du 17 décembre 2018,74/17 du 9 décembre 2019', ['A/RES/73/194', 'A/RES/74/17']],
    ['ses résolutions 52/38 F du 9 décembre 1997, 53/77 AA du 4 décembre 1998', ['A/RES/52/38', 'A/RES/53/77']],
    ['Résolutions 52/214, sect. C, par. 3 ; 55/222, sect. III, par. 12 ; 56/64 B, sect. X', ['A/RES/52/214', 'A/RES/55/222', 'A/RES/56/64']],
    ['le Conseil des droits de l’homme, dans sa résolution 26/2 du 26 juin 2014', ['A/HRC/RES/26/2']],
    ['la conclusion N° 2 de la Conférence des Chefs de B.C.N. INTERPOL tenue en 2022, intitulée', ['conclusion 2, Conférence des Chefs de B.C.N. INTERPOL, 2022']],
    ['pendant 12 mois, soit 24/7', []],
  ])('%j', (text, want) => {
    expect(ids(text)).toEqual(want);
  });

  it('every span holds what was read', () => {
    const raw = 'Rappelant ses résolutions 71/19 du 21 novembre 2016 et 75/10,';
    for (const r of findReferences(MappedText.fromRaw(raw), rr)) expect(raw.slice(r.span.start, r.span.end)).toBe(r.text);
  });
});

describe('references in a record', () => {
  it('each number of a list keeps its own date', () => {
    const r = extractText(
      [
        'L’Assemblée générale,',
        '',
        'Rappelant sa résolution 51/1 du 15 octobre 1996, dans laquelle elle a invité l’Organisation à participer à ses sessions, et ses résolutions 71/19 du 21 novembre 2016, 73/11 du 26 novembre 2018 et 75/10,',
        '',
        '1. *Décide* de continuer à examiner la question et de rester saisie de la question à sa prochaine session ;',
      ].join('\n'),
    );
    expect(r.references.map((x) => [x.id, x.date])).toEqual([
      ['A/RES/51/1', '1996-10-15'],
      ['A/RES/71/19', '2016-11-21'],
      ['A/RES/73/11', '2018-11-26'],
      ['A/RES/75/10', null],
    ]);
  });
  it('link a footnote reference to the clause carrying the marker, with its relation', () => {
    const r = extractText(
      [
        'L’Assemblée générale,',
        '',
        'Rappelant la Stratégie antiterroriste mondiale des Nations Unies^{3}, dans laquelle les États Membres se sont engagés à prendre des mesures,',
        '',
        '^{3} Résolution 60/288.',
        '',
        '1. *Décide* de continuer à examiner la question et de rester saisie de la question à sa prochaine session ;',
      ].join('\n'),
    );
    const ref = r.references.find((x) => x.id === 'A/RES/60/288')!;
    expect(ref).toMatchObject({ in: 'footnote/3', clause: 'preamble/1', relation: 'recalls', type: 'resolution' });
  });
});

describe('reference rules read their own examples', () => {
  const data = fr.raw.files['references.yaml']!;
  it.each(data.symbols.map((p) => [p.id, p.example] as const))('symbol %s', (id, example) => {
    const p = rr.symbols.find((x) => x.id === id)!;
    p.re.lastIndex = 0;
    expect(p.re.test(example)).toBe(true);
  });
  it.each([...data.keywords, ...data.unnumbered, ...data.items, ...data.glue, ...data.issuers].map((p) => [p.id, p.example] as const))('%s', (id, example) => {
    const all = [...rr.keywords, ...rr.unnumbered, ...rr.items, ...rr.glue, ...rr.issuers];
    const p = all.find((x) => x.id === id)!;
    p.re.lastIndex = 0;
    expect(p.re.exec(example)).not.toBeNull();
  });
});
