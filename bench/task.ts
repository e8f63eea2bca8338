/**
 * One measurement of the benchmark, run in a process of its own so each has its own memory:
 *   floor  <corpus> <out>   read every file and write a trivial JSON record per file
 *   retext <corpus>         parse every document with retext-latin (paragraph by paragraph)
 *   stages <corpus> <bytes> run the stages in this process over the first <bytes> of the corpus,
 *                           timing each stage
 * Prints one JSON line: seconds, bytes, documents (and stage times).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { unified } from 'unified';
import retextLatin from 'retext-latin';
import { inputPath, listInputs, outputName, writeAtomic } from '../pipeline/io.ts';
import { STAGES } from '../pipeline/stages.ts';
import { availableLanguages } from '../pipeline/rules/load.ts';
import { compileRules } from '../pipeline/rules/compile.ts';
import { Reporter } from '../pipeline/diagnostics.ts';
import type { DocState } from '../pipeline/types.ts';

// A blank line between paragraphs: "…;\n\n2. Décide"
const PARAGRAPH_BREAK = /\n[ \t]*\n/;

async function floor(corpus: string, out: string) {
  const files = await listInputs([corpus]);
  const t0 = performance.now();
  const io = pLimit(8);
  let bytes = 0;
  await Promise.all(
    files.map((f) =>
      io(async () => {
        const b = await readFile(inputPath(f));
        bytes += b.length;
        await writeAtomic(join(out, outputName(f.rel)), JSON.stringify({ source: f.rel, bytes: b.length }) + '\n');
      }),
    ),
  );
  return { seconds: (performance.now() - t0) / 1000, bytes, documents: files.length };
}

async function retext(corpus: string) {
  const files = await listInputs([corpus]);
  const t0 = performance.now();
  const proc = unified().use(retextLatin);
  let bytes = 0;
  let paragraphs = 0;
  for (const f of files) {
    const b = await readFile(inputPath(f));
    bytes += b.length;
    // one tree per paragraph: parse-latin slows down on one very long string
    for (const para of b.toString('utf8').split(PARAGRAPH_BREAK)) {
      const tree = proc.parse(para) as { children: unknown[] };
      paragraphs += tree.children.length;
    }
  }
  return { seconds: (performance.now() - t0) / 1000, bytes, documents: files.length, paragraphs };
}

async function stages(corpus: string, limit: number) {
  const files = await listInputs([corpus]);
  const times: Record<string, number> = Object.fromEntries(STAGES.map((s) => [s.name, 0]));
  let bytes = 0;
  let documents = 0;
  // rules are compiled once per run (~0.2 s for French): timed apart, or the first document's
  // detect stage would carry it
  const s0 = performance.now();
  for (const lang of availableLanguages()) compileRules(lang);
  const setup = (performance.now() - s0) / 1000;
  const t0 = performance.now();
  for (const f of files) {
    if (bytes >= limit) break;
    const b = new Uint8Array(await readFile(inputPath(f)));
    const doc: DocState = { source: f.rel, bytes: b, raw: '', encoding: 'unknown', reporter: new Reporter(f.rel, ''), rulesDir: undefined };
    for (const s of STAGES) {
      const a = performance.now();
      s.run(doc);
      times[s.name] += (performance.now() - a) / 1000;
    }
    bytes += b.length;
    documents++;
  }
  return { seconds: (performance.now() - t0) / 1000, bytes, documents, stages: times, setup };
}

const [what, corpus, arg] = process.argv.slice(2);
const result = what === 'floor' ? await floor(corpus, arg) : what === 'retext' ? await retext(corpus) : what === 'stages' ? await stages(corpus, Number(arg)) : null;
if (!result) {
  console.error(`bench-usage: unknown task '${what}'`);
  process.exit(2);
}
process.stdout.write(JSON.stringify(result) + '\n');
