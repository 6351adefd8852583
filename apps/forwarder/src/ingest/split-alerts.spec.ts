import { collectGarbage } from '@talaria/testing';
import { splitAlerts, type AlertSource, type SplitResult } from './split-alerts';

const ALERT_A =
  '{"rule":"Read sensitive file untrusted","priority":"Warning","time":"2024-12-04T13:20:00Z"}';
const ALERT_B =
  '{"rule":"Terminal shell in container","priority":"Notice","time":"2024-12-04T13:20:01Z"}';

function texts(result: SplitResult): string[] {
  if (!result.ok) throw new Error(`expected a split, got ${result.reason}: ${result.message}`);
  return result.alerts.map((alert) => (alert as { text: string }).text);
}

function ndjson(body: string, maxBatchAlerts = 100): SplitResult {
  return splitAlerts(Buffer.from(body, 'utf8'), true, maxBatchAlerts);
}

describe('splitAlerts', () => {
  it('returns a single JSON alert as its whole text', () => {
    const result = splitAlerts(Buffer.from(ALERT_A), false, 100);

    expect(result).toEqual({ ok: true, batch: false, alerts: [{ text: ALERT_A }] });
  });

  it('returns the values of a JSON array as a batch', () => {
    const result = splitAlerts(Buffer.from(`[${ALERT_A},${ALERT_B}]`), false, 100);

    expect(result.ok).toBe(true);
    expect((result as { batch: boolean }).batch).toBe(true);
    const values = (result as { alerts: AlertSource[] }).alerts.map(
      (alert) => (alert as { value: { rule: string } }).value.rule,
    );
    expect(values).toEqual(['Read sensitive file untrusted', 'Terminal shell in container']);
  });

  it('splits NDJSON, skipping blank lines', () => {
    expect(texts(ndjson(`${ALERT_A}\n\n  \t\n${ALERT_B}`))).toEqual([ALERT_A, ALERT_B]);
    expect(texts(ndjson(`\n${ALERT_A}\n${ALERT_B}\n`))).toEqual([ALERT_A, ALERT_B]);
  });

  it('ends CRLF lines before the carriage return', () => {
    expect(texts(ndjson(`${ALERT_A}\r\n${ALERT_B}\r\n`))).toEqual([ALERT_A, ALERT_B]);
    expect(texts(ndjson(`${ALERT_A}\r\n\r\n${ALERT_B}`))).toEqual([ALERT_A, ALERT_B]);
  });

  it('decodes multi-byte UTF-8 characters inside a line', () => {
    const alert = '{"rule":"Write below etc","output":"fichier écrit: /etc/ü—✓ 🛡"}';

    expect(texts(ndjson(`${alert}\n${ALERT_B}\n`))).toEqual([alert, ALERT_B]);
  });

  it('rejects a body of blank lines as empty', () => {
    expect(ndjson('\n \r\n\t\n')).toMatchObject({ ok: false, status: 400, reason: 'empty_body' });
  });

  it('rejects oversized batches, counting alerts', () => {
    const result = ndjson(`${ALERT_A}\n\n${ALERT_B}\n${ALERT_A}\n`, 2);

    expect(result).toMatchObject({ ok: false, status: 413, reason: 'batch_too_large' });
    expect((result as { message: string }).message).toContain('the batch has 3 alerts');
  });

  it('decodes each NDJSON line separately', async () => {
    // A slice of one decoded body keeps that body alive. An output that keeps
    // one alert of each large batch would then keep every batch in full.
    const filler = `{"rule":"Filler","priority":"Debug","output":"${'x'.repeat(10_000)}"}`;
    const body = Buffer.from(`${ALERT_A}\n${`${filler}\n`.repeat(1_000)}`, 'utf8');

    await collectGarbage();
    const before = process.memoryUsage().heapUsed;
    const firstText = texts(splitAlerts(body, true, 2_000))[0];
    await collectGarbage();
    const growth = process.memoryUsage().heapUsed - before;

    expect(firstText).toBe(ALERT_A);
    // The body decodes to about 10 MB of string; the first alert is about 100 bytes.
    expect(growth).toBeLessThan(2_000_000);
  });
});
