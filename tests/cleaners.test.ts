import { describe, expect, it } from 'vitest';
import { cleanInline, hasRepair, mayNeedRepair, mayNeedRepairUnits, singleStars } from '../pipeline/clean/inline.ts';
import { isBlank, splitLines } from '../pipeline/clean/lines.ts';
import { UNITS_CAPACITY } from '../pipeline/text/units.ts';
import { markFurniture } from '../pipeline/clean/furniture.ts';
import { markFootnoteDefs } from '../pipeline/clean/footnote-defs.ts';
import { markNoise } from '../pipeline/clean/noise.ts';
import { removeGluedMarkers } from '../pipeline/clean/glued-markers.ts';
import { buildParagraphs, vocabulary, keepsHyphen, indentOf } from '../pipeline/clean/paragraphs.ts';
import { compileRules } from '../pipeline/rules/compile.ts';

const fr = compileRules('fr');

describe('cleaner inline', () => {
  // the quick test keeps its own table of what a repair starts with: it must never pass over a line
  // the repair pattern would change
  it('the quick test says yes wherever the repair pattern finds something, for every character', () => {
    const missed: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCharCode(c);
      for (const line of [ch, ch + ch, `${ch}er`, `${ch}{1}`, `${ch}sup>1</sup>`, `a${ch}b`, ` ${ch}`]) {
        if (hasRepair(line) && !mayNeedRepair(line)) missed.push(JSON.stringify(line));
        // the same answer read from code units, the line inside a longer text
        const text = `ab ${line} cd`;
        if (mayNeedRepairUnits(Uint16Array.from({ length: text.length }, (_, i) => text.charCodeAt(i)), 3, 3 + line.length) !== mayNeedRepair(line)) missed.push(`units: ${JSON.stringify(line)}`);
      }
    }
    expect(missed).toEqual([]);
  });

  it.each([
    ['91^{ème} session', '91ème session', []],
    ['le 1^{er} décembre', 'le 1er décembre', []],
    ['88<sup>ème</sup> session', '88ème session', []],
    ['Supplément n<sup>o</sup> 7', 'Supplément no 7', []],
    ['INTERPOL¹, ainsi', 'INTERPOL, ainsi', ['1']],
    ['Sendai^{12} et', 'Sendai et', ['12']],
    ['Unies<sup>3</sup>,', 'Unies,', ['3']],
    ['**Objet :** Programme', 'Objet : Programme', []],
    ['# 76/269. Journée', '76/269. Journée', []],
    ['31\u00a0mai\u202f2018', '31 mai 2018', []],
    ['inter\u00adnational', 'international', []],
    ['le 1ᵉʳ janvier', 'le 1er janvier', []],
    ['  Assemblée    générale  ', 'Assemblée générale', []],
    // a heading mark after up to three spaces or tabs, and one or more spaces
    ['   ## Titre', 'Titre', []],
    [' # Titre', 'Titre', []],
    ['\t# Titre', 'Titre', []],
    ['    # Quatre espaces', '# Quatre espaces', []],
    ['#sans espace', '#sans espace', []],
    ['Texte # au milieu', 'Texte # au milieu', []],
    ['#', '#', []],
  ])('%j → %j', (input, text, markers) => {
    // alone, and as the clean stage asks, with the text's code units
    const units = Uint16Array.from({ length: input.length }, (_, i) => input.charCodeAt(i));
    for (const c of [cleanInline(input, 0, input.length), cleanInline(input, 0, input.length, {}, units)]) {
      expect(c.text.text).toBe(text);
      expect(c.markers.map((m) => m.marker)).toEqual(markers);
    }
  });

  // a line longer than the units buffer is read in pieces that overlap by one unit
  it.each([
    ['two spaces across the seam', 'a'.repeat(UNITS_CAPACITY - 1) + '  ' + 'b'.repeat(10), true],
    ['a space and a letter across the seam', 'a'.repeat(UNITS_CAPACITY - 1) + ' b' + 'b'.repeat(10), false],
    ['an asterisk in the second piece only', 'a'.repeat(UNITS_CAPACITY + 5) + '*b', true],
    ['an asterisk at the last unit', 'a'.repeat(2 * UNITS_CAPACITY) + '*', true],
    ['no repair in three pieces', 'a b '.repeat(UNITS_CAPACITY / 2) + 'a', false],
  ])('a long line, %s: %s', (_name, line, may) => {
    expect(mayNeedRepair(line)).toBe(may);
  });

  it.each([
    ['', 0],
    ['pas d’astérisque', 0],
    ['*Demande*', 2],
    ['**Objet :**', 0],
    ['***', 1],
    ['****', 0],
    ['*a**b*', 2],
    ['a*', 1],
    ['**a*', 1],
  ])('singleStars(%j) is %i: a "**" pair counts for none', (line, n) => {
    expect(singleStars(line)).toBe(n);
  });

  it('keeps italic ranges: the printed opener', () => {
    const s = '1. *Réaffirme également* que';
    const c = cleanInline(s, 0, s.length);
    const [a, b] = c.emphasis[0];
    expect(c.text.text.slice(a, b)).toBe('Réaffirme également');
  });

  it.each([
    ['* * texte', []],
    ['*Demande* *   *', ['Demande']],
    ['  *Prie*   instamment', ['Prie']],
  ])('italic ranges are shifted by the trim, and those left empty dropped: %j', (s, want) => {
    const c = cleanInline(s, 0, s.length);
    expect(c.emphasis.map(([a, b]) => c.text.text.slice(a, b))).toEqual(want);
  });

  it('maps every cleaned character back into the raw line', () => {
    const s = 'la 91^{ème} session**,** à Vienne\u00a0(Autriche)¹';
    const c = cleanInline(s, 0, s.length);
    const i = c.text.text.indexOf('Vienne');
    const span = c.text.rawSpan(i, i + 6);
    expect(s.slice(span.start, span.end)).toBe('Vienne');
    expect(s.slice(c.markers[0].span.start, c.markers[0].span.end)).toBe('¹');
  });

  it('splits columns 3 spaces or more apart into cells', () => {
    const s = '            Assemblée générale                          Distr. générale';
    expect(cleanInline(s, 0, s.length).cells.map((c) => c.text)).toEqual(['Assemblée générale', 'Distr. générale']);
  });
});

