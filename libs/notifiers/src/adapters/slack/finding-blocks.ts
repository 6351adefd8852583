import type { Finding } from '@talaria/falco-event';

import {
  BLOCK_KIT_LIMITS,
  mrkdwn,
  type ContextBlock,
  type HeaderBlock,
  type MrkdwnText,
  type SectionBlock,
} from './block-kit';
import { fieldValueText } from './field-value-text';
import {
  codeBlock,
  escapeMrkdwn,
  escapeToFit,
  fitMrkdwn,
  inlineCode,
  withCutMarker,
} from './mrkdwn';
import { priorityEmoji } from './priority-emoji';

/** Output fields shown in the process section, and therefore left out of the field list. */
export const PROCESS_FIELDS = ['proc.name', 'proc.cmdline'] as const;

/** A label and a raw value for one section field; the value is escaped when rendered. */
export interface LabelledValue {
  label: string;
  value: string;
}

/**
 * Builds the header: priority emoji, priority and rule. Slack's formatting
 * reference requires `&`, `<` and `>` to be escaped in every text object, so
 * the plain_text header is escaped like mrkdwn.
 */
export function headerBlock(finding: Finding): HeaderBlock {
  const prefix = `${priorityEmoji(finding.priority)} ${finding.priority}: `;
  const fitted = escapeToFit(
    finding.alert.rule,
    BLOCK_KIT_LIMITS.headerText - prefix.length,
    escapeMrkdwn,
  );
  return {
    type: 'header',
    text: {
      type: 'plain_text',
      text: withCutMarker(`${prefix}${fitted.text}`, fitted.omitted),
      emoji: true,
    },
  };
}

/** Renders one section field: a bold label over the value in a code span. */
export function renderField(label: string, value: string | undefined): MrkdwnText {
  const title = `*${fitMrkdwn(label, 200)}*\n`;
  const body =
    value === undefined ? '_null_' : inlineCode(value, BLOCK_KIT_LIMITS.fieldText - title.length);
  return mrkdwn(`${title}${body}`);
}

/** Splits fields into sections of at most ten, the most one section takes. */
export function fieldSections(fields: readonly MrkdwnText[]): SectionBlock[] {
  const sections: SectionBlock[] = [];
  for (let start = 0; start < fields.length; start += BLOCK_KIT_LIMITS.sectionFields) {
    sections.push({
      type: 'section',
      fields: fields.slice(start, start + BLOCK_KIT_LIMITS.sectionFields),
    });
  }
  return sections;
}

/** Lists where the alert happened: cluster, region, workload, image, host, time and source. */
export function locationFields(finding: Finding): LabelledValue[] {
  const workload = finding.workload;
  const candidates: Array<[string, string | undefined]> = [
    ['Cluster', finding.cluster],
    ['Region', finding.region],
    ['Namespace', workload.namespace],
    ['Pod', workload.pod],
    ['Workload', joinPresent([workload.workloadKind, workload.workloadName], '/')],
    ['Container', workload.containerName ?? workload.containerId],
    ['Image', imageReference(finding)],
    [
      'Target',
      joinPresent([workload.targetNamespace, workload.targetResource, workload.targetName], '/'),
    ],
    ['Account', workload.cloudAccount],
    ['User', workload.user],
    ['Host', finding.alert.hostname],
    ['Source', finding.alert.source ?? 'syscall'],
    ['Alert time', finding.alert.time],
  ];
  return candidates
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .map(([label, value]) => ({ label, value }));
}

/** Lists the owner's team, service and criticality when enrichment found the owner. */
export function ownerFields(finding: Finding): LabelledValue[] {
  const owner = finding.owner;
  if (owner.status !== 'known') return [];

  const fields: LabelledValue[] = [
    { label: 'Owner team', value: owner.team },
    { label: 'Service', value: owner.service },
  ];
  if (owner.criticality !== undefined)
    fields.push({ label: 'Criticality', value: owner.criticality });
  if (owner.escalationContact !== undefined)
    fields.push({ label: 'Escalation', value: owner.escalationContact });
  return fields;
}

