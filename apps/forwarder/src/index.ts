export * from './config';
export * from './start-forwarder';
export { ForwarderRuntime } from './forwarder-runtime';
export { INGEST_PATHS } from './ingest/ingest-target';
export { buildDeliveryEngine } from './delivery/build-outputs';
export { spoolEnvelope } from './ingest/spool-envelope';
