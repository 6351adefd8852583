import { findingFor, paymentsApiFinding } from '../test/findings';
import { cacheKey, isResolvable, toWorkloadQuery } from './workload-query';

describe('toWorkloadQuery', () => {
  it('reads a syscall finding', () => {
    const query = toWorkloadQuery(paymentsApiFinding().workload);

    expect(query).toEqual({
      cluster: 'prod-eu-west-1',
      namespace: 'payments',
      pod: 'payments-api-7d9f8c6b5-x2k4q',
      image: 'ghcr.io/acme/payments-api:1.42.0',
    });
  });

  it('reads the workload a Kubernetes audit request targeted', () => {
    const workload = findingFor({
      targetNamespace: 'checkout',
      targetResource: 'deployments',
      targetName: 'checkout-web',
    }).workload;

    expect(toWorkloadQuery(workload)).toEqual({
      cluster: 'prod-eu-west-1',
      namespace: 'checkout',
      workloadKind: 'Deployment',
      workloadName: 'checkout-web',
    });
  });

  it('reads the pod a Kubernetes audit request targeted', () => {
    const workload = findingFor({
      targetNamespace: 'payments',
      targetResource: 'pods',
      targetName: 'payments-db-1',
    }).workload;

    expect(toWorkloadQuery(workload).pod).toBe('payments-db-1');
  });

  it('reads AWS accounts and role sessions', () => {
    const arn = 'arn:aws:sts::111122223333:assumed-role/GitHubActionsDeploy/gha-payments-api';
    const query = toWorkloadQuery(findingFor({ cloudAccount: '111122223333', user: arn }).workload);

    expect(query.awsAccount).toBe('111122223333');
    expect(query.roleArn).toBe(arn);
  });

  it('ignores accounts that are not AWS accounts', () => {
    const query = toWorkloadQuery(
      findingFor({ cloudAccount: 'acme-prod-payments', user: 'bob.nguyen' }).workload,
    );

    expect(query.awsAccount).toBeUndefined();
    expect(query.roleArn).toBeUndefined();
    expect(isResolvable(query)).toBe(false);
  });
});

describe('cacheKey', () => {
  it('gives pods of one workload the same key', () => {
    const first = paymentsApiFinding('payments-api-7d9f8c6b5-x2k4q');
    const second = paymentsApiFinding('payments-api-7d9f8c6b5-q8jvz');

    expect(cacheKey(toWorkloadQuery(first.workload), 'payments-api')).toBe(
      cacheKey(toWorkloadQuery(second.workload), 'payments-api'),
    );
  });

  it('separates clusters', () => {
    const query = toWorkloadQuery(paymentsApiFinding().workload);

    expect(cacheKey(query, 'payments-api')).not.toBe(
      cacheKey({ ...query, cluster: 'prod-us-east-1' }, 'payments-api'),
    );
  });
});
