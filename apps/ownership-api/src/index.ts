export * from './config/ownership-config';
export * from './start-ownership-api';
export type { Database, Queryable } from './database/database';
export { openDatabase, type OpenDatabaseOptions } from './database/open-database';
export { migrate } from './database/migrate';
export type {
  ResolveResult,
  KnownOwner,
  UnknownOwner,
  WorkloadQuery,
  MatchRule,
} from './resolve/resolve-types';
export { MATCH_RULES } from './resolve/resolve-types';
export { MAX_RESOLVE_IDENTITIES } from './resolve/resolve.service';
