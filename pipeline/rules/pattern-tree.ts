/**
 * A compiled pattern's syntax tree, for what is derived from the patterns rather than written in
 * the rule files (the literals a match must hold, the units a matching line starts with).
 */
import { RegExpParser, type AST } from '@eslint-community/regexpp';

const parser = new RegExpParser({ ecmaVersion: 2025 });

/** The tree of `re`'s source, read with its flags; null when the parser does not know its syntax. */
export function patternTree(re: RegExp): AST.Pattern | null {
  try {
    return parser.parsePattern(re.source, 0, re.source.length, { unicode: re.flags.includes('u'), unicodeSets: re.flags.includes('v') });
  } catch {
    return null;
  }
}
