export * from './config';
export * from './start-forwarder';
export { ForwarderRuntime } from './forwarder-runtime';
export { INGEST_PATHS } from './ingest/ingest-target';
export { buildDeliveryEngine } from './delivery/build-outputs';
export { openSpoolEnvelope, spoolEnvelope, type SpooledAlert } from './ingest/spool-envelope';
