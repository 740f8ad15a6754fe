/** A check worker: reads and checks the files it is sent, answers with plain-data outcomes. */
import { parentPort, workerData } from 'node:worker_threads';
import { readAndCheck, type CheckEnv, type FileInput } from './file.ts';

const env = workerData as CheckEnv;

parentPort!.on('message', async (batch: FileInput[]) => {
  const outcomes = await Promise.all(batch.map((input) => readAndCheck(input, env)));
  parentPort!.postMessage(outcomes);
});
