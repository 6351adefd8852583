import { createHash } from 'node:crypto';
import { Pool, type PoolClient, type PoolConfig, type QueryConfig } from 'pg';
import type { Database, Queryable } from './database';

export interface PostgresDatabaseOptions {
  /** Connection string, for example `postgres://postgres@127.0.0.1:5432/test`. */
  url: string;
  /** Schema for every statement (search_path); `public` when absent. */
  schema?: string;
  /** Maximum connections in the pool. */
  maxConnections?: number;
}

/** The PostgreSQL implementation, over a node-postgres connection pool. */
export class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  private readonly pool: Pool;

  constructor(options: PostgresDatabaseOptions) {
    const config: PoolConfig = {
      connectionString: options.url,
      max: options.maxConnections ?? 10,
      application_name: 'talaria-ownership-api',
    };
    if (options.schema !== undefined)
      config.options = `-c search_path=${quoteIdentifier(options.schema)}`;
    this.pool = new Pool(config);
  }

  async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.pool.query(preparedStatement(sql, params));
    return result.rows as Row[];
  }

  async exec(script: string): Promise<void> {
    await this.pool.query(script);
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(clientQueryable(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function clientQueryable(client: PoolClient): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(preparedStatement(sql, params));
      return result.rows as Row[];
    },
    async exec(script: string) {
      await client.query(script);
    },
  };
}

const statementNames = new Map<string, string>();

/**
 * Names every statement after a hash of its text, so each connection parses
 * and plans it once and reuses the plan. The resolve statements take several
 * milliseconds to plan and well under that to run.
 */
function preparedStatement(sql: string, params: readonly unknown[]): QueryConfig {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `talaria_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    statementNames.set(sql, name);
  }
  return { name, text: sql, values: params as unknown[] };
}

/** Quotes a schema name for SQL; names are checked by the caller to be plain identifiers. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
