import { describe, expect, it } from 'vitest';
import { forEachWord, isAlnumAt, isLetterAt, isUpperAt, prevIndex, superscriptDigits } from '../pipeline/text/letters.ts';
import { triePattern } from '../pipeline/text/trie-pattern.ts';

const words = (s: string, marks = false) => {
  const out: string[] = [];
  forEachWord(s, (a, b) => out.push(s.slice(a, b)), marks);
  return out;
};

describe('letter tables agree with the unicode properties', () => {
  it.each([
    ["Rappelant l’esprit de 1945,", ['Rappelant', 'l', 'esprit', 'de']],
    ['Assemblée générale — 77e session', ['Assemblée', 'générale', 'e', 'session']],
    ['Москва и 東京', ['Москва', 'и', '東京']],
    ['e\u0301te\u0301', ['e', 'te']],
    ['𝐀𝐁 x', ['𝐀𝐁', 'x']],
    ['', []],
    ['1234 ;,', []],
  ])('%j → %j', (s, want) => {
    expect(words(s)).toEqual(want);
    // the same runs as the pattern the table stands for
    expect(words(s)).toEqual([...s.matchAll(/[\p{L}]+/gu)].map((m) => m[0]));
  });
  it('with marks, a decomposed accent stays in its word', () => {
    expect(words('e\u0301te\u0301 x', true)).toEqual(['e\u0301te\u0301', 'x']);
  });
  it('every BMP character is classed as the properties class it', () => {
    for (let c = 0; c < 0x10000; c += 7) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const s = String.fromCharCode(c);
      expect([c, isLetterAt(s, 0), isAlnumAt(s, 0), isUpperAt(s, 0)]).toEqual([c, /\p{L}/u.test(s), /[\p{L}\p{N}]/u.test(s), /\p{Lu}/u.test(s)]);
    }
  });
  it('reads a surrogate pair before a position as one character', () => {
    expect(prevIndex('a𝐀b', 3)).toBe(1);
    expect(isLetterAt('a𝐀b', prevIndex('a𝐀b', 3))).toBe(true);
    expect(prevIndex('ab', 0)).toBe(-1);
  });
});

describe('superscript digits', () => {
  it.each([
    ['¹', '1'],
    ['¹²', '12'],
    ['⁰⁴⁵⁶⁷⁸⁹', '0456789'],
    ['²³', '23'],
    ['', ''],
  ])('%j → %j', (s, want) => {
    expect(superscriptDigits(s)).toBe(want);
  });
});

describe('names as a trie pattern', () => {
  const names = ['Nations Unies', 'Nations Unies pour le développement', 'Niger', 'Nigéria', "Côte d'Ivoire", 'O.I.P.C.-INTERPOL'];
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${triePattern(names)})(?![\\p{L}\\p{N}])`, 'gu');
  const flat = new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${[...names]
      .sort((a, b) => b.length - a.length)
      .map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/'/g, "['’]"))
      .join('|')})(?![\\p{L}\\p{N}])`,
    'gu',
  );
  it.each([
    ['Nations Unies pour le développement', ['Nations Unies pour le développement']],
    ['Nations Unies pour la paix', ['Nations Unies']],
    ['Niger et Nigéria, Nigérian', ['Niger', 'Nigéria']],
    ['Côte d’Ivoire', ['Côte d’Ivoire']],
    ["l'O.I.P.C.-INTERPOL.", ['O.I.P.C.-INTERPOL']],
    ['SNations Unies', []],
  ])('%j → %j, as a longest-first alternation finds', (text, want) => {
    expect([...text.matchAll(re)].map((m) => m[0])).toEqual(want);
    expect([...text.matchAll(flat)].map((m) => m[0])).toEqual(want);
  });
});