describe('cleaner lines', () => {
  it.each([
    ['a\nb', ['a', 'b']],
    ['a\r\nb\r\n', ['a', 'b', '']],
    ['a\rb', ['a', 'b']],
    ['a\n\fb', ['a', 'b']],
    ['', ['']],
    ['\n', ['', '']],
    ['\r', ['', '']],
    ['a\r\r\nb', ['a', '', 'b']],
    ['a\n\rb\r', ['a', '', 'b', '']],
    ['a\n\r\n\nb', ['a', '', '', 'b']],
    ['x\fy\fz\nw', ['z', 'w']],
    ['a\nb\fc\nd\fe\r\nf', ['a', 'c', 'e', 'f']],
    ['\f\n\f', ['', '']],
    ['a\fb\r\n\fc', ['b', 'c']],
  ])('%j', (raw, lines) => {
    const ls = splitLines(raw);
    expect(ls.map((l) => l.raw)).toEqual(lines);
    for (const l of ls) expect(raw.slice(l.start, l.end)).toBe(l.raw);
  });
  it('marks a form feed as a page break', () => {
    expect(splitLines('a\n\fb')[1].formFeed).toBe(true);
  });
  it.each([['', true], [' \t\u00a0\u3000\ufeff', true], ['  x ', false], ['\u200b', false]])('isBlank(%j) is %s, as /\\S/ says', (raw, blank) => {
    expect(isBlank({ index: 0, start: 0, end: raw.length, raw, formFeed: false })).toBe(blank);
    expect(!/\S/.test(raw)).toBe(blank);
  });
});

const PAGE = [
  'Rappelant sa résolution 51/1, dans laquelle elle a invité l’Organisation',
  '',
  '1 Nations Unies, Recueil des Traités, vol. 1996, no 1200.',
  '',
  '20-14789 (F)',
  '',
  '*2014789*',
  'A/RES/75/4',
  '',
  'Session extraordinaire de l’Assemblée générale consacrée à la',
  '',
  'à participer à ses sessions et travaux en qualité d’observateur,',
  '',
  '2/4',
  '',
  '20-14789',
  'Session extraordinaire de l’Assemblée générale consacrée à la',
  '',
  'A/RES/75/4',
  '',
  'Notant que l’Organisation1 coopère,',
].join('\n');

