import { describe, expect, it } from 'vitest';
import { splitLines } from '../pipeline/clean/lines.ts';
import { markRepeats } from '../pipeline/clean/repeats.ts';
import { compileRules } from '../pipeline/rules/compile.ts';
import { Reporter } from '../pipeline/diagnostics.ts';
import { extractText } from './helpers.ts';

const fr = compileRules('fr');
const docs = fr.documents!;

describe('kind detection on typical openings', () => {
  it.each([
    [
      'resolution',
      'Résolution N° 3\n\nGA-2022-90-RES-03\n\nObjet : Programme\n\nL’Assemblée générale de l’O.I.P.C.-INTERPOL, réunie en sa 90ème session à New Delhi (Inde),\n\nRAPPELANT les objectifs de l’Organisation,\n\nAPPROUVE le programme de travail pour les années à venir ;',
    ],
    [
      'press-release',
      'INTERPOL renforce la coopération avec l’Union africaine\n\n12 mars 2023\n\nLYON (France) – INTERPOL et l’Union africaine ont signé un accord de coopération pour lutter contre la criminalité.\n\n« Cet accord est une étape importante pour la sécurité du continent », a déclaré le Secrétaire général.',
    ],
    [
      'report',
      'INTERPOL\n\nRAPPORT ANNUEL SUR LES ACTIVITÉS DE L’ORGANISATION\n\nJUIN 2023\n\nINTRODUCTION\n\n- Renforcer la coopération entre les pays membres et les organisations.\n- Améliorer le partage des données de police dans le monde.\n- Soutenir les enquêtes menées par les services de police.\n\nwww.interpol.int',
    ],
    ['other', 'Note au dossier\n\nLe présent document rassemble les observations des membres du groupe de travail et les propositions faites pendant la réunion de la semaine dernière, qui seront examinées ensuite.'],
  ])('%s', (kind, text) => {
    expect(extractText(text).kind).toBe(kind);
  });
});

describe('kind evidence', () => {
  // a rule is tried on lines only when the document holds its literals: a form feed inside a line
  // is not part of it, so it must not hide a literal either
  // enough function words for the language to be told
  const prose = '\n\nLe texte de la note et les avis des membres du groupe sont dans le dossier de la réunion.';
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `Ligne ${i + 1} de la note.`).join('\n');
  const formula = `Résolution N° 3\n\nL’Assemblée gé\fnérale de l’O.I.P.C.-INTERPOL, réunie en sa 90ème session,${prose}`;
  it.each([
    ['the enacting formula', formula, 'enacting-formula', [3]],
    ['a quoted speaker', `Texte.\n\n« Cet accord compte », a déclaré le Secrétaire général.${prose}`, 'quoted-speaker', [3]],
    ['no quoted speaker without its quotation mark', `Texte.\n\nCet accord compte, a déclaré le Secrétaire général.${prose}`, 'quoted-speaker', []],
    ['a rule counts up to its maximum', `${'« Cet accord compte », a déclaré le Secrétaire général.\n'.repeat(5)}${prose}`, 'quoted-speaker', [1, 2, 3]],
    ['a rule of the head, on the 60th non-blank line', `${filler(59)}\n\nRésolution N° 3${prose}`, 'resolution-number', [61]],
    ['a rule of the head, past the 60th non-blank line', `${filler(60)}\n\nRésolution N° 3${prose}`, 'resolution-number', []],
  ])('%s', (_name, text, rule, lines) => {
    const ev = extractText(text).kindEvidence.filter((e) => e.rule.endsWith(`#${rule}`));
    expect(ev.map((e) => e.line)).toEqual(lines);
  });
  it.each([['\r\n'], ['\r']])('the same evidence, on the same lines, with %j line ends', (end) => {
    const lf = extractText(formula).kindEvidence;
    expect(lf.length).toBeGreaterThan(0);
    expect(extractText(formula.replace(/\n/g, end)).kindEvidence).toEqual(lf);
  });
});

