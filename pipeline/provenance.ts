/**
 * What produced a record: the hash of the pipeline's code and the hash of the rule files of the
 * document's language. A record is stale when its input, the code or its language's rules change.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './paths.ts';
import { DEFAULT_RULES_DIR, availableLanguages, ruleFilesHash } from './rules/load.ts';

const PIPELINE_DIR = join(ROOT, 'pipeline');

function files(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...files(p, ext));
    else if (ext.test(e)) out.push(p);
  }
  return out;
}

let pipelineHash: string | null = null;

/** The pipeline's code (every .ts under pipeline/, by relative path and content), plus the function words of every language. */
export function codeHash(rulesDir = DEFAULT_RULES_DIR): string {
  if (pipelineHash) return pipelineHash;
  const h = createHash('sha256');
  for (const f of files(PIPELINE_DIR, /\.ts$/)) h.update(relative(PIPELINE_DIR, f).split('\\').join('/')).update('\0').update(readFileSync(f)).update('\0');
  // language detection reads every language's language.yaml: a change there may change any record
  for (const lang of availableLanguages(rulesDir)) h.update(lang).update(readFileSync(join(rulesDir, lang, 'language.yaml')));
  pipelineHash = h.digest('hex');
  return pipelineHash;
}

/**
 * The rule files of one language ('und' for documents of no recognised language). Asked once per
 * document by the batch, answered once per process and language, as the rules themselves are
 * loaded once: listing the rules folder for every document cost four file-system calls each.
 */
export function rulesHash(lang: string, rulesDir = DEFAULT_RULES_DIR): string {
  const key = `${rulesDir}\0${lang}`;
  let h = rulesHashes.get(key);
  if (h === undefined) {
    h = availableLanguages(rulesDir).includes(lang) ? ruleFilesHash(lang, rulesDir) : 'none';
    rulesHashes.set(key, h);
  }
  return h;
}

const rulesHashes = new Map<string, string>();
