// Plain JavaScript so that it loads as it is under tsx, vitest and from dist/ (see watchListSizes in list-sizes.ts).
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, sql, params, intervalMs } = workerData;
const db = new Database(file, { readonly: true, fileMustExist: true });
const sizes = db.prepare(sql);
// Changes whenever another connection commits, the server's own included.
const version = db.prepare('pragma data_version').pluck();
let measuredAt = -1;

function measure() {
  const now = version.get();
  if (now === measuredAt) return;
  measuredAt = now;
  try {
    parentPort.postMessage(sizes.get(...params));
  } catch {
    // A table gone or locked: the next change measures again.
    measuredAt = -1;
  }
}

measure();
setInterval(measure, intervalMs);
