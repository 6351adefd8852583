import type { OutputCommonConfig } from '../../config/output-config';
import type { SecretRef } from '../../config/secret-source';
import type { SlackChannelRouting } from './slack-channel-routing';

export interface SlackOutputConfig extends OutputCommonConfig {
  type: 'slack';
  /** Bot token with the chat:write scope. */
  token: SecretRef;
  channels: SlackChannelRouting;
  /** Base URL of Slack's Web API. */
  apiUrl: string;
  /** URL template with `{id}` for a link to the finding in Kibana. */
  kibanaUrl?: string;
  timeoutMs?: number;
  threadCacheSize?: number;
}
