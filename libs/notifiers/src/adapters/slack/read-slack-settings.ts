import { PRIORITIES, type Priority } from '@talaria/falco-event';

import {
  describeValue,
  readBoolean,
  readInteger,
  readObject,
  rejectUnknownKeys,
  type Issues,
  type PlainObject,
} from '../../config/config-readers';
import { readHttpUrl } from '../../config/read-http-url';
import { readSecretRef } from '../../config/secret-source';
import type { SlackChannelRouting } from './slack-channel-routing';
import { DEFAULT_SLACK_API_URL } from './slack-output';
import type { SlackOutputConfig } from './slack-output-config';

/** Keys a `slack` output adds to the common ones. */
export const SLACK_SETTING_KEYS = [
  'token',
  'channels',
  'apiUrl',
  'kibanaUrl',
  'timeoutMs',
  'threadCacheSize',
] as const;

const CHANNEL_KEYS = ['default', 'byNamespace', 'byPriority', 'useOwnerChannel'] as const;

/**
 * A channel name with or without `#`, or a channel ID: visible characters
 * only, up to 80 as Slack allows for names, plus the `#`.
 */
const SLACK_CHANNEL = /^#?[^\s#<>|&]{1,80}$/u;

type SlackSettings = Omit<SlackOutputConfig, 'name' | 'route' | 'delivery'>;

/** Reads the keys of a `slack` output, recording every problem in `issues`. */
export function readSlackSettings(raw: PlainObject, path: string, issues: Issues): SlackSettings {
  const token =
    raw.token === undefined || raw.token === null
      ? missingToken(path, issues)
      : readSecretRef(raw.token, `${path}.token`, issues);

  return {
    type: 'slack',
    token: token ?? { env: '' },
    channels: readChannels(raw.channels, `${path}.channels`, issues),
    apiUrl: readHttpUrl(raw, 'apiUrl', path, issues, false) ?? DEFAULT_SLACK_API_URL,
    kibanaUrl: readKibanaUrl(raw, path, issues),
    timeoutMs: readInteger(raw, 'timeoutMs', path, issues, {
      min: 1,
      max: 600_000,
      unit: 'milliseconds',
    }),
    threadCacheSize: readInteger(raw, 'threadCacheSize', path, issues, {
      min: 1,
      max: 1_000_000,
      unit: 'fingerprints',
    }),
  };
}

function missingToken(path: string, issues: Issues): undefined {
  issues.push(
    `${path}.token: missing; give the bot token as { env: NAME } or { file: PATH }, never inline`,
  );
  return undefined;
}

function readChannels(raw: unknown, path: string, issues: Issues): SlackChannelRouting {
  const routing: SlackChannelRouting = {
    default: '',
    byNamespace: {},
    byPriority: {},
    useOwnerChannel: true,
  };
  if (raw === undefined || raw === null) {
    issues.push(`${path}: missing; set at least channels.default, such as '#security-alerts'`);
    return routing;
  }
  const object = readObject(raw, path, issues);
  if (object === undefined) return routing;

  rejectUnknownKeys(object, CHANNEL_KEYS, path, issues);
  routing.default = readChannel(object.default, `${path}.default`, issues, true) ?? '';
  routing.byNamespace = readChannelMap(object.byNamespace, `${path}.byNamespace`, issues);
  routing.byPriority = readPriorityChannels(object.byPriority, `${path}.byPriority`, issues);

  routing.useOwnerChannel = readBoolean(object, 'useOwnerChannel', path, issues) ?? true;
  return routing;
}

function readChannel(
  value: unknown,
  path: string,
  issues: Issues,
  required: boolean,
): string | undefined {
  if (value === undefined || value === null) {
    if (required) issues.push(`${path}: missing; set a channel such as '#security-alerts'`);
    return undefined;
  }
  if (typeof value !== 'string' || !SLACK_CHANNEL.test(value)) {
    issues.push(
      `${path}: ${describeValue(value)} is not a Slack channel; write a name such as '#security-alerts' or an ID such as C0123456789`,
    );
    return undefined;
  }
  return value;
}

function readChannelMap(raw: unknown, path: string, issues: Issues): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  const object = readObject(raw, path, issues);
  if (object === undefined) return {};

  const channels: Record<string, string> = {};
  for (const [key, value] of Object.entries(object)) {
    const channel = readChannel(value, `${path}.${key}`, issues, true);
    if (channel !== undefined) channels[key] = channel;
  }
  return channels;
}

function readPriorityChannels(
  raw: unknown,
  path: string,
  issues: Issues,
): Partial<Record<Priority, string>> {
  const byName = readChannelMap(raw, path, issues);
  const channels: Partial<Record<Priority, string>> = {};

  for (const [name, channel] of Object.entries(byName)) {
    const priority = PRIORITIES.find((known) => known.toLowerCase() === name.toLowerCase());
    if (priority === undefined) {
      issues.push(`${path}.${name}: not a Falco priority; use one of ${PRIORITIES.join(', ')}`);
      continue;
    }
    channels[priority] = channel;
  }
  return channels;
}

/**
 * Reads the Kibana link template. It must be an http(s) URL containing
 * `{id}`, and may not contain `<`, `>`, `|` or spaces, which would break
 * Slack's `<url|text>` link syntax.
 */
function readKibanaUrl(raw: PlainObject, path: string, issues: Issues): string | undefined {
  const template = readHttpUrl(raw, 'kibanaUrl', path, issues, false);
  if (template === undefined) return undefined;

  if (!template.includes('{id}')) {
    issues.push(
      `${path}.kibanaUrl: ${describeValue(template)} has no {id} placeholder; put {id} where the finding id belongs`,
    );
    return undefined;
  }
  if (/[\s<>|]/.test(template)) {
    issues.push(
      `${path}.kibanaUrl: ${describeValue(template)} contains a space, <, > or |; percent-encode them (%20, %3C, %3E, %7C)`,
    );
    return undefined;
  }
  return template;
}
