/**
 * Code of the worker thread that hosts PGlite. It is plain JavaScript run with
 * `eval`, because PGlite loads its WebAssembly through dynamic `import()`,
 * which test runners that sandbox modules (Jest) reject; a worker thread is
 * ordinary Node. The thread also keeps the embedded database's CPU work off the
 * HTTP event loop.
 *
 * Messages in: { id, op: 'open' | 'query' | 'exec' | 'close', ... }.
 * Messages out: { id, rows } or { id, error: { message, code, detail } }.
 */
export const PGLITE_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglitePath);
let db;

async function handle(message) {
  switch (message.op) {
    case 'open':
      db = message.dataDirectory === undefined ? new PGlite() : new PGlite(message.dataDirectory);
      await db.waitReady;
      return [];
    case 'query':
      return (await db.query(message.sql, message.params)).rows;
    case 'exec':
      await db.exec(message.sql);
      return [];
    case 'close':
      await db.close();
      return [];
    default:
      throw new Error('unknown operation ' + message.op);
  }
}

parentPort.on('message', (message) => {
  handle(message).then(
    (rows) => parentPort.postMessage({ id: message.id, rows }),
    (error) => parentPort.postMessage({
      id: message.id,
      error: { message: String(error && error.message), code: error && error.code, detail: error && error.detail },
    }),
  );
});
`;