describe('cleaner repeats', () => {
  it.each([
    ['a caption printed many times is kept once', 'Légende de la figure\ntexte un\nLégende de la figure\ntexte deux\nLégende de la figure', [2, 4], []],
    ['web addresses and handles are boilerplate', 'Contenu du document.\nwww.interpol.int\n@INTERPOL_HQ\nINTERPOL_HQ', [], [1, 2, 3]],
  ])('%s', (_name, raw, repeated, boilerplate) => {
    const ls = splitLines(raw);
    markRepeats(ls, docs.boilerplate, 'rules/fr/documents.yaml', new Reporter('x', raw));
    expect(ls.filter((l) => l.dropped === 'clean/repeated-line').map((l) => l.index)).toEqual(repeated);
    expect(ls.filter((l) => l.dropped?.startsWith('rules/fr/documents.yaml')).map((l) => l.index)).toEqual(boilerplate);
  });
});

describe('press releases and reports', () => {
  const release = extractText(
    [
      'Le Dialogue INTERPOL étudie la sécurité internationale',
      '',
      '10 décembre 2022',
      'Échange d’informations et collaboration accrue',
      '',
      'ORGANISATION DES NATIONS UNIES (New York) – La 6ème édition du Dialogue INTERPOL a réuni les organisations régionales.',
      'La réunion s’est tenue au siège de l’Organisation des Nations Unies à New York.',
      'La réunion s’est tenue au siège de l’Organisation des Nations Unies à New York.',
      '/',
      '',
      'Une vision commune',
      '',
      '« Le Dialogue est l’occasion de consolider notre vision commune », a déclaré Jürgen Stock, Secrétaire général d’INTERPOL.',
      '',
      '« Notre vision doit être orientée vers le long terme.',
      '',
      'Sans une action conjointe, des lacunes apparaîtront », a-t-il conclu.',
    ].join('\n'),
  );
  it('header', () => {
    expect(release.kind).toBe('press-release');
    expect(release.header).toMatchObject({ title: 'Le Dialogue INTERPOL étudie la sécurité internationale', date: '2022-12-10', place: 'New York' });
  });
  it('a repeated line is kept once, the stray line dropped', () => {
    const all = JSON.stringify(release.sections);
    expect(all.split('La réunion s’est tenue').length - 1).toBe(1);
    expect(all).not.toContain('"/"');
    expect(release.diagnostics.some((d) => d.code === 'repeated-line-dropped')).toBe(true);
  });
  it('quotes with their speaker, also over two paragraphs', () => {
    expect(release.quotes.map((q) => [q.speaker, q.role])).toEqual([
      ['Jürgen Stock', 'Secrétaire général d’INTERPOL'],
      ['Jürgen Stock', 'Secrétaire général d’INTERPOL'],
    ]);
  });
  it('sections with headings, paragraphs and items', () => {
    const raw = [
      'INTERPOL',
      '',
      'OBJECTIFS DE L’ACTION POLICIÈRE MONDIALE',
      '',
      'OCTOBRE 2023',
      '',
      'Les défis actuels en matière de sécurité sont interdépendants.',
      '',
      'FAVORISER LA SÉCURITÉ DES FRONTIÈRES DANS LE MONDE ENTIER',
      '',
      '- Détecter les activités des malfaiteurs.',
      '- Améliorer les renseignements exploitables.',
      '',
      'I. Partage de données et d’informations',
      '',
      '- Accorder un degré de priorité élevé au partage.',
      '',
      'www.interpol.int',
    ].join('\n');
    const report = extractText(raw);
    expect(report.kind).toBe('report');
    expect(report.header).toMatchObject({ title: 'OBJECTIFS DE L’ACTION POLICIÈRE MONDIALE', date: '2023-10' });
    expect(report.sections.filter((s) => s.items.length).map((s) => [s.heading, s.items.length])).toEqual([
      ['FAVORISER LA SÉCURITÉ DES FRONTIÈRES DANS LE MONDE ENTIER', 2],
      ['I. Partage de données et d’informations', 1],
    ]);
    expect(report.boilerplate.map((b) => b.text)).toEqual(['www.interpol.int']);
    expect(JSON.stringify(report.sections)).not.toContain('www.interpol.int');
    // a section spans from its heading (or first block) to the end of its last block
    for (const sec of report.sections) {
      const src = raw.slice(sec.span.start, sec.span.end);
      expect(src.startsWith(sec.heading ?? sec.paragraphs[0] ?? sec.items[0])).toBe(true);
      const last = sec.items.at(-1) ?? sec.paragraphs.at(-1) ?? sec.heading!;
      expect(src.endsWith(last.replace(/^- /, ''))).toBe(true);
    }
  });
});
