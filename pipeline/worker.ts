/**
 * One worker thread of the pool: reads, extracts and writes the documents it is sent (runJob) and
 * answers with each record's line and counts. Rules are compiled once per worker, as it starts:
 * documents sent meanwhile wait in its port, and the start overlaps the main thread's planning.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runJob, READY, type JobRequest } from './job.ts';
import { compileAllRules } from './rules/compile.ts';
import { seedLanguageRules, type LanguageRules } from './rules/load.ts';

const { rulesDir, rules } = (workerData ?? {}) as { rulesDir?: string; rules?: LanguageRules[] };
try {
  // rules the main thread has loaded and validated are compiled as they are, without the files
  if (rules) seedLanguageRules(rules, rulesDir);
  compileAllRules(rulesDir);
} catch {
  // a bad rule file: the main thread, which loads the same files, reports it and stops the run;
  // a document that still comes here gets the same error from its own load
}
// the pool counts a document's time budget from here: the start is not the document's
parentPort!.postMessage(READY);
parentPort!.on('message', (req: JobRequest) => {
  parentPort!.postMessage(runJob(req));
});
