import { readSampleReport } from '../../../test/support/catalog-files';
import { thrownBy } from '@talaria/testing';
import { AwsTagsError, parseAwsTags } from './parse-aws-tags';

const OPTIONS = { tagKey: 'service', source: 'aws-resources.json' };

function problemsOf(report: unknown): string[] {
  return thrownBy(() => parseAwsTags(report, OPTIONS), AwsTagsError).problems;
}

describe('parseAwsTags', () => {
  it('maps tagged resources to services', () => {
    const parsed = parseAwsTags(readSampleReport('aws-resources.json'), OPTIONS);

    expect(
      parsed.resources.map((resource) => [
        resource.serviceName,
        resource.resourceType,
        resource.accountId,
      ]),
    ).toEqual([
      ['payments-api', 'iam:role', '111122223333'],
      ['payments-api', 'iam:role', '111122223333'],
      ['payments-db', 'rds:db', '111122223333'],
      ['checkout-web', 'iam:role', '444455556666'],
      ['checkout-redis', 'elasticache:cluster', '444455556666'],
    ]);
    expect(parsed.resources[0].tags).toEqual({
      service: 'payments-api',
      team: 'payments-team',
      'managed-by': 'terraform',
    });
    expect(parsed.resources[0].source).toBe('aws-tags:aws-resources.json');
  });

  it('lists resources without the tag', () => {
    const parsed = parseAwsTags(readSampleReport('aws-resources.json'), OPTIONS);

    expect(parsed.untagged).toEqual([
      'arn:aws:lambda:eu-west-1:111122223333:function:card-bin-lookup',
    ]);
  });

  it('skips ARNs without an account unless one is given', () => {
    const report = readSampleReport('aws-resources.json');

    const without = parseAwsTags(report, OPTIONS);
    const withAccount = parseAwsTags(report, { ...OPTIONS, defaultAccount: '111122223333' });

    expect(without.warnings).toEqual([
      'aws-resources.json ResourceTagMappingList[3]: arn:aws:s3:::acme-ledger-exports names no account; skipped, pass an account for such resources',
    ]);
    expect(
      withAccount.resources.find((resource) => resource.resourceType === 's3')?.accountId,
    ).toBe('111122223333');
  });

  it('reads another tag key', () => {
    const parsed = parseAwsTags(readSampleReport('aws-resources.json'), {
      ...OPTIONS,
      tagKey: 'team',
    });

    expect(new Set(parsed.resources.map((resource) => resource.serviceName))).toEqual(
      new Set(['payments-team', 'checkout-team']),
    );
  });

  it('reads concatenated pages', () => {
    const page = readSampleReport('aws-resources.json');

    expect(parseAwsTags([page, page], OPTIONS).resources).toHaveLength(10);
  });

  it.each([
    [
      { Resources: [] },
      'aws-resources.json: expected an object with a ResourceTagMappingList array, as get-resources prints',
    ],
    [
      { ResourceTagMappingList: [{ Tags: [] }] },
      'aws-resources.json ResourceTagMappingList[0]: ResourceARN is missing or not a string',
    ],
    [
      { ResourceTagMappingList: [{ ResourceARN: 'payments-api' }] },
      'aws-resources.json ResourceTagMappingList[0]: ResourceARN "payments-api" is not an AWS ARN',
    ],
    [
      {
        ResourceTagMappingList: [
          { ResourceARN: 'arn:aws:iam::111122223333:role/x', Tags: { service: 'x' } },
        ],
      },
      'aws-resources.json ResourceTagMappingList[0]: Tags must be a list of { Key, Value }',
    ],
  ])('rejects %j', (report, problem) => {
    expect(problemsOf(report)).toEqual([problem]);
  });
});
