export * from './config-error';
export * from './enrichment-config';
export * from './forwarder-config';
export * from './load-config';
export * from './mask-secrets';
export * from './secrets';
export { environmentName } from './config-schema';
