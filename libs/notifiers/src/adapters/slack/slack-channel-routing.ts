import type { Finding, Priority } from '@talaria/falco-event';

/** Channel routing of a Slack output. */
export interface SlackChannelRouting {
  /** Channel name such as `#security-alerts`, or a channel ID such as `C0123456789`. */
  default: string;
  /** Channel per Kubernetes namespace of the workload. */
  byNamespace: Record<string, string>;
  /** Channel per canonical priority name. */
  byPriority: Partial<Record<Priority, string>>;
  /** Whether the owner's channel from enrichment wins over the mappings; default true. */
  useOwnerChannel: boolean;
}

export type SlackChannelSource = 'owner' | 'namespace' | 'priority' | 'default';

export interface ResolvedSlackChannel {
  channel: string;
  /** Routing rule that chose the channel, for dead-letter reasons and logs. */
  source: SlackChannelSource;
}

/**
 * Picks the channel for a finding: the owner's channel when the owner is
 * known and names one, else the channel mapped to the workload's namespace,
 * else the one mapped to its priority, else the default channel.
 */
export function resolveSlackChannel(
  finding: Finding,
  routing: SlackChannelRouting,
): ResolvedSlackChannel {
  const owner = finding.owner;
  if (routing.useOwnerChannel && owner.status === 'known') {
    const ownerChannel = owner.slackChannel?.trim();
    if (ownerChannel !== undefined && ownerChannel !== '') {
      return { channel: ownerChannel, source: 'owner' };
    }
  }

  const namespace = finding.workload.namespace;
  if (namespace !== undefined && Object.hasOwn(routing.byNamespace, namespace)) {
    return { channel: routing.byNamespace[namespace], source: 'namespace' };
  }

  const priorityChannel = routing.byPriority[finding.priority];
  if (priorityChannel !== undefined) return { channel: priorityChannel, source: 'priority' };

  return { channel: routing.default, source: 'default' };
}
