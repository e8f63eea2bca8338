/**
 * One worker thread of the pool: extracts the documents it is sent and answers with the record's
 * JSON text, so the main thread only writes. Rules are compiled once per worker.
 */
import { parentPort } from 'node:worker_threads';
import { extractOne, type JobRequest } from './job.ts';

parentPort!.on('message', (req: JobRequest) => {
  parentPort!.postMessage(extractOne(req));
});