describe('cleaner furniture', () => {
  it('drops job numbers, bar codes, page numbers, symbols and running titles at page breaks', () => {
    const ls = splitLines(PAGE);
    markFurniture(ls, fr.furniture);
    const dropped = ls.filter((l) => l.dropped).map((l) => [l.raw, l.dropped]);
    expect(dropped).toEqual([
      ['20-14789 (F)', 'page.yaml#job-number'],
      ['*2014789*', 'page.yaml#barcode'],
      ['A/RES/75/4', 'page.yaml#running-symbol'],
      ['Session extraordinaire de l’Assemblée générale consacrée à la', 'page.yaml#running-title'],
      ['2/4', 'page.yaml#page-of'],
      ['20-14789', 'page.yaml#job-number'],
      ['Session extraordinaire de l’Assemblée générale consacrée à la', 'page.yaml#running-title'],
      ['A/RES/75/4', 'page.yaml#running-symbol'],
    ]);
  });
  it('takes no wrapped resolution number for a page number, nor its neighbour for a running title', () => {
    const raw = 'Rappelant ses résolutions 42/220 A du 21 décembre 1987,\n49/222\nA du 23 décembre 1994, 49/222 B du 20 juillet 1995,';
    const ls = splitLines(raw);
    markFurniture(ls, fr.furniture);
    expect(ls.filter((l) => l.dropped)).toEqual([]);
  });
  it('keeps a symbol that stands alone at the top of the first page', () => {
    const ls = splitLines('A/RES/75/4\nNations Unies\nAssemblée générale\nTexte,\n\n2/4\n20-14789');
    markFurniture(ls, fr.furniture);
    expect(ls[0].dropped).toBeUndefined();
  });
});

describe('cleaner footnote-defs and glued-markers', () => {
  it('takes a numbered block at a page bottom as footnote 1, and its glued marker', () => {
    const ls = splitLines(PAGE);
    markFurniture(ls, fr.furniture);
    markFootnoteDefs(ls);
    expect(ls.filter((l) => l.footnote).map((l) => l.footnote!.marker)).toEqual(['1']);
    for (const l of ls) if (!l.dropped) l.clean = cleanInline(PAGE, l.start, l.end);
    removeGluedMarkers(ls);
    // the marker of note 1 must stand before the note: "Organisation1" comes after it, so it stays
    expect(ls[20].clean!.text.text).toBe('Notant que l’Organisation1 coopère,');
  });
  it.each([
    ['Unies1 sur les efforts', 'Unies sur les efforts'],
    ['au 30 juin 20212 et le rapport', 'au 30 juin 2021 et le rapport'],
    ['en application de sa résolution 74/912 ;', 'en application de sa résolution 74/91 ;'],
  ])('%j → %j', (body, text) => {
    const raw = `${body}\n\n1 Note.\n2 Note.\n\n20-14789 (F)`;
    const ls = splitLines(raw);
    markFurniture(ls, fr.furniture);
    markFootnoteDefs(ls);
    for (const l of ls) if (!l.dropped) l.clean = cleanInline(raw, l.start, l.end);
    removeGluedMarkers(ls);
    expect(ls[0].clean!.text.text).toBe(text);
  });
  it('does not take a marker that starts a wrapped line for a note', () => {
    const ls = splitLines('(Règles de Bangkok)\n²⁹, et à prendre');
    markFootnoteDefs(ls);
    expect(ls.some((l) => l.footnote)).toBe(false);
  });
  it('does not take numbered lines in the body for notes', () => {
    const ls = splitLines('texte\n\n2 000 dollars des États-Unis\n\nsuite,');
    markFootnoteDefs(ls);
    expect(ls.some((l) => l.footnote)).toBe(false);
  });
  it.each([['^{3} Résolution 60/288.'], ['<sup>3</sup> Résolution 60/288.'], ['³ Résolution 60/288.']])('%j is note 3 anywhere', (line) => {
    const ls = splitLines(`texte,\n\n${line}\n\nsuite,`);
    markFootnoteDefs(ls);
    expect(ls[2].footnote).toEqual({ marker: '3', first: true });
  });
});

