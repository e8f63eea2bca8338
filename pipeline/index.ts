/**
 * resolex as a library: `extractDocument` runs the stages on one document and returns its record
 * (or an error record); `STAGES` is the ordered list of stages.
 */
import { Reporter, ResolexError, type Diagnostic } from './diagnostics.ts';
import { STAGES } from './stages.ts';
import { FORMAT_VERSION, type ErrorRecord, type ResolexRecord } from './schema.ts';
import { sha256 } from './emit.ts';
import type { DocState } from './types.ts';

export { STAGES } from './stages.ts';
export { RecordSchema, ErrorRecordSchema, jsonSchema, type ResolexRecord, type ErrorRecord } from './schema.ts';
export { formatDiagnostics, type Diagnostic } from './diagnostics.ts';

export interface ExtractInput {
  /** path relative to the input root, used in the record and in messages */
  source: string;
  bytes?: Uint8Array;
  text?: string;
  rulesDir?: string;
  /** time (Date.now()) after which the document gives a `time-budget` error record, checked between stages */
  deadline?: number;
}

export type ExtractResult =
  | { ok: true; record: ResolexRecord; diagnostics: Diagnostic[] }
  | { ok: false; record: ErrorRecord; diagnostics: Diagnostic[] };

export function extractDocument(input: ExtractInput): ExtractResult {
  const reporter = new Reporter(input.source, input.text ?? '');
  const doc: DocState = {
    source: input.source,
    bytes: input.bytes,
    raw: input.text ?? '',
    encoding: input.bytes ? 'unknown' : 'utf-16 (string)',
    reporter,
    rulesDir: input.rulesDir,
  };
  try {
    for (const stage of STAGES) {
      // stages are synchronous and cannot be interrupted: the budget is checked between them (a
      // worker thread that overruns it for good is stopped by the pool)
      if (input.deadline !== undefined && Date.now() > input.deadline) {
        throw new ResolexError('time-budget', `the document's time budget ran out before the ${stage.name} stage`);
      }
      stage.run(doc);
    }
    return { ok: true, record: doc.record!, diagnostics: reporter.list() };
  } catch (e) {
    // a rule file that does not load stops the run, not just this document
    if (e instanceof ResolexError && (e.code === 'rule-invalid' || e.code === 'rule-missing')) throw e;
    const code = e instanceof ResolexError ? e.code : 'internal-error';
    const message = e instanceof ResolexError ? e.detail : `${(e as Error).name}: ${(e as Error).message}`;
    return {
      ok: false,
      record: { resolex: FORMAT_VERSION, source: input.source, sha256: input.bytes || input.text ? sha256(input.bytes ?? input.text!) : null, error: { code, message } },
      diagnostics: reporter.list(),
    };
  }
}
