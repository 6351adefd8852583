import { parseJson, stringifyJson } from '@talaria/falco-event';

import { corpusFinding } from '../../../test/support/corpus-findings';
import { fitFinding, truncationMarker, type SentFinding } from './cut-finding';

/** Returns a corpus finding whose command line is about `length` characters long. */
function findingWithCommandLine(length: number): SentFinding {
  const finding = corpusFinding('Terminal shell in container');
  finding.alert.output_fields = {
    ...finding.alert.output_fields,
    'proc.cmdline': `bash -c ${'A'.repeat(length)}`,
  };
  return finding;
}

describe('fitFinding', () => {
  it('leaves a fitting finding whole', () => {
    const finding = corpusFinding('Delete Group');

    const fitted = fitFinding(finding, 1024 * 1024);

    expect(fitted?.truncated).toEqual([]);
    expect(fitted?.json).toBe(stringifyJson(finding));
    expect(fitted?.json).toContain('"evt.time":1741673282000000000');
  });

  it('cuts the longest string to fit', () => {
    const finding = findingWithCommandLine(50_000);

    const fitted = fitFinding(finding, 8 * 1024)!;

    expect(fitted.bytes).toBeLessThanOrEqual(8 * 1024);
    expect(fitted.bytes).toBe(Buffer.byteLength(fitted.json));
    expect(fitted.truncated).toEqual(['/alert/output_fields/proc.cmdline']);
    const sent = parseJson(fitted.json) as SentFinding;
    expect(sent.truncated).toEqual(['/alert/output_fields/proc.cmdline']);
    const commandLine = sent.alert.output_fields!['proc.cmdline'] as string;
    expect(commandLine.startsWith('bash -c AAAA')).toBe(true);
    expect(commandLine).toMatch(/\.\.\.\[truncated \d+ characters\]$/);
    expect(sent.alert.output).toBe(finding.alert.output);
    expect(sent.alert.output_fields!['evt.time']).toBe(finding.alert.output_fields!['evt.time']);
    expect(sent.id).toBe(finding.id);
  });

  it('keeps as much as the limit allows', () => {
    const finding = findingWithCommandLine(50_000);

    const fitted = fitFinding(finding, 8 * 1024)!;

    // One more kept character must not fit, or the search stopped early.
    expect(fitted.bytes).toBeGreaterThan(8 * 1024 - 2 - truncationMarker(50_000).length);
  });

  it('reports the removed character count', () => {
    const finding = findingWithCommandLine(20_000);
    const original = finding.alert.output_fields!['proc.cmdline'] as string;

    const fitted = fitFinding(finding, 6 * 1024)!;

    const cut = (parseJson(fitted.json) as SentFinding).alert.output_fields![
      'proc.cmdline'
    ] as string;
    const removed = Number(/truncated (\d+) characters/.exec(cut)![1]);
    const kept = cut.length - truncationMarker(removed).length;
    expect(kept + removed).toBe(original.length);
    expect(original.startsWith(cut.slice(0, kept))).toBe(true);
  });

  it('cuts output and several fields evenly', () => {
    const finding = corpusFinding('Terminal shell in container');
    finding.alert.output = `shell ${'o'.repeat(30_000)}`;
    finding.alert.output_fields = {
      'proc.cmdline': 'c'.repeat(30_000),
      'proc.args': ['short', 'a'.repeat(30_000)],
      'fd/name~x': 'f'.repeat(30_000),
      'proc.pid': 4242,
    };

    const fitted = fitFinding(finding, 20 * 1024)!;

    expect(fitted.bytes).toBeLessThanOrEqual(20 * 1024);
    expect(fitted.truncated.sort()).toEqual([
      '/alert/output',
      '/alert/output_fields/fd~1name~0x',
      '/alert/output_fields/proc.args/1',
      '/alert/output_fields/proc.cmdline',
    ]);
    const sent = parseJson(fitted.json) as SentFinding;
    expect((sent.alert.output_fields!['proc.args'] as string[])[0]).toBe('short');
    expect(sent.alert.output_fields!['proc.pid']).toBe(4242);
  });

  it('never splits a surrogate pair', () => {
    const finding = corpusFinding('Terminal shell in container');
    finding.alert.output_fields = { 'proc.cmdline': '😀'.repeat(20_000) };

    for (const limit of [4000, 4001, 4002, 4003]) {
      const fitted = fitFinding(finding, limit)!;
      const cut = (parseJson(fitted.json) as SentFinding).alert.output_fields![
        'proc.cmdline'
      ] as string;
      expect(cut).toMatch(/^(😀)*\.\.\.\[truncated \d+ characters\]$/u);
    }
  });

  it('gives up when cutting cannot help', () => {
    const finding = corpusFinding('Terminal shell in container');
    finding.workload.pod = 'p'.repeat(10_000);

    expect(fitFinding(finding, 4096)).toBeUndefined();
  });
});
