import { parseJson, stringifyJson, type Finding } from '@talaria/falco-event';

import { corpusFinding, corpusFindings } from '../../../test/support/corpus-findings';
import { packInvocations } from './lambda-payload';

describe('packInvocations', () => {
  it('sends one finding per invocation', () => {
    const findings = corpusFindings().slice(0, 3);

    const { invocations, oversized } = packInvocations(findings, 'finding', 256 * 1024);

    expect(oversized).toEqual([]);
    expect(invocations.map((invocation) => invocation.findings)).toEqual(
      findings.map((finding) => [finding]),
    );
    expect((parseJson(invocations[0].payload) as Finding).id).toBe(findings[0].id);
  });

  it('packs arrays below the limit', () => {
    const findings = corpusFindings().slice(0, 50);
    const limit = 8 * 1024;

    const { invocations } = packInvocations(findings, 'array', limit);

    expect(invocations.length).toBeGreaterThan(1);
    expect(invocations.flatMap((invocation) => invocation.findings)).toEqual(findings);
    for (const invocation of invocations) {
      expect(invocation.bytes).toBeLessThanOrEqual(limit);
      expect(invocation.bytes).toBe(Buffer.byteLength(invocation.payload));
      const ids = (parseJson(invocation.payload) as Finding[]).map((finding) => finding.id);
      expect(ids).toEqual(invocation.findings.map((finding) => finding.id));
    }
  });

  it('fills each array before starting another', () => {
    const findings = corpusFindings().slice(0, 50);
    const limit = 8 * 1024;

    const { invocations } = packInvocations(findings, 'array', limit);

    for (const [index, invocation] of invocations.slice(0, -1).entries()) {
      const next = invocations[index + 1].findings[0];
      // The next finding and its comma would have overflowed this array.
      const nextBytes = Buffer.byteLength(stringifyJson(next)) + 1;
      expect(invocation.bytes + nextBytes).toBeGreaterThan(limit);
    }
  });

  it('writes bigints exactly', () => {
    const { invocations } = packInvocations([corpusFinding('Delete Group')], 'array', 64 * 1024);

    expect(invocations[0].payload).toContain('"evt.time":1741673282000000000');
  });

  it('cuts a finding too large alone', () => {
    const big = corpusFinding('Terminal shell in container');
    big.alert.output_fields = { 'proc.cmdline': 'x'.repeat(300_000) };
    const small = corpusFinding('Delete Group');

    const { invocations, oversized } = packInvocations([small, big], 'array', 256 * 1024);

    expect(oversized).toEqual([]);
    expect(invocations).toHaveLength(2);
    expect(invocations[1].truncatedIds).toEqual([big.id]);
    expect(invocations[0].truncatedIds).toEqual([]);
    expect(invocations[1].bytes).toBeLessThanOrEqual(256 * 1024);
    const [sent] = parseJson(invocations[1].payload) as Array<{ truncated: string[] }>;
    expect(sent.truncated).toEqual(['/alert/output_fields/proc.cmdline']);
  });

  it('sets aside a finding that cannot fit', () => {
    const big = corpusFinding('Terminal shell in container');
    big.workload.pod = 'p'.repeat(4096);
    const small = corpusFinding('Delete Group');

    const { invocations, oversized } = packInvocations([big, small], 'finding', 4096);

    expect(invocations.map((invocation) => invocation.findings)).toEqual([[small]]);
    expect(oversized).toEqual([
      {
        finding: big,
        reason: expect.stringContaining('does not fit the 4096-byte payload limit'),
      },
    ]);
  });
});
