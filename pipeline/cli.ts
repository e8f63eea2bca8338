/**
 * The `resolex` command.
 *   resolex extract <file-or-dir>... --out <dir>   one JSON record per input
 *   resolex schema                                   the record's JSON Schema
 * Exit codes: 0 every document extracted, 1 some documents failed, 2 usage or rule error.
 */
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { extractDocument, formatDiagnostics, jsonSchema } from './index.ts';
import { listInputs, outputName, toJson, writeAtomic } from './io.ts';
import { ResolexError } from './diagnostics.ts';
import { compileRules } from './rules/compile.ts';
import { availableLanguages } from './rules/load.ts';

const USAGE = `usage:
  resolex extract <file-or-dir>... --out <dir> [--rules <dir>] [--quiet] [--verbose]
  resolex schema
options:
  --out <dir>     where records are written (<dir>/<relative path>.json)
  --rules <dir>   rule files to use instead of the package's rules/
  --quiet         no diagnostics on stderr, only errors and the summary
  --verbose       informational diagnostics too`;

class UsageError extends Error {}

async function extract(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o' },
      rules: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      verbose: { type: 'boolean', short: 'v' },
      force: { type: 'boolean' },
    },
  });
  if (!values.out) throw new UsageError('extract needs --out <dir>');
  if (!positionals.length) throw new UsageError('extract needs at least one input file or folder');
  const rulesDir = values.rules;
  // load every language's rules first: a bad rule file stops the run before any document
  for (const lang of availableLanguages(rulesDir)) compileRules(lang, rulesDir);
  let inputs;
  try {
    inputs = await listInputs(positionals);
  } catch (e) {
    throw new UsageError(`cannot read input: ${(e as Error).message}`);
  }
  const t0 = performance.now();
  const io = pLimit(8);
  let failed = 0;
  let clauses = 0;
  let warnings = 0;
  await Promise.all(
    inputs.map((f) =>
      io(async () => {
        let result;
        try {
          const bytes = await readFile(f.path);
          result = extractDocument({ source: f.rel, bytes, rulesDir });
        } catch (e) {
          if (e instanceof ResolexError && e.code.startsWith('rule-')) throw e;
          result = extractDocument({ source: f.rel, bytes: new Uint8Array(), rulesDir });
          result.record = { resolex: '1', source: f.rel, sha256: null, error: { code: 'read-failed', message: (e as Error).message } };
          result.ok = false;
        }
        await writeAtomic(join(values.out!, outputName(f.rel)), toJson(result.record));
        if (result.ok) clauses += result.record.preamble.length + result.record.operative.length;
        else {
          failed++;
          process.stderr.write(`${f.rel}:1:1  error  ${result.record.error.message}  ${result.record.error.code}\n`);
        }
        warnings += result.diagnostics.filter((d) => d.severity === 'warning').length;
        if (!values.quiet) {
          const text = formatDiagnostics(f.rel, result.diagnostics, values.verbose ? 'info' : 'warning');
          if (text) process.stderr.write(text + '\n');
        }
      }),
    ),
  );
  const secs = (performance.now() - t0) / 1000;
  process.stderr.write(
    `resolex: ${inputs.length} documents, ${clauses} clauses, ${warnings} warnings, ${failed} errors in ${secs.toFixed(2)} s\n`,
  );
  return failed ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'extract':
        return await extract(rest);
      case 'schema':
        process.stdout.write(JSON.stringify(jsonSchema(), null, 2) + '\n');
        return 0;
      case '--version':
      case 'version':
        process.stdout.write('resolex 0.1.0\n');
        return 0;
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(USAGE + '\n');
        return cmd ? 0 : 2;
      default:
        throw new UsageError(`unknown command '${cmd}'`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`resolex: usage-error: ${(e as Error).message}\n${USAGE}\n`);
      return 2;
    }
    if (e instanceof ResolexError) {
      process.stderr.write(`resolex: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
