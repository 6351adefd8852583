const ARN = /^arn:(aws[a-z-]*):([a-z0-9-]+):[a-z0-9-]*:(\d{12}):(.+)$/;

/**
 * Returns the IAM role ARN behind a principal ARN. CloudTrail names a role
 * session as `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`, which maps to
 * `arn:aws:iam::ACCOUNT:role/ROLE`; other ARNs are returned as they are.
 */
export function normalizeRoleArn(arn: string): string {
  const match = ARN.exec(arn.trim());
  if (match === null) return arn.trim();

  const [, partition, service, account, resource] = match;
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    const role = resource.split('/')[1];
    // NOTE: the session ARN drops the role's path, so a role created under a path
    // (role/ops/deployer) is not found by this exact ARN.
    return `arn:${partition}:iam::${account}:role/${role}`;
  }
  return arn.trim();
}

/** Reads the 12-digit account id from an ARN, or undefined when there is none. */
export function accountFromArn(arn: string): string | undefined {
  return ARN.exec(arn.trim())?.[3];
}
