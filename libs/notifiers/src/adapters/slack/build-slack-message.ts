import type { Finding } from '@talaria/falco-event';

import { BLOCK_KIT_LIMITS, type MessageBlock, type SectionBlock } from './block-kit';
import {
  coalescedSection,
  contextBlock,
  fieldSections,
  headerBlock,
  kibanaSection,
  locationFields,
  outputSection,
  ownerFields,
  processSection,
  renderField,
} from './finding-blocks';
import { fitMrkdwn } from './mrkdwn';
import { outputFieldSections } from './output-field-blocks';

/** Maximum characters of the plain fallback text that Slack shows in notifications. */
export const FALLBACK_TEXT_LENGTH = 3000;

export interface SlackMessageOptions {
  /** URL template with `{id}` for a link to the finding in Kibana; no link when absent. */
  kibanaUrl?: string;
}

/** The parts of a chat.postMessage or chat.update call that describe the content. */
export interface SlackMessageContent {
  /** Escaped mrkdwn fallback for notifications and clients that cannot show blocks. */
  text: string;
  blocks: MessageBlock[];
}

/**
 * Builds the Block Kit message for a finding: header with priority and rule,
 * where it happened, the owner, the process and command line, Falco's output
 * line, every other output field, a Kibana link when configured, and the ids.
 * Every value from the alert is escaped for mrkdwn and cut to Slack's limits
 * with a visible marker, and the message never exceeds 50 blocks.
 */
export function buildSlackMessage(
  finding: Finding,
  options: SlackMessageOptions = {},
): SlackMessageContent {
  const leading: MessageBlock[] = [headerBlock(finding)];
  pushIfPresent(leading, coalescedSection(finding));

  const labelled = [...locationFields(finding), ...ownerFields(finding)];
  leading.push(...fieldSections(labelled.map(({ label, value }) => renderField(label, value))));
  pushIfPresent(leading, processSection(finding));
  pushIfPresent(leading, outputSection(finding));

  const trailing: MessageBlock[] = [];
  if (options.kibanaUrl !== undefined) trailing.push(kibanaSection(finding, options.kibanaUrl));
  trailing.push(contextBlock(finding));

  const fieldBudget = BLOCK_KIT_LIMITS.blocks - leading.length - trailing.length;
  const blocks = [...leading, ...outputFieldSections(finding, fieldBudget), ...trailing];
  return { text: fallbackText(finding), blocks };
}

/**
 * Builds the short thread reply for a coalesced finding whose first message
 * is known: the repeat count and time span, the Kibana link and the ids.
 */
export function buildSlackThreadReply(
  finding: Finding,
  options: SlackMessageOptions = {},
): SlackMessageContent {
  const blocks: MessageBlock[] = [];
  pushIfPresent(blocks, coalescedSection(finding));
  if (options.kibanaUrl !== undefined) blocks.push(kibanaSection(finding, options.kibanaUrl));
  blocks.push(contextBlock(finding));
  return { text: fallbackText(finding), blocks };
}

/**
 * Returns the fallback text, for example
 * `[Critical] Terminal shell in container in prod/shop/api-1: A shell was spawned …`.
 * Slack parses this text as mrkdwn too, so it is escaped like the blocks.
 */
export function fallbackText(finding: Finding): string {
  const where = [finding.cluster, finding.workload.namespace, finding.workload.pod]
    .filter((part) => part !== undefined && part !== '')
    .join('/');
  const repeated =
    finding.coalesced === undefined ? '' : `Repeated ${finding.coalesced.count} times: `;
  const output = finding.alert.output === undefined ? '' : `: ${finding.alert.output}`;
  const raw = `${repeated}[${finding.priority}] ${finding.alert.rule} in ${where}${output}`;
  return fitMrkdwn(raw, FALLBACK_TEXT_LENGTH);
}

function pushIfPresent(blocks: MessageBlock[], block: SectionBlock | undefined): void {
  if (block !== undefined) blocks.push(block);
}
