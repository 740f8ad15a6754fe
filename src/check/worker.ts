/**
 * A check worker: loads the parsers and rules, says it is ready, then checks
 * the batches it is sent and answers with plain-data outcomes (and the index of
 * the batch's first file, since batches may finish out of order).
 */
import { parentPort } from 'node:worker_threads';
import { readAndCheck, type CheckEnv, type FileInput } from './file.ts';

let env: CheckEnv | undefined;

parentPort!.on('message', async (message: { env?: CheckEnv; start?: number; batch?: FileInput[] }) => {
  if (message.env) env = message.env;
  if (!message.batch) return;
  const outcomes = await Promise.all(message.batch.map((input) => readAndCheck(input, env!)));
  parentPort!.postMessage({ start: message.start, outcomes });
});
parentPort!.postMessage({ ready: true });
