/**
 * Where the package's own files are. This module sits one folder below the package root whether
 * it runs from its source (pipeline/paths.ts) or from the build (dist/<hash>/…, see
 * scripts/build.mjs, which sets RESOLEX_BUILD): every path the code needs starts here.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

declare const RESOLEX_BUILD: string | undefined;

/** the hash of the sources the running build was made from, or null when running the sources */
export const BUILD = typeof RESOLEX_BUILD === 'string' ? RESOLEX_BUILD : null;

const HERE = dirname(fileURLToPath(import.meta.url));

/** the package root: pipeline/.. from the sources, dist/<hash>/../.. from a build */
export const ROOT = BUILD ? join(HERE, '..', '..') : join(HERE, '..');

/** the entry of a worker thread: the built worker, or a loader that runs the TypeScript worker */
export const WORKER_ENTRY = BUILD ? new URL('./worker.js', import.meta.url) : new URL('./worker-entry.js', import.meta.url);
