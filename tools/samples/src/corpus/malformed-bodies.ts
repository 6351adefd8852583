import { writeFalcoJson, type FalcoJsonValue } from '../format/falco-json';

/** A request body that a forwarder must reject or handle safely, and what it checks. */
export interface MalformedBody {
  body: string;
  /** Whether the body is valid JSON text, so that only its content is wrong. */
  parsesAsJson: boolean;
  checks: string;
}

/** Depth of the nested-fields body: beyond the depth limit a parser should have, yet small enough to commit. */
export const NESTING_DEPTH = 5000;

const VALID_FIELDS: Record<string, FalcoJsonValue> = {
  'container.id': '3f9a1c7e2b4d',
  'evt.time': 1741680842513287004n,
  'k8s.ns.name': 'payments',
  'k8s.pod.name': 'payments-api-7d9f8c6b5-x2k4q',
  'proc.name': 'bash',
  'user.name': 'root',
};

/** A valid alert that each malformed body changes in one way. */
const VALID_ALERT: Record<string, FalcoJsonValue> = {
  hostname: 'ip-198-51-100-23.eu-west-1.compute.internal',
  output:
    '08:14:02.513287004: Notice A shell was spawned in a container with an attached terminal | user=root process=bash ' +
    'container_id=3f9a1c7e2b4d k8s_pod_name=payments-api-7d9f8c6b5-x2k4q k8s_ns_name=payments',
  output_fields: VALID_FIELDS,
  priority: 'Notice',
  rule: 'Terminal shell in container',
  source: 'syscall',
  tags: ['T1059', 'container', 'maturity_stable', 'mitre_execution', 'shell'],
  time: '2025-03-11T08:14:02.513287004Z',
};

/**
 * Returns the valid alert with keys replaced or, for undefined, removed. Keys
 * are defined, not assigned, so that "__proto__" becomes a plain key.
 */
