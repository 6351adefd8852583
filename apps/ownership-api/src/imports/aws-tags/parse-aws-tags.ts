import type { CloudResource } from '../../catalog/catalog-types';

export interface AwsTagsOptions {
  /** Tag whose value names the service, such as `service`; matched exactly, as AWS tag keys are case-sensitive. */
  tagKey: string;
  /** Account for ARNs that carry none (S3 buckets); such resources are skipped without it. */
  defaultAccount?: string;
  /** Name of the file, for sources and messages. */
  source: string;
}

export interface ParsedAwsTags {
  resources: CloudResource[];
  /** ARNs without the tag. */
  untagged: string[];
  warnings: string[];
}

const ARN = /^arn:aws[a-z-]*:([a-z0-9-]+):[a-z0-9-]*:(\d{12})?:(.+)$/;

/**
 * Reads the JSON that `aws resourcegroupstaggingapi get-resources` prints
 * (`{ "ResourceTagMappingList": [{ "ResourceARN", "Tags": [{ "Key", "Value" }] }] }`)
 * and maps each resource carrying `tagKey` to the service the tag names.
 * Several pages may be concatenated into one JSON array of such objects.
 */
export function parseAwsTags(report: unknown, options: AwsTagsOptions): ParsedAwsTags {
  const pages = Array.isArray(report) ? report : [report];
  const problems: string[] = [];
  const parsed: ParsedAwsTags = { resources: [], untagged: [], warnings: [] };

  pages.forEach((page, pageIndex) => {
    const where = pages.length > 1 ? `${options.source} page ${pageIndex + 1}` : options.source;
    const list = isRecord(page) ? page.ResourceTagMappingList : undefined;
    if (!Array.isArray(list)) {
      problems.push(
        `${where}: expected an object with a ResourceTagMappingList array, as get-resources prints`,
      );
      return;
    }
    list.forEach((mapping, index) =>
      readMapping(mapping, `${where} ResourceTagMappingList[${index}]`, options, parsed, problems),
    );
  });

  if (problems.length > 0) throw new AwsTagsError(problems);
  return parsed;
}

function readMapping(
  mapping: unknown,
  where: string,
  options: AwsTagsOptions,
  parsed: ParsedAwsTags,
  problems: string[],
): void {
  if (!isRecord(mapping) || typeof mapping.ResourceARN !== 'string') {
    problems.push(`${where}: ResourceARN is missing or not a string`);
    return;
  }
  const arn = mapping.ResourceARN;
  const match = ARN.exec(arn);
  if (match === null) {
    problems.push(`${where}: ResourceARN ${JSON.stringify(arn)} is not an AWS ARN`);
    return;
  }

  const tags = readTags(mapping.Tags, where, problems);
  if (tags === undefined) return;
  const serviceName = tags[options.tagKey]?.trim();
  if (!serviceName) {
    parsed.untagged.push(arn);
    return;
  }

  const accountId = match[2] ?? options.defaultAccount;
  if (accountId === undefined) {
    parsed.warnings.push(
      `${where}: ${arn} names no account; skipped, pass an account for such resources`,
    );
    return;
  }
  parsed.resources.push({
    arn,
    accountId,
    resourceType: resourceType(match[1], match[3]),
    serviceName,
    tags,
    source: `aws-tags:${options.source}`,
  });
}

function readTags(
  value: unknown,
  where: string,
  problems: string[],
): Record<string, string> | undefined {
  if (value === undefined) return {};
  if (!Array.isArray(value)) {
    problems.push(`${where}: Tags must be a list of { Key, Value }`);
    return undefined;
  }
  const tags: Record<string, string> = {};
  for (const tag of value) {
    if (!isRecord(tag) || typeof tag.Key !== 'string' || typeof tag.Value !== 'string') {
      problems.push(
        `${where}: tag ${JSON.stringify(tag)} is not { Key, Value } with string values`,
      );
      return undefined;
    }
    tags[tag.Key] = tag.Value;
  }
  return tags;
}

/** `iam` + `role/deployer` → `iam:role`; `s3` + `my-bucket` → `s3`. */
function resourceType(service: string, resource: string): string {
  const separator = resource.search(/[/:]/);
  return separator === -1 ? service : `${service}:${resource.slice(0, separator)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The tags JSON does not have the shape get-resources prints. */
export class AwsTagsError extends Error {
  override readonly name = 'AwsTagsError';

  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}
