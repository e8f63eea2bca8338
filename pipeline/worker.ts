/**
 * One worker thread of the pool: reads, extracts and writes the documents it is sent (runJob) and
 * answers with each record's line and counts. Rules are compiled once per worker.
 */
import { parentPort } from 'node:worker_threads';
import { runJob, type JobRequest } from './job.ts';

parentPort!.on('message', (req: JobRequest) => {
  parentPort!.postMessage(runJob(req));
});
