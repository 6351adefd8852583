import { accountFromArn, normalizeRoleArn } from './cloud-identity';

describe('normalizeRoleArn', () => {
  it('maps an assumed-role session to its role', () => {
    const session =
      'arn:aws:sts::111122223333:assumed-role/GitHubActionsDeploy/gha-payments-api-8123456789';

    expect(normalizeRoleArn(session)).toBe('arn:aws:iam::111122223333:role/GitHubActionsDeploy');
  });

  it('keeps the partition', () => {
    expect(normalizeRoleArn('arn:aws-us-gov:sts::111122223333:assumed-role/ops/s')).toBe(
      'arn:aws-us-gov:iam::111122223333:role/ops',
    );
  });

  it('keeps role ARNs as they are', () => {
    const role = 'arn:aws:iam::111122223333:role/payments-api-irsa';

    expect(normalizeRoleArn(role)).toBe(role);
  });
});

describe('accountFromArn', () => {
  it('reads the account', () => {
    expect(accountFromArn('arn:aws:iam::444455556666:role/checkout-web-irsa')).toBe('444455556666');
  });

  it('returns undefined without an account', () => {
    expect(accountFromArn('arn:aws:s3:::acme-ledger-exports')).toBeUndefined();
  });
});
