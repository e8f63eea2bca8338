import { extractDocument, type ResolexRecord } from '../pipeline/index.ts';

/** Extracts a text given inline; fails the test when the document gives an error record. */
export function extractText(text: string, source = 'test.txt'): ResolexRecord {
  const r = extractDocument({ source, bytes: new TextEncoder().encode(text) });
  if (!r.ok) throw new Error(`error record: ${JSON.stringify(r.record.error)}`);
  return r.record;
}
