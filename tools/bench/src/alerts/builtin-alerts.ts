import type { Priority } from '@talaria/falco-event';

interface RuleShape {
  rule: string;
  priority: Priority;
  tags: string[];
  describe(fields: { image: string; pod: string }): string;
  fields: Record<string, string>;
}

const RULES: RuleShape[] = [
  {
    rule: 'Read sensitive file untrusted',
    priority: 'Warning',
    tags: ['filesystem', 'mitre_credential_access'],
    describe: ({ image }) =>
      `Sensitive file opened for reading by non-trusted program (file=/etc/shadow process=cat image=${image})`,
    fields: { 'fd.name': '/etc/shadow', 'proc.name': 'cat', 'proc.cmdline': 'cat /etc/shadow' },
  },
  {
    rule: 'Terminal shell in container',
    priority: 'Notice',
    tags: ['container', 'shell', 'mitre_execution'],
    describe: ({ pod }) =>
      `A shell was spawned in a container with an attached terminal (pod=${pod})`,
    fields: { 'proc.name': 'sh', 'proc.cmdline': 'sh -i', 'proc.tty': '34816' },
  },
  {
    rule: 'Drop and execute new binary in container',
    priority: 'Critical',
    tags: ['container', 'process', 'mitre_persistence'],
    describe: ({ image }) =>
      `Executing binary not part of base image (proc=/tmp/xmrig image=${image})`,
    fields: { 'proc.exepath': '/tmp/xmrig', 'proc.name': 'xmrig', 'proc.cmdline': 'xmrig -o pool' },
  },
];

// 2024-12-05T12:00:00Z in nanoseconds since the epoch.
const FIRST_EVENT_NANOS = 1_733_400_000_000_000_000n;

/**
 * Builds `count` distinct Falco alerts as JSON text, the way Falco's
 * http_output sends them: `evt.time` is a 19-digit bare integer beyond
 * Number.MAX_SAFE_INTEGER, so a parser that loses digits shows up in the output.
 */
export function builtInAlerts(count: number): string[] {
  const lines: string[] = [];

  for (let index = 0; index < count; index += 1) {
    const shape = RULES[index % RULES.length];
    const nanos = FIRST_EVENT_NANOS + BigInt(index) * 1_000_003_417n;
    const pod = `shop-api-6f9c7d${(index % 97).toString().padStart(2, '0')}-k${index % 13}x`;
    const image = 'registry.example.com/shop/api';
    const time = isoTimeWithNanos(nanos);
    // Falco starts its output text with the event's wall-clock time, such as 12:00:01.000003417.
    const clockTime = time.slice(11, 29);

    const fields = {
      'container.id': `5b1e${(index % 4096).toString(16).padStart(8, '0')}`,
      'container.image.repository': image,
      'container.image.tag': '2.8.1',
      'k8s.ns.name': 'shop',
      'k8s.pod.name': pod,
      'user.name': 'root',
      ...shape.fields,
    };
    const fieldText = Object.entries(fields)
      .map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)}`)
      .join(',');

    // evt.time is spliced in as digits because JSON.stringify cannot write a bigint.
    lines.push(
      `{"hostname":"node-${index % 7}","output":${JSON.stringify(`${clockTime}: ${shape.priority} ${shape.describe({ image, pod })}`)},` +
        `"output_fields":{${fieldText},"evt.time":${nanos}},"priority":"${shape.priority}",` +
        `"rule":${JSON.stringify(shape.rule)},"source":"syscall","tags":${JSON.stringify(shape.tags)},"time":"${time}"}`,
    );
  }
  return lines;
}

function isoTimeWithNanos(nanos: bigint): string {
  const wholeSeconds = nanos / 1_000_000_000n;
  const fraction = (nanos % 1_000_000_000n).toString().padStart(9, '0');
  const base = new Date(Number(wholeSeconds) * 1000).toISOString().slice(0, 19);
  return `${base}.${fraction}Z`;
}
