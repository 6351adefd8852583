/**
 * Limits Slack enforces on message blocks, from the Block Kit reference
 * (https://docs.slack.dev/reference/block-kit/blocks). Slack rejects a
 * message that breaks one with `invalid_blocks`.
 */
const LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  textObject: 3000,
} as const;

type JsonObject = Record<string, unknown>;

/**
 * Checks blocks against Slack's limits and returns one message per problem,
 * each with a JSON pointer in the form Slack uses, such as
 * `must be at most 3000 characters [json-pointer:/blocks/2/text/text]`.
 */
export function checkBlocks(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return ['blocks must be an array [json-pointer:/blocks]'];

  const problems: string[] = [];
  if (blocks.length > LIMITS.blocks) {
    problems.push(`no more than ${LIMITS.blocks} items allowed [json-pointer:/blocks]`);
  }
  blocks.forEach((block, index) => problems.push(...checkBlock(block, `/blocks/${index}`)));
  return problems;
}

function checkBlock(block: unknown, pointer: string): string[] {
  if (!isObject(block) || typeof block.type !== 'string') {
    return [`block must be an object with a type [json-pointer:${pointer}]`];
  }

  switch (block.type) {
    case 'header':
      return checkText(block.text, `${pointer}/text`, LIMITS.headerText, ['plain_text']);
    case 'section':
      return checkSection(block, pointer);
    case 'context':
      return checkContext(block, pointer);
    case 'divider':
      return [];
    default:
      // Other block types are accepted without checks; this server models the common ones.
      return [];
  }
}

function checkSection(block: JsonObject, pointer: string): string[] {
  const problems: string[] = [];
  if (block.text === undefined && block.fields === undefined) {
    problems.push(`must provide text or fields [json-pointer:${pointer}]`);
  }
  if (block.text !== undefined) {
    problems.push(...checkText(block.text, `${pointer}/text`, LIMITS.sectionText));
  }
  if (block.fields !== undefined) {
    if (!Array.isArray(block.fields)) {
      problems.push(`fields must be an array [json-pointer:${pointer}/fields]`);
    } else {
      if (block.fields.length > LIMITS.sectionFields) {
        problems.push(
          `no more than ${LIMITS.sectionFields} items allowed [json-pointer:${pointer}/fields]`,
        );
      }
      block.fields.forEach((field, index) =>
        problems.push(...checkText(field, `${pointer}/fields/${index}`, LIMITS.fieldText)),
      );
    }
  }
  return problems;
}

function checkContext(block: JsonObject, pointer: string): string[] {
  if (!Array.isArray(block.elements) || block.elements.length === 0) {
    return [`elements must be a non-empty array [json-pointer:${pointer}/elements]`];
  }
  const problems: string[] = [];
  if (block.elements.length > LIMITS.contextElements) {
    problems.push(
      `no more than ${LIMITS.contextElements} items allowed [json-pointer:${pointer}/elements]`,
    );
  }
  block.elements.forEach((element, index) =>
    problems.push(...checkText(element, `${pointer}/elements/${index}`, LIMITS.textObject)),
  );
  return problems;
}

function checkText(
  value: unknown,
  pointer: string,
  maxLength: number,
  types: readonly string[] = ['plain_text', 'mrkdwn'],
): string[] {
  if (!isObject(value) || typeof value.type !== 'string' || !types.includes(value.type)) {
    return [`must be a text object of type ${types.join(' or ')} [json-pointer:${pointer}]`];
  }
  if (typeof value.text !== 'string' || value.text.length === 0) {
    return [`must be at least 1 character [json-pointer:${pointer}/text]`];
  }
  if (value.text.length > maxLength) {
    return [`must be at most ${maxLength} characters [json-pointer:${pointer}/text]`];
  }
  return [];
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
