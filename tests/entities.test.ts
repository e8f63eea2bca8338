import { describe, expect, it } from 'vitest';
import { compileRules, ordinalValue } from '../pipeline/rules/compile.ts';
import { findEntities } from '../pipeline/extract/entities.ts';
import { MappedText } from '../pipeline/text/mapped.ts';

const fr = compileRules('fr');
const er = fr.entities!;
const find = (s: string, year: number | null = 2022) =>
  findEntities(MappedText.fromRaw(s), er, { year, ordinal: (w) => ordinalValue(fr, w) }).map((e) => [e.type, e.text, e.normalized]);

describe('entities: printed forms → normalized', () => {
  it.each([
    ['avec l’ONUDC', [['organization', 'ONUDC', 'Office des Nations Unies contre la drogue et le crime']]],
    ['l’Office des Nations Unies contre la drogue et le crime', [['organization', 'Office des Nations Unies contre la drogue et le crime', 'Office des Nations Unies contre la drogue et le crime']]],
    ['de l’O.I.P.C.-INTERPOL', [['organization', 'O.I.P.C.-INTERPOL', 'Organisation internationale de police criminelle']]],
    ['Europol et AFRIPOL', [['organization', 'Europol', 'Agence de l’Union européenne pour la coopération des services répressifs'.replace('’', "'")], ['organization', 'AFRIPOL', "Mécanisme de l'Union africaine pour la coopération policière"]]],
    ['la Fédération de Russie, le Viet Nam et la Türkiye', [['place', 'Fédération de Russie', 'RU'], ['place', 'Viet Nam', 'VN'], ['place', 'Türkiye', 'TR']]],
    ['la France', [['place', 'France', 'FR']]],
    ['à Vienne (Autriche)', [['place', 'Vienne', 'Vienne (Autriche)'], ['place', 'Autriche', 'AT']]],
    ['du 28 novembre au 1er décembre 2023', [['date', 'du 28 novembre au 1er décembre 2023', '2023-11-28/2023-12-01']]],
    ['du 15 au 18 octobre 2019', [['date', 'du 15 au 18 octobre 2019', '2019-10-15/2019-10-18']]],
    ['les 8 et 9 décembre', [['date', 'les 8 et 9 décembre', '2022-12-08/2022-12-09']]],
    ['OCTOBRE 2023', [['date', 'OCTOBRE 2023', '2023-10']]],
    ['le 21 novembre 2022', [['date', '21 novembre 2022', '2022-11-21']]],
    ['Soixante-dix-septième session', [['session', 'Soixante-dix-septième session', '77']]],
    ['à sa soixante-dix-neuvième session', [['session', 'soixante-dix-neuvième session', '79']]],
    // a word longer than an ordinal's before it: the ordinal is still read, the word left out
    ['les intergouvernementalistes soixante et onzième session', [['session', 'soixante et onzième session', '71']]],
    ['en sa 91ème session', [['session', '91ème session', '91']]],
    ['39e séance plénière', [['meeting', '39e séance plénière', '39']]],
    ['a déclaré Jürgen Stock, Secrétaire général d’INTERPOL.', [['person', 'Jürgen Stock', 'Jürgen Stock (Secrétaire général d’INTERPOL)'], ['organization', 'INTERPOL', 'Organisation internationale de police criminelle']]],
    ['Réunion de haut niveau', []],
    ['la Somalie', [['place', 'Somalie', 'SO']]],
    ['𝐀 Vienne et 😀France, 𝐀France', [['place', 'Vienne', 'Vienne (Autriche)'], ['place', 'France', 'FR']]],
    ['FranceFrance, la France', [['place', 'France', 'FR']]],
  ])('%j', (text, want) => {
    expect(find(text)).toEqual(want);
  });

  it('spans hold what was read', () => {
    const raw = 'réunie à Vienne (Autriche) du 28 novembre au 1er décembre 2023 avec INTERPOL';
    for (const e of findEntities(MappedText.fromRaw(raw), er, { year: null, ordinal: () => null })) {
      expect(raw.slice(e.span.start, e.span.end)).toBe(e.text);
    }
  });
});

describe('entity rules read their own examples', () => {
  const data = fr.raw.files['entities.yaml']!;
  it.each(data.organizations.map((o) => [o.id, o.example] as const))('organization %s', (id, example) => {
    const found = findEntities(MappedText.fromRaw(example), er, { year: null, ordinal: () => null });
    expect(found.some((e) => e.rule.endsWith(`#${id}`))).toBe(true);
  });
  it.each([...data.countries, ...data.cities].map((c) => [c.id, c.example] as const))('places %s', (id, example) => {
    const found = findEntities(MappedText.fromRaw(example), er, { year: null, ordinal: () => null });
    expect(found.some((e) => e.rule.endsWith(`#${id}`))).toBe(true);
  });
  it.each([...data.dates, ...data.persons, ...data.sessions].map((p) => [p.id, p.example] as const))('pattern %s', (id, example) => {
    const found = findEntities(MappedText.fromRaw(example), er, { year: 2022, ordinal: (w) => ordinalValue(fr, w) });
    expect(found.some((e) => e.rule.endsWith(`#${id}`))).toBe(true);
  });
});
