import { describe, expect, it } from 'vitest';
import { extractText } from './helpers.ts';

const UN = (body: string) =>
  [
    'Assemblée générale',
    '',
    'Distr. générale',
    '25 novembre 2022',
    '',
    'Soixante-dix-septième session',
    '',
    'Résolution adoptée par l’Assemblée générale le 21 novembre 2022',
    '',
    '77/20. Coopération entre l’Organisation des Nations Unies et INTERPOL',
    '',
    'L’Assemblée générale,',
    '',
    body,
    '',
    '39e séance plénière',
    '21 novembre 2022',
  ].join('\n');

describe('segment: header', () => {
  const r = extractText(UN('Rappelant sa résolution 51/1,\n\n1. Décide de continuer ;'));
  it.each([
    ['body', 'UNGA'],
    ['symbol', 'A/RES/77/20'],
    ['number', '77/20'],
    ['title', 'Coopération entre l’Organisation des Nations Unies et INTERPOL'],
    ['session', 77],
    ['adopted', '2022-11-21'],
    ['date', '2022-11-25'],
    ['place', null],
  ])('%s', (k, v) => {
    expect(r.header[k as keyof typeof r.header]).toEqual(v);
  });
  it('closing', () => {
    expect(r.closing).toMatchObject({ meeting: 39, date: '2022-11-21' });
  });

  it('INTERPOL header', () => {
    const i = extractText(
      [
        'Résolution N° 12',
        '',
        'GA-2023-91-RES-12',
        '',
        'Objet : 100 ans – Ensemble',
        '',
        'L’Assemblée générale de l’O.I.P.C.-INTERPOL, réunie en sa 91^{ème} session à Vienne (Autriche) du 28 novembre au 1^{er} décembre 2023,',
        '',
        'RAPPELANT la résolution GA-2017-86-RES-06,',
        '',
        'APPROUVE l’idée ;',
        '',
        'Adoptée',
      ].join('\n'),
    );
    expect(i.header).toMatchObject({ body: 'INTERPOL-GA', symbol: 'GA-2023-91-RES-12', number: '12', session: 91, title: '100 ans – Ensemble', place: 'Vienne (Autriche)' });
    expect(i.preamble.map((c) => c.opener)).toEqual(['RAPPELANT']);
    expect(i.operative.map((c) => [c.number, c.opener])).toEqual([[null, 'APPROUVE']]);
  });
});

describe('segment: clauses', () => {
  it.each([
    [
      'numbered operative clauses with italic openers',
      '*Rappelant* sa résolution,\n\n1. *Prend note avec satisfaction* du rapport ;\n\n2. *Prie* le Secrétaire général ;',
      [['preamble', null, 'Rappelant']],
      [['operative', '1', 'Prend note avec satisfaction'], ['operative', '2', 'Prie']],
    ],
    [
      'openers from rules when nothing is italic',
      'Profondément préoccupée par la situation,\n\nRappelant également sa résolution,\n\n1. Décide en outre que ;',
      [['preamble', null, 'Profondément préoccupée'], ['preamble', null, 'Rappelant également']],
      [['operative', '1', 'Décide en outre']],
    ],
    [
      'sub-items stay in their clause',
      'Rappelant sa résolution,\n\n1. Décide :\n\na) le premier point ;\n\nii) le second ;\n\n2. Prie le Secrétaire général ;',
      [['preamble', null, 'Rappelant']],
      [['operative', '1', 'Décide'], ['operative', '2', 'Prie']],
    ],
    [
      'a clause cut by a page break is joined again',
      'Rappelant sa résolution sur la situation dans un pays\n\n\n\ndéterminé, ainsi que les membres,\n\n1. Décide ;',
      [['preamble', null, 'Rappelant']],
      [['operative', '1', 'Décide']],
    ],
    [
      'a heading between clauses is no clause',
      'Rappelant sa résolution,\n\n1. Décide ;\n\nModalités de financement des engagements\n\n2. Décide également ;',
      [['preamble', null, 'Rappelant']],
      [['operative', '1', 'Décide'], ['operative', '2', 'Décide également']],
    ],
  ])('%s', (_name, body, pre, op) => {
    const r = extractText(UN(body));
    expect(r.preamble.map((c) => ['preamble', null, c.opener])).toEqual(pre);
    expect(r.operative.map((c) => ['operative', c.number, c.opener])).toEqual(op);
  });

  it('joins the clause text on one line with its sub-items', () => {
    const r = extractText(UN('Rappelant sa résolution,\n\n1. Décide :\n\na) le premier point ;\n\nb) le second ;'));
    expect(r.operative[0].text).toBe('Décide : a) le premier point ; b) le second ;');
    expect(r.operative[0].items.map((i) => i.label)).toEqual(['a)', 'b)']);
  });

  it('reports a numbering gap', () => {
    const r = extractText(UN('Rappelant sa résolution,\n\n1. Décide ;\n\n3. Prie ;'));
    expect(r.diagnostics.some((d) => d.code === 'numbering-gap')).toBe(true);
  });

  it('every clause span points into the raw input', () => {
    const raw = UN('*Rappelant* sa résolution^{1},\n\n^{1} Résolution 60/288.\n\n1. *Décide* de con-\ntinuer ;');
    const r = extractText(raw);
    for (const c of [...r.preamble, ...r.operative]) {
      const src = raw.slice(c.span.start, c.span.end);
      expect(src.startsWith(c.opener) || src.startsWith(`*${c.opener}`)).toBe(true);
    }
    expect(r.operative[0].text).toBe('Décide de continuer ;');
  });
});