function withChanges<T extends FalcoJsonValue | undefined>(
  base: Record<string, FalcoJsonValue>,
  changes: Record<string, T>,
): Record<string, FalcoJsonValue> {
  const result: Record<string, FalcoJsonValue> = { ...base };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete result[key];
    else
      Object.defineProperty(result, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return result;
}

function alertWith(changes: Record<string, FalcoJsonValue | undefined>): string {
  return writeFalcoJson(withChanges(VALID_ALERT, changes));
}

function fieldsWith(changes: Record<string, FalcoJsonValue>): string {
  return writeFalcoJson(
    withChanges(VALID_ALERT, { output_fields: withChanges(VALID_FIELDS, changes) }),
  );
}

const VALID_BODY = writeFalcoJson(VALID_ALERT);

function deeplyNestedFields(): string {
  const nested = '{"a":'.repeat(NESTING_DEPTH) + '1' + '}'.repeat(NESTING_DEPTH);
  return VALID_BODY.replace('"output_fields":{', `"output_fields":{"nested":${nested},`);
}

/** The bodies of samples/malformed-events.ndjson, one per line, in order. */
export const MALFORMED_BODIES: MalformedBody[] = [
  {
    body: VALID_BODY.slice(0, 180),
    parsesAsJson: false,
    checks: 'Body cut off mid-string, as when a sender times out.',
  },
  {
    body: `${VALID_BODY}${alertWith({ rule: 'Read sensitive file untrusted' })}`,
    parsesAsJson: false,
    checks: 'Two alerts concatenated without a separator in one single-alert body.',
  },
  {
    body: VALID_BODY.replace('"source":"syscall"', '"source":"syscall",'),
    parsesAsJson: false,
    checks: 'Duplicated comma: invalid JSON.',
  },
  {
    body: VALID_BODY.replace('"user.name":"root"', '"user.name":"root",'),
    parsesAsJson: false,
    checks: 'Trailing comma inside output_fields.',
  },
  {
    body: VALID_BODY.replace('"proc.name":"bash"', '"proc.name":NaN'),
    parsesAsJson: false,
    checks: 'NaN is not a JSON number.',
  },
  {
    body: VALID_BODY.replace('"proc.name":"bash"', '"proc.name":"ba\tsh"'),
    parsesAsJson: false,
    checks: 'Unescaped control character (tab) inside a string.',
  },
  {
    body: `\uFEFF${VALID_BODY}`,
    parsesAsJson: false,
    checks: 'Byte order mark before the JSON text.',
  },
  {
    body: 'hostname=ip-198-51-100-23 rule="Terminal shell in container" priority=Notice',
    parsesAsJson: false,
    checks: 'Plain text instead of JSON, as a misconfigured syslog relay sends.',
  },
  { body: alertWith({ rule: undefined }), parsesAsJson: true, checks: 'Missing "rule".' },
  { body: alertWith({ rule: '' }), parsesAsJson: true, checks: 'Empty "rule".' },
  { body: alertWith({ rule: 42 }), parsesAsJson: true, checks: '"rule" is a number.' },
  { body: alertWith({ priority: undefined }), parsesAsJson: true, checks: 'Missing "priority".' },
  {
    body: alertWith({ priority: 'Urgent' }),
    parsesAsJson: true,
    checks: 'Unknown priority "Urgent".',
  },
  { body: alertWith({ priority: 5 }), parsesAsJson: true, checks: '"priority" is a number.' },
  { body: alertWith({ time: undefined }), parsesAsJson: true, checks: 'Missing "time".' },
  {
    body: alertWith({ time: '2025-13-45T25:61:00Z' }),
    parsesAsJson: true,
    checks: 'Time with month 13, day 45, hour 25, minute 61.',
  },
  {
    body: alertWith({ time: '11/03/2025 08:14:02' }),
    parsesAsJson: true,
    checks: 'Time that is not RFC 3339.',
  },
  {
    body: alertWith({ time: 1741680842513 }),
    parsesAsJson: true,
    checks: '"time" is epoch milliseconds as a number.',
  },
  {
    body: alertWith({ tags: 'container,shell' }),
    parsesAsJson: true,
    checks: '"tags" is a string, not a list.',
  },
  {
    body: alertWith({ tags: ['container', 1059] }),
    parsesAsJson: true,
    checks: '"tags" contains a number.',
  },
  {
    body: alertWith({ output_fields: ['bash', 'root'] }),
    parsesAsJson: true,
    checks: '"output_fields" is a list, not an object.',
  },
  {
    body: fieldsWith({ 'proc.name': { comm: 'bash', exe: '/usr/bin/bash' } }),
    parsesAsJson: true,
    checks:
      'A field value is an object; Falco writes only strings, numbers, booleans, null and lists.',
  },
  {
    body: fieldsWith({ 'evt.time': '1741680842513287004' }),
    parsesAsJson: true,
    checks: '"evt.time" is a string; Falco writes it as a bare integer.',
  },
  {
    body: fieldsWith({ 'proc.name': 'ba\ud800sh' }),
    parsesAsJson: true,
    checks: 'Lone UTF-16 surrogate escape in a string.',
  },
  {
    body: alertWith({ ['__proto__']: { isAdmin: true } }),
    parsesAsJson: true,
    checks: 'Top-level `__proto__` key, which must not change the prototype of the parsed object.',
  },
  {
    body: fieldsWith({ ['__proto__']: { polluted: 'yes' } }),
    parsesAsJson: true,
    checks: '`__proto__` key inside output_fields.',
  },
  {
    body: alertWith({ constructor: { prototype: { polluted: 'yes' } } }),
    parsesAsJson: true,
    checks: '`constructor.prototype` path, the other prototype-pollution route.',
  },
  {
    body: VALID_BODY.replace(
      '"rule":"Terminal shell in container"',
      '"rule":"Read sensitive file untrusted","rule":"Terminal shell in container"',
    ),
    parsesAsJson: true,
    checks: 'Duplicate "rule" key with two different values.',
  },
  {
    body: deeplyNestedFields(),
    parsesAsJson: true,
    checks: `output_fields nested ${NESTING_DEPTH} objects deep, which should hit a depth limit, not the stack.`,
  },
  { body: '{}', parsesAsJson: true, checks: 'Empty object.' },
  { body: '[]', parsesAsJson: true, checks: 'Empty list in a single-alert body.' },
  { body: 'null', parsesAsJson: true, checks: 'JSON null.' },
  { body: '"Terminal shell in container"', parsesAsJson: true, checks: 'JSON string.' },
  { body: '42', parsesAsJson: true, checks: 'JSON number.' },
  { body: 'true', parsesAsJson: true, checks: 'JSON boolean.' },
];

/** Returns the file content: one body per line. */
export function malformedBodiesFile(): string {
  return MALFORMED_BODIES.map(({ body }) => `${body}\n`).join('');
}
