export * from './recording-server';
export * from './elasticsearch/elasticsearch-server';
export type { BulkOperation } from './elasticsearch/bulk-body';
export type { FieldMapping } from './elasticsearch/index-mapping';
export type { IndexTemplate } from './elasticsearch/index-templates';
export * from './lambda/lambda-server';
