/** One connection's worth of SQL: parameterised queries and multi-statement scripts. */
export interface Queryable {
  /** Runs one statement with `$1`-style parameters and returns its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters, such as a migration file. */
  exec(script: string): Promise<void>;
}

/**
 * The store behind the ownership API. Two implementations run the same SQL:
 * node-postgres against a PostgreSQL server, and PGlite embedded in the process.
 */
export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `work` in one transaction; it commits when `work` resolves and rolls back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A database call that failed, with the statement's first line for the log. */
export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
