/**
 * Problems found in a document, reported the unified way: a vfile message with a place and a
 * rule id, kept in the record and printed on stderr as
 * `path:line:column  warning  message  rule-id`.
 */
import { VFile } from 'vfile';
import { location, type Location } from 'vfile-location';
import type { VFileMessage } from 'vfile-message';
import type { Span } from './text/mapped.ts';

export type Severity = 'error' | 'warning' | 'info';

/** Stable codes: a code never changes meaning; new problems get new codes. */
export const CODES = {
  'not-text': 'error',
  'empty-input': 'error',
  'decode-replaced': 'warning',
  'decode-invalid': 'warning',
  'too-large': 'error',
  'time-budget': 'error',
  'outside-root': 'error',
  'unreadable': 'error',
  'worker-crashed': 'error',
  'internal-error': 'error',
  'no-rules-for-language': 'warning',
  'language-uncertain': 'warning',
  'not-a-resolution': 'warning',
  'kind-uncertain': 'warning',
  'boilerplate-kept-apart': 'info',
  'header-missing': 'warning',
  'clause-without-opener': 'warning',
  'opener-unknown': 'info',
  'numbering-gap': 'warning',
  'footnote-marker-without-note': 'warning',
  'footnote-without-marker': 'warning',
  'page-furniture-dropped': 'info',
  'repeated-line-dropped': 'info',
  'stray-line-dropped': 'info',
  'heading-in-clauses': 'info',
  'continuation-joined': 'info',
} as const satisfies Record<string, Severity>;

export type Code = keyof typeof CODES;

export interface Diagnostic {
  severity: Severity;
  code: Code;
  ruleId: string;
  message: string;
  line: number;
  column: number;
  span: Span;
}

/** Collects the messages of one document against its raw text. */
export class Reporter {
  readonly file: VFile;
  private loc: Location;
  private items: Diagnostic[] = [];

  constructor(path: string, raw = '') {
    this.file = new VFile({ path, value: raw });
    this.loc = location(raw);
  }

  /** Binds the decoded text, so offsets turn into lines and columns. */
  setText(raw: string): void {
    this.file.value = raw;
    this.loc = location(raw);
  }

  report(code: Code, ruleId: string, message: string, span: Span = { start: 0, end: 0 }): void {
    const p = this.loc.toPoint(span.start) ?? { line: 1, column: 1 };
    const severity = CODES[code];
    // a VFileMessage is an Error whose stack vfile-message sets to '': capturing the stack first
    // cost more than the rest of a document's messages together (measured with npm run bench)
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    let msg: VFileMessage;
    try {
      msg = this.file.message(message, { place: p, ruleId, source: 'resolex' });
    } finally {
      Error.stackTraceLimit = limit;
    }
    msg.fatal = severity === 'error' ? true : severity === 'warning' ? false : undefined;
    this.items.push({ severity, code, ruleId, message, line: p.line, column: p.column, span });
  }

  list(): Diagnostic[] {
    return this.items;
  }
}

/** One line per message, in the order of the text: `path:line:column  warning  message  rule-id`. */
export function formatDiagnostics(path: string, list: readonly Diagnostic[], minSeverity: Severity = 'warning'): string {
  const rank = { info: 0, warning: 1, error: 2 } as const;
  return list
    .filter((d) => rank[d.severity] >= rank[minSeverity])
    .map((d) => `${path}:${d.line}:${d.column}  ${d.severity}  ${d.message}  ${d.ruleId}`)
    .join('\n');
}

/** Errors that stop a document (or the run) carry a stable code; the text is `code: message`. */
export class ResolexError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'ResolexError';
  }
  get detail(): string {
    return this.message.slice(this.code.length + 2);
  }
}
