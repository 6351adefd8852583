import { mkdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { DatabaseError, type Database, type Queryable } from './database';
import { PGLITE_WORKER_SOURCE } from './pglite-worker-source';
import { quoteIdentifier } from './postgres-database';

export interface PgliteDatabaseOptions {
  /** Folder that keeps the data between runs; in memory when absent. */
  dataDirectory?: string;
  /** Schema for every statement; `public` when absent. */
  schema?: string;
}

interface WorkerReply {
  id: number;
  rows?: unknown[];
  error?: { message: string; code?: string; detail?: string };
}

/**
 * The embedded implementation: PostgreSQL compiled to WebAssembly, run in a
 * worker thread of this process. PGlite has a single connection, so every
 * call waits its turn here, and a transaction keeps the turn from BEGIN to
 * COMMIT so no other statement lands inside it.
 */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  private readonly pending = new Map<
    number,
    { resolve: (rows: unknown[]) => void; reject: (error: Error) => void }
  >();
  private nextId = 1;
  private turn: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: WorkerReply) => this.settle(reply));
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) =>
      this.failAll(new DatabaseError(`the PGlite worker exited with code ${code}`)),
    );
  }

  static async open(options: PgliteDatabaseOptions = {}): Promise<PgliteDatabase> {
    // PGlite creates the data folder but not its parents.
    if (options.dataDirectory !== undefined) mkdirSync(options.dataDirectory, { recursive: true });
    const worker = new Worker(PGLITE_WORKER_SOURCE, {
      eval: true,
      workerData: { pglitePath: require.resolve('@electric-sql/pglite') },
    });
    const database = new PgliteDatabase(worker);
    await database.send({ op: 'open', dataDirectory: options.dataDirectory });
    if (options.schema !== undefined) {
      const schema = quoteIdentifier(options.schema);
      await database.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema};`);
    }
    return database;
  }

  query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return this.inTurn(() => this.send({ op: 'query', sql, params }) as Promise<Row[]>);
  }

  async exec(script: string): Promise<void> {
    await this.inTurn(() => this.send({ op: 'exec', sql: script }));
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.inTurn(async () => {
      const tx: Queryable = {
        query: <Row>(sql: string, params: readonly unknown[] = []) =>
          this.send({ op: 'query', sql, params }) as Promise<Row[]>,
        exec: async (script: string) => {
          await this.send({ op: 'exec', sql: script });
        },
      };

      await this.send({ op: 'exec', sql: 'BEGIN' });
      try {
        const result = await work(tx);
        await this.send({ op: 'exec', sql: 'COMMIT' });
        return result;
      } catch (error) {
        await this.send({ op: 'exec', sql: 'ROLLBACK' }).catch(() => undefined);
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.inTurn(() => this.send({ op: 'close' }));
    this.closed = true;
    await this.worker.terminate();
  }

  /** Runs `step` after every earlier call has finished, whatever their outcome. */
  private inTurn<T>(step: () => Promise<T>): Promise<T> {
    const result = this.turn.then(step, step);
    this.turn = result.catch(() => undefined);
    return result;
  }

  private send(message: Record<string, unknown>): Promise<unknown[]> {
    if (this.closed) return Promise.reject(new DatabaseError('the PGlite database is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  private settle(reply: WorkerReply): void {
    const waiter = this.pending.get(reply.id);
    if (waiter === undefined) return;
    this.pending.delete(reply.id);

    if (reply.error === undefined) {
      waiter.resolve(reply.rows ?? []);
      return;
    }
    const error = new DatabaseError(reply.error.message) as DatabaseError & {
      code?: string;
      detail?: string;
    };
    error.code = reply.error.code;
    error.detail = reply.error.detail;
    waiter.reject(error);
  }

  private failAll(error: Error): void {
    this.closed = true;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}
