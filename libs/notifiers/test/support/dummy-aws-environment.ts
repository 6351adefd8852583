/**
 * Dummy AWS settings for tests. With credentials in the environment the
 * SDK's default chain stops at its first step, and AWS_EC2_METADATA_DISABLED
 * keeps it from ever calling the instance metadata service. Every client in
 * the tests also gets an `endpoint` on 127.0.0.1.
 */
export const DUMMY_AWS_ENVIRONMENT: Readonly<Record<string, string>> = {
  AWS_ACCESS_KEY_ID: 'AKIDTALARIATEST',
  AWS_SECRET_ACCESS_KEY: 'talaria-test-secret-not-real',
  AWS_REGION: 'eu-west-1',
  AWS_EC2_METADATA_DISABLED: 'true',
};

/** Sets the dummy AWS variables for the enclosing describe block and restores them after it. */
export function useDummyAwsEnvironment(): void {
  const saved: Record<string, string | undefined> = {};

  beforeAll(() => {
    for (const [name, value] of Object.entries(DUMMY_AWS_ENVIRONMENT)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  });

  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}
