import { PassThrough } from 'node:stream';

import { makeFinding } from '../../test/support/findings';
import { DeliveryError } from '../delivery/delivery-error';
import { StdoutOutput, formatFindingText } from './stdout-output';

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString('utf8');
}

describe('StdoutOutput', () => {
  it('writes NDJSON by default', async () => {
    const stream = new PassThrough();
    const written = collect(stream);
    const output = new StdoutOutput({ name: 'console', stream });
    const findings = [makeFinding(), makeFinding()];

    await output.send(findings);

    const lines = written().trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line).id)).toEqual(findings.map((finding) => finding.id));
    expect(lines[0]).toContain('"evt.time":1735787045123456789');
  });

  it('writes one text line per finding', async () => {
    const stream = new PassThrough();
    const written = collect(stream);
    const output = new StdoutOutput({ name: 'console', stream, format: 'text' });
    const finding = makeFinding({ priority: 'Critical' });

    await output.send([finding]);

    expect(written()).toBe(
      `2025-01-02T03:04:05.123456789Z Critical [prod-eu/shop/api-7d9f8c6b5-x2k4q] Terminal shell in container: ` +
        `A shell was spawned in a container (cmdline=bash -i) (id=${finding.id})\n`,
    );
  });

  it('throws a retryable DeliveryError on a write error', async () => {
    const stream = new PassThrough();
    stream.destroy();
    const output = new StdoutOutput({ name: 'console', stream });

    await expect(output.send([makeFinding()])).rejects.toBeInstanceOf(DeliveryError);
  });
});

describe('formatFindingText', () => {
  it('escapes an attacker command line', () => {
    const finding = makeFinding();
    finding.alert.output =
      'cmdline=sh -c "x"\n2025-01-01T00:00:00Z Emergency [fake] forged\u001b[2J';
    finding.alert.rule = 'Rule\rwith return';

    const line = formatFindingText(finding);

    expect(line.endsWith('\n')).toBe(true);
    for (const raw of ['\n', '\r', '\u001b']) expect(line.slice(0, -1)).not.toContain(raw);
    expect(line).toContain('x"\\n2025-01-01T00:00:00Z Emergency [fake] forged\\x1b[2J');
    expect(line).toContain('Rule\\rwith return:');
  });

  it('leaves out missing workload parts', () => {
    const finding = makeFinding({ workload: { cluster: 'prod-eu', region: 'eu-west-1' } });

    expect(formatFindingText(finding)).toContain(' [prod-eu] ');
  });
});