describe('segment: footnotes', () => {
  it('links each note to the clause carrying its marker', () => {
    const r = extractText(UN('Rappelant la Déclaration^{1},\n\n^{1} Résolution 60/288.\n\n1. Décide d’appliquer le Programme^{2} ;\n\n^{2} Résolution 70/1.'));
    expect(r.footnotes.map((f) => [f.marker, f.text, f.clause])).toEqual([
      ['1', 'Résolution 60/288.', 'preamble/1'],
      ['2', 'Résolution 70/1.', 'operative/1'],
    ]);
    expect(r.preamble[0].text).toBe('Rappelant la Déclaration,');
  });
  it('lists a note once in a clause that carries its marker twice', () => {
    const r = extractText(UN('Rappelant la Déclaration^{1} et le Programme^{1}, ainsi que la Charte^{2},\n\n^{1} Résolution 60/288.\n\n^{2} Résolution 70/1.\n\n1. Décide de continuer ;'));
    expect(r.preamble[0].footnotes).toEqual(['1', '2']);
  });
  it('reports a marker without note', () => {
    const r = extractText(UN('Rappelant la Déclaration^{4},\n\n1. Décide ;'));
    expect(r.diagnostics.map((d) => d.code)).toContain('footnote-marker-without-note');
  });
});

describe('segment: other documents', () => {
  it('a text that is no resolution gets kind other and a warning, no clauses', () => {
    const r = extractText('Communiqué de presse\n\nLe Secrétaire général a rencontré les ministres à Lyon pour parler de la coopération et des données de police.');
    expect(r.kind).toBe('other');
    expect(r.preamble).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toContain('kind-uncertain');
  });
  it('a text in a language without clause rules is said so', () => {
    const r = extractText('The General Assembly, recalling its resolution and the report of the Secretary-General on the cooperation between the United Nations and the organizations, which is an important matter for all of its members.');
    expect(r.language).toBe('en');
    expect(r.diagnostics.map((d) => d.code)).toContain('no-rules-for-language');
  });
});

describe('segment: Security Council', () => {
  it('reads number, symbol, adoption and clauses', () => {
    const r = extractText(
      [
        'Conseil de sécurité',
        '',
        'Résolution 2672 (2023)',
        '',
        'Adoptée par le Conseil de sécurité à sa 9246e séance, le 9 janvier 2023',
        '',
        'Le Conseil de sécurité,',
        '',
        'Rappelant toutes ses résolutions antérieures,',
        '',
        'Agissant en vertu du Chapitre VII de la Charte des Nations Unies,',
        '',
        '1. Décide de proroger le mandat ;',
        '',
        '2. Décide de rester activement saisi de la question.',
      ].join('\n'),
    );
    expect(r.header).toMatchObject({ body: 'UNSC', number: '2672 (2023)', symbol: 'S/RES/2672(2023)', adopted: '2023-01-09' });
    expect(r.preamble.map((c) => c.opener)).toEqual(['Rappelant', 'Agissant en vertu du Chapitre VII de la Charte des Nations Unies']);
    expect(r.operative.map((c) => c.number)).toEqual(['1', '2']);
  });
});
