import type { OutputCommonConfig } from '../../config/output-config';
import type { SecretRef } from '../../config/secret-source';

export interface SplunkHecOutputConfig extends OutputCommonConfig {
  type: 'splunk';
  /** Base URL of the HTTP Event Collector, such as https://splunk.example:8088. */
  url: string;
  token: SecretRef;
  index?: string;
  source: string;
  sourcetype: string;
  host?: string;
  gzip: boolean;
  ack: boolean;
  channel?: string;
  ackPollIntervalMs?: number;
  ackTimeoutMs?: number;
  timeoutMs?: number;
  maxSockets?: number;
}
