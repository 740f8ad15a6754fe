/** A check worker: reads and checks the files it is sent, answers with plain-data outcomes. */
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { checkText, type CheckEnv, type FileInput } from './file.ts';

const env = workerData as CheckEnv;

parentPort!.on('message', async (batch: FileInput[]) => {
  const outcomes = await Promise.all(
    batch.map(async (input) => {
      const text = await readFile(input.path, 'utf8').catch((error: Error) => error);
      if (text instanceof Error) {
        const out = checkText({ ...input, reported: false }, '', env);
        out.findings.push({ ruleId: 'internal', line: 1, column: 1, message: `cannot read the file: ${text.message}` });
        return out;
      }
      return checkText(input, text, env);
    }),
  );
  parentPort!.postMessage(outcomes);
});
