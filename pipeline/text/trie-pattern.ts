/**
 * A regular expression source matching any of a list of literal names, laid out as a trie:
 * "Nations Unies" and "Nations Unies pour le développement" become
 * `Nations Unies(?: pour le développement)?`. A flat alternation of hundreds of names makes the
 * engine try every name at every position; the trie tries one branch per character.
 *
 * At a position the longest name wins, as in a longest-first alternation: a branch is tried before
 * stopping where a shorter name ends (greedy `?`), and backtracking falls back to the shorter name
 * when what follows the longer one fails. Straight and curly apostrophes match each other.
 */
interface TrieNode {
  end: boolean;
  kids: Map<string, TrieNode>;
}

// Characters with a meaning in a pattern: "(", ".", "?" (a hyphen has none outside a class, and
// escaping it is an error in a unicode pattern)
const SPECIAL = /[.*+?^${}()|[\]\\/]/;

function escapeChar(c: string): string {
  if (c === "'" || c === '’') return "['’]";
  return SPECIAL.test(c) ? `\\${c}` : c;
}

export function triePattern(names: Iterable<string>): string {
  const root: TrieNode = { end: false, kids: new Map() };
  for (const name of names) {
    let node = root;
    for (const ch of name.replace(/’/g, "'")) {
      let next = node.kids.get(ch);
      if (!next) node.kids.set(ch, (next = { end: false, kids: new Map() }));
      node = next;
    }
    node.end = true;
  }
  return emit(root);
}

function emit(node: TrieNode): string {
  // sorted branches: the same names always give the same pattern
  const alts = [...node.kids.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([c, kid]) => escapeChar(c) + emit(kid));
  if (!alts.length) return '';
  const body = alts.length === 1 ? alts[0] : `(?:${alts.join('|')})`;
  return node.end ? `(?:${body})?` : body;
}