describe('cleaner noise', () => {
  it.each([
    ['a line\n/\nnext', [1]],
    ['La même légende répétée deux fois\nLa même légende répétée deux fois', [1]],
    ['Ibid.\nIbid.', []],
    ['la fin du texte\n;', []],
    // one sign between spaces of any kind, or outside the BMP
    ['\u00a0 | \u3000\nnext', [0]],
    ['𝄞\nnext', [0]],
    ['𝐀\nnext', []],
  ])('%j', (raw, dropped) => {
    const ls = splitLines(raw);
    markNoise(ls);
    expect(ls.filter((l) => l.dropped).map((l) => l.index)).toEqual(dropped);
  });

  it('a line of one character between spaces is stray exactly when that character is no letter, digit or closing punctuation', () => {
    const wrong: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCharCode(c);
      const ls = splitLines(` ${ch}\t\nnext`);
      markNoise(ls);
      const stray = /^\s*[^\p{L}\p{N}\s;,.:!?»”)]\s*$/u.test(` ${ch}\t`);
      if ((ls[0].dropped === 'clean/stray-line') !== stray) wrong.push(ch);
    }
    expect(wrong).toEqual([]);
  });
});

describe('cleaner paragraphs', () => {
  it.each([
    ['', 0],
    ['Texte', 0],
    ['  Texte', 2],
    ['\tTexte', 4],
    [' \t Texte ', 6],
    ['   ', 3],
    ['\u00a0Texte', 0],
  ])('indentOf(%j) is %i', (raw, width) => {
    expect(indentOf({ raw })).toBe(width);
  });
  const keep = fr.keepHyphen;
  it.each([
    ['multila-\ntérale', 'multilatérale'],
    ['sous-\nrégionales', 'sous-régionales'],
    ['États-\nUnis', 'États-Unis'],
    ['COVID-\n19', 'COVID-19'],
    ['Nations\nUnies', 'Nations Unies'],
    ['le non-\nalignement et le non-alignement', 'le non-alignement et le non-alignement'],
  ])('%j → %j', (raw, text) => {
    const ls = splitLines(raw);
    for (const l of ls) l.clean = cleanInline(raw, l.start, l.end);
    const { paragraphs } = buildParagraphs(ls, vocabulary(raw), keep);
    expect(paragraphs.map((p) => p.text.text)).toEqual([text]);
  });
  it('splits paragraphs on blank lines and on first-line indents', () => {
    const raw = ['          Rappelant sa résolution,', 'suite du texte,', '          Notant que,', 'suite,', '          Décide,', 'fin ;'].join('\n');
    const ls = splitLines(raw);
    for (const l of ls) l.clean = cleanInline(raw, l.start, l.end);
    const { paragraphs } = buildParagraphs(ls, vocabulary(raw), keep);
    expect(paragraphs.map((p) => p.text.text)).toEqual(['Rappelant sa résolution, suite du texte,', 'Notant que, suite,', 'Décide, fin ;']);
  });
  it('keeps a compound the document prints whole elsewhere', () => {
    expect(keepsHyphen('anti', 'terroriste', vocabulary('la lutte anti-terroriste'), keep)).toBe(true);
    expect(keepsHyphen('anti', 'terroriste', vocabulary('la lutte antiterroriste'), keep)).toBe(false);
  });
});

describe('cleaner inline across lines', () => {
  it('an italic opener wrapped over two lines is one emphasis range', () => {
    const raw = '1. *Prend note avec\nsatisfaction* du rapport ;';
    const ls = splitLines(raw);
    const state = { starsPaired: true, italicOpen: false };
    for (const l of ls) l.clean = cleanInline(raw, l.start, l.end, state);
    const { paragraphs } = buildParagraphs(ls, vocabulary(raw), fr.keepHyphen);
    const p = paragraphs[0];
    expect(p.text.text).toBe('1. Prend note avec satisfaction du rapport ;');
    expect(p.emphasis.map(([s, e]) => p.text.text.slice(s, e))).toEqual(['Prend note avec satisfaction']);
  });
});
