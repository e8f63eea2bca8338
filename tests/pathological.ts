/**
 * Pathological inputs, generated: what a batch tool meets in the wild. Shared by
 * tests/hostile.test.ts and scripts/pathological.ts (which prints the time each stage takes).
 */
const para = 'Rappelant sa résolution 51/1 du 15 octobre 1996 relative à la coopération entre les Nations Unies et INTERPOL,';

export const PATHOLOGICAL: [string, () => string][] = [
  ['100,000 footnote markers', () => 'L’Assemblée générale,\n\n' + Array.from({ length: 100_000 }, (_, i) => `Rappelant${(i % 9) + 1} sa résolution${i % 10}`).join(' ') + ',\n'],
  ['100,000 superscript markers', () => 'L’Assemblée générale,\n\nRappelant ' + 'la résolution¹²³ '.repeat(100_000) + ',\n'],
  ['10,000 numbered paragraphs', () => 'L’Assemblée générale,\n\n' + Array.from({ length: 10_000 }, (_, i) => `${i + 1}. Décide de poursuivre l’examen de la question ${i};`).join('\n\n') + '\n'],
  ['10,000 footnote definitions', () => para + '\n\n' + Array.from({ length: 10_000 }, (_, i) => `${i + 1} Résolution ${i}/1.`).join('\n') + '\n'],
  ['deeply nested sub-items', () => 'L’Assemblée générale,\n\n1. Décide :\n' + Array.from({ length: 5_000 }, (_, i) => `${'  '.repeat(i % 200)}${String.fromCharCode(97 + (i % 26))}) ${'i'.repeat((i % 5) + 1)}) alinéa ${i} ;`).join('\n') + '\n'],
  ['10 MB on one line', () => (para + ' ').repeat(Math.ceil(10e6 / (para.length + 1)))],
  ['no newlines, 1 MB of letters', () => 'a'.repeat(1_000_000)],
  ['no newlines, 1 MB of spaces and commas', () => (',' + ' '.repeat(999) + 'x').repeat(1000)],
  ['only punctuation', () => '.,;:!?«»()[]-–—…/\\*#@&%'.repeat(40_000)],
  ['one word, then 1 MB of spaces', () => 'Rappelant' + ' '.repeat(1_000_000) + 'x'],
  ['a hyphen after 1 MB of letters', () => 'é'.repeat(1_000_000) + '-\nsuite'],
  ['mixed scripts', () => Array.from({ length: 20_000 }, (_, i) => ['Décide', 'Постановляет', 'يقرر', '决定', '決定する', '🙂🌍', 'Απoφασίζει', 'निर्णय'][i % 8]).join(' ')],
  ['a million blank lines', () => 'Décide\n' + '\n'.repeat(1_000_000) + 'fin'],
  ['CR only line ends', () => (para + '\r').repeat(50_000)],
  ['1,000 page breaks', () => Array.from({ length: 1000 }, (_, i) => `${para}\n\n20-14789 (F)\n${i + 1}/12\n\f`).join('')],
];