/** Builds the process section with the process name and command line, or nothing when the alert has neither. */
export function processSection(finding: Finding): SectionBlock | undefined {
  const fields = finding.alert.output_fields ?? {};
  const name = fieldValueText(fields['proc.name']);
  const commandLine = fieldValueText(fields['proc.cmdline']);
  if (name === undefined && commandLine === undefined) return undefined;

  let text = name === undefined ? '' : `*Process* ${inlineCode(name, 500)}\n`;
  if (commandLine !== undefined) {
    const title = '*Command line*\n';
    text += `${title}${codeBlock(commandLine, BLOCK_KIT_LIMITS.sectionText - text.length - title.length)}`;
  }
  return { type: 'section', text: mrkdwn(text.trimEnd()) };
}

/** Builds the section with Falco's output line, or nothing when the alert has none. */
export function outputSection(finding: Finding): SectionBlock | undefined {
  const output = finding.alert.output;
  if (output === undefined || output === '') return undefined;

  const title = '*Output*\n';
  return {
    type: 'section',
    text: mrkdwn(`${title}${codeBlock(output, BLOCK_KIT_LIMITS.sectionText - title.length)}`),
  };
}

/** Builds the section with the number of alerts a coalesced finding counts and their time span. */
export function coalescedSection(finding: Finding): SectionBlock | undefined {
  const coalesced = finding.coalesced;
  if (coalesced === undefined) return undefined;

  const text =
    `:repeat: *Repeated ${coalesced.count} times* from ${inlineCode(coalesced.firstSeen, 100)}` +
    ` to ${inlineCode(coalesced.lastSeen, 100)}`;
  return { type: 'section', text: mrkdwn(text) };
}

/** Builds the section that links to the finding in Kibana. */
export function kibanaSection(finding: Finding, kibanaUrlTemplate: string): SectionBlock {
  return {
    type: 'section',
    text: mrkdwn(`<${kibanaLink(finding.id, kibanaUrlTemplate)}|Open the finding in Kibana>`),
  };
}

/**
 * Fills the `{id}` placeholders of a Kibana URL template with the URL-encoded
 * finding id. `&` becomes an entity, which Slack expects inside `<url|text>`.
 */
export function kibanaLink(findingId: string, template: string): string {
  return template.replaceAll('{id}', encodeURIComponent(findingId)).replace(/&/g, '&amp;');
}

/** Builds the closing context line: finding id, fingerprint, tags, arrival time and a missing owner. */
export function contextBlock(finding: Finding): ContextBlock {
  const limit = BLOCK_KIT_LIMITS.contextText;
  const elements = [
    mrkdwn(`Finding ${inlineCode(finding.id, limit - 8)}`),
    mrkdwn(`Fingerprint ${inlineCode(finding.fingerprint, limit - 12)}`),
    mrkdwn(`Received ${inlineCode(finding.receivedAt, limit - 9)}`),
  ];

  const tags = finding.alert.tags ?? [];
  if (tags.length > 0) elements.push(mrkdwn(`Tags ${inlineCode(tags.join(', '), limit - 5)}`));

  if (finding.owner.status === 'unknown') {
    elements.push(mrkdwn(`Owner unknown: ${inlineCode(finding.owner.reason, limit - 15)}`));
  }
  return { type: 'context', elements: elements.slice(0, BLOCK_KIT_LIMITS.contextElements) };
}

function imageReference(finding: Finding): string | undefined {
  const { imageRepository, imageTag, imageDigest } = finding.workload;
  if (imageRepository === undefined) return undefined;

  const tagged = imageTag === undefined ? imageRepository : `${imageRepository}:${imageTag}`;
  return imageDigest === undefined ? tagged : `${tagged}@${imageDigest}`;
}

function joinPresent(parts: Array<string | undefined>, separator: string): string | undefined {
  const present = parts.filter((part): part is string => part !== undefined && part !== '');
  return present.length === 0 ? undefined : present.join(separator);
}
