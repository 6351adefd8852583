/**
 * The Block Kit subset Slack messages for findings use, with Slack's limits
 * from https://docs.slack.dev/reference/block-kit/blocks (section, header and
 * context blocks) and the text object reference.
 */
export const BLOCK_KIT_LIMITS = {
  /** Blocks in one message. */
  blocks: 50,
  /** Characters in a header block's text. */
  headerText: 150,
  /** Characters in a section block's text. */
  sectionText: 3000,
  /** Fields in one section block. */
  sectionFields: 10,
  /** Characters in one section field. */
  fieldText: 2000,
  /** Elements in one context block. */
  contextElements: 10,
  /** Characters in one context element. */
  contextText: 3000,
} as const;

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
  /** True stops Slack from turning bare URLs, channel names and mentions into links. */
  verbatim?: boolean;
}

export interface HeaderBlock {
  type: 'header';
  text: PlainText;
}

export interface SectionBlock {
  type: 'section';
  text?: MrkdwnText;
  fields?: MrkdwnText[];
}

export interface ContextBlock {
  type: 'context';
  elements: MrkdwnText[];
}

export type MessageBlock = HeaderBlock | SectionBlock | ContextBlock;

/** Returns a mrkdwn text object that Slack shows without auto-linking or parsing mentions. */
export function mrkdwn(text: string): MrkdwnText {
  return { type: 'mrkdwn', text, verbatim: true };
}
