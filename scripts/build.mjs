/**
 * The build the command runs from: pipeline/cli.ts and pipeline/worker.ts bundled to plain
 * JavaScript by esbuild, in dist/<hash>/, where <hash> is the hash of the sources. A process then
 * starts without a TypeScript loader, and each worker thread with no more than the pipeline itself:
 * less start-up time and less memory per job.
 *
 * The folder is named by the sources' hash, so a build is never stale: an edited source has
 * another hash, and bin/resolex.js builds it on first use. Two processes building at once each
 * write a folder of their own and rename it into place; one rename wins, the other is dropped.
 * Packages stay in node_modules (not bundled); rule files are read from rules/ at run time.
 *
 *   node scripts/build.mjs        build (if needed) and print the folder
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');

function sources(dir) {
  const out = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.(ts|js)$/.test(e)) out.push(p);
  }
  return out;
}

/** Hash of everything a build is made of: the pipeline's sources and this script. */
export function sourcesHash() {
  const h = createHash('sha256');
  for (const f of [...sources(join(ROOT, 'pipeline')), fileURLToPath(import.meta.url)]) {
    h.update(relative(ROOT, f).split(sep).join('/')).update('\0').update(readFileSync(f)).update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

/** The folder of the current build, built first when missing. */
export async function ensureBuild() {
  const hash = sourcesHash();
  const dir = join(DIST, hash);
  if (existsSync(join(dir, 'cli.js')) && existsSync(join(dir, 'worker.js'))) return dir;
  const { build } = await import('esbuild');
  const tmp = `${dir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  await build({
    entryPoints: { cli: join(ROOT, 'pipeline', 'cli.ts'), worker: join(ROOT, 'pipeline', 'worker.ts') },
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    define: { RESOLEX_BUILD: JSON.stringify(hash) },
    // no keepNames: it wraps every inner function in a call that sets its name each time the
    // function is made, per document (2 to 4 % of a worker's time in a profile); records carry no
    // stack trace, and a trace's frames keep the names V8 reads from the source
    logLevel: 'error',
  });
  try {
    renameSync(tmp, dir);
  } catch {
    // another process renamed its build into place first: the same sources, the same build
    rmSync(tmp, { recursive: true, force: true });
  }
  prune(hash);
  return dir;
}

/**
 * Builds of other sources are of no further use once no process runs them: those a day old go
 * (a long batch started before an edit still finds its build, and its workers).
 */
function prune(keep) {
  let entries = [];
  try {
    entries = readdirSync(DIST);
  } catch {
    return;
  }
  for (const e of entries) {
    if (e === keep) continue;
    const p = join(DIST, e);
    try {
      if (Date.now() - statSync(p).mtimeMs > 86_400_000) rmSync(p, { recursive: true, force: true });
    } catch {
      // gone already: harmless
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(relative(ROOT, await ensureBuild()));
}
