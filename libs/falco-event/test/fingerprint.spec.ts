import { FalcoEventError } from '../src/errors';
import { fingerprint } from '../src/fingerprint';
import { extractWorkload } from '../src/workload/extract-workload';
import { copyAlert, K8S_AUDIT_ALERT, SYSCALL_ALERT } from './fixtures/sample-alerts';

const CONTEXT = { cluster: 'prod-eu-1', region: 'eu-west-1' };

function fingerprintOf(
  alert = copyAlert(SYSCALL_ALERT),
  fields?: string[],
  context = CONTEXT,
): string {
  return fingerprint(alert, extractWorkload(alert, context), fields);
}

describe('fingerprint', () => {
  it('is a SHA-256 hex digest', () => {
    expect(fingerprintOf()).toMatch(/^[0-9a-f]{64}$/);
  });

  // A fixed value proves stability across processes and releases; change it
  // only together with the fingerprint version.
  it('matches the recorded value for the syscall sample', () => {
    expect(fingerprintOf()).toBe(FINGERPRINT_OF_SYSCALL_SAMPLE);
  });

  it('ignores the order of keys', () => {
    const alert = copyAlert(SYSCALL_ALERT);
    const reversed = Object.fromEntries(Object.entries(alert).reverse()) as typeof alert;
    reversed.output_fields = Object.fromEntries(
      Object.entries(alert.output_fields ?? {}).reverse(),
    );

    expect(fingerprintOf(reversed)).toBe(fingerprintOf(alert));
  });

  it('ignores fields outside the fingerprint', () => {
    const alert = copyAlert(SYSCALL_ALERT);
    alert.time = '2025-01-01T00:00:00Z';
    alert.output_fields = {
      ...alert.output_fields,
      'evt.time': 1n,
      'k8s.pod.name': 'api-7d9f8c6b5-zzzzz',
    };

    expect(fingerprintOf(alert)).toBe(fingerprintOf());
  });

  it.each([
    ['rule', (alert: ReturnType<typeof copyAlert>) => (alert.rule = 'Other rule')],
    [
      'namespace',
      (alert: ReturnType<typeof copyAlert>) => (alert.output_fields!['k8s.ns.name'] = 'other'),
    ],
    [
      'workload',
      (alert: ReturnType<typeof copyAlert>) =>
        (alert.output_fields!['k8s.pod.name'] = 'web-7d9f8c6b5-x2k4q'),
    ],
    [
      'process',
      (alert: ReturnType<typeof copyAlert>) => (alert.output_fields!['proc.name'] = 'sh'),
    ],
  ])('changes with the %s', (_case, change) => {
    const alert = copyAlert(SYSCALL_ALERT);
    change(alert);

    expect(fingerprintOf(alert)).not.toBe(fingerprintOf());
  });

  it('changes with the cluster', () => {
    expect(
      fingerprintOf(copyAlert(SYSCALL_ALERT), undefined, { cluster: 'other', region: 'eu-west-1' }),
    ).not.toBe(fingerprintOf());
  });

  it('hashes only the given fields', () => {
    const alert = copyAlert(SYSCALL_ALERT);
    alert.output_fields = { ...alert.output_fields, 'proc.name': 'sh' };

    expect(fingerprintOf(alert, ['rule', 'namespace'])).toBe(
      fingerprintOf(copyAlert(SYSCALL_ALERT), ['rule', 'namespace']),
    );
  });

  it('depends on the order of the given fields', () => {
    expect(fingerprintOf(undefined, ['rule', 'cluster'])).not.toBe(
      fingerprintOf(undefined, ['cluster', 'rule']),
    );
  });

  it('reads output fields, big integers included', () => {
    const alert = copyAlert(SYSCALL_ALERT);
    alert.output_fields = { ...alert.output_fields, 'evt.time': 1717176042123456788n };

    expect(fingerprintOf(alert, ['evt.time'])).not.toBe(fingerprintOf(undefined, ['evt.time']));
  });

  it('reaches an output field named like a component through the prefix', () => {
    const alert = copyAlert(SYSCALL_ALERT);
    alert.output_fields = { ...alert.output_fields, rule: 'from fields' };

    expect(fingerprintOf(alert, ['output_fields.rule'])).not.toBe(fingerprintOf(alert, ['rule']));
  });

  it('tells an absent field from an empty one', () => {
    const alert = copyAlert(SYSCALL_ALERT);
    alert.output_fields = { ...alert.output_fields, 'fd.name': '' };

    expect(fingerprintOf(alert, ['fd.name'])).not.toBe(fingerprintOf(undefined, ['fd.name']));
  });

  it('uses the target namespace of k8s_audit alerts', () => {
    const alert = copyAlert(K8S_AUDIT_ALERT);
    const other = copyAlert(K8S_AUDIT_ALERT);
    other.output_fields = { ...other.output_fields, 'ka.target.namespace': 'prod' };

    expect(fingerprintOf(alert)).not.toBe(fingerprintOf(other));
  });

  it.each([
    ['an empty list', []],
    ['an empty name', ['rule', '']],
    ['a name that is not a string', ['rule', 5]],
  ])('throws for %s', (_case, fields) => {
    expect(() => fingerprintOf(undefined, fields as string[])).toThrow(FalcoEventError);
  });
});

const FINGERPRINT_OF_SYSCALL_SAMPLE =
  '82320b15d7b914f0a3da8e6bf28dc57559d18c991ffe7d5c4eb123c1019ab39a';
