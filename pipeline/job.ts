/**
 * One document's extraction as the batch runner sees it: bytes in, record JSON and counts out.
 * The same function runs in the main thread (--jobs 1) and in worker threads, so the output is the
 * same whatever the number of jobs.
 */
import { extractDocument, formatDiagnostics } from './index.ts';
import { toJson } from './io.ts';
import { FORMAT_VERSION } from './schema.ts';

export interface JobRequest {
  id: number;
  source: string;
  bytes: Uint8Array;
  rulesDir?: string;
  minSeverity: 'info' | 'warning' | 'error';
  /** the document's time budget in milliseconds, counted from when its extraction starts */
  budgetMs?: number;
  /** the input's hash, for an error record made outside the extraction (a worker stopped) */
  sha256?: string;
}

export interface JobResult {
  id: number;
  ok: boolean;
  /** the record file's text */
  json: string;
  /** the record on one line, for dataset.jsonl */
  line: string;
  language: string;
  messages: string;
  counts: { clauses: number; references: number; entities: number; warnings: number };
  error?: { code: string; message: string };
}

export function extractOne(req: JobRequest): JobResult {
  const deadline = req.budgetMs === undefined ? undefined : Date.now() + req.budgetMs;
  const r = extractDocument({ source: req.source, bytes: req.bytes, rulesDir: req.rulesDir, deadline });
  const warnings = r.diagnostics.filter((d) => d.severity === 'warning').length;
  const messages = formatDiagnostics(req.source, r.diagnostics, req.minSeverity);
  if (r.ok) {
    const rec = r.record;
    return {
      id: req.id,
      ok: true,
      json: toJson(rec),
      line: JSON.stringify(rec),
      language: rec.language,
      messages,
      counts: { clauses: rec.preamble.length + rec.operative.length, references: rec.references.length, entities: rec.entities.length, warnings },
    };
  }
  return {
    id: req.id,
    ok: false,
    json: toJson(r.record),
    line: JSON.stringify(r.record),
    language: 'und',
    messages,
    counts: { clauses: 0, references: 0, entities: 0, warnings },
    error: r.record.error,
  };
}

/** The result for a document that gives an error record without being extracted (too large, outside the input root, stopped). */
export function failedJob(req: Pick<JobRequest, 'id' | 'source'>, code: string, message: string, sha256: string | null = null): JobResult {
  const record = { resolex: FORMAT_VERSION, source: req.source, sha256, error: { code, message } };
  return { id: req.id, ok: false, json: toJson(record), line: JSON.stringify(record), language: 'und', messages: '', counts: { clauses: 0, references: 0, entities: 0, warnings: 0 }, error: record.error };
}
