import type { Finding } from '@talaria/falco-event';
import type { DeadLetterRecord, DeadLetterSink } from '@talaria/notifiers';
import { Registry } from 'prom-client';
import {
  CoalescingChannel,
  DEFAULT_WINDOW_MS,
  type CoalescingSettings,
  type StormStore,
} from '../../src';
import { makeFinding } from './findings';
import { RecordingChannel } from './recording-channel';
import { captureLogger, metricValue } from './telemetry';

/** Starts at a fixed time and moves only when a test advances it. */
export class TestClock {
  constructor(public nowMs = Date.parse('2025-03-11T12:00:00Z')) {}

  readonly now = () => this.nowMs;

  advance(ms: number): void {
    this.nowMs += ms;
  }
}

type Settings = Partial<CoalescingSettings>;

/** Builds a coalescing channel in front of a recording channel, on a test clock. */
export async function buildChannel(
  store: StormStore,
  settings: Settings = {},
  name = 'slack',
  deadLetter?: DeadLetterSink,
) {
  const clock = new TestClock();
  const registry = new Registry();
  const { logger, lines } = captureLogger();
  const inner = new RecordingChannel(name);
  const channel = new CoalescingChannel({
    inner,
    store,
    registry,
    logger,
    deadLetter,
    now: clock.now,
    // Windows are closed by the test calling sendClosedWindows.
    tickMs: 60 * 60 * 1000,
    settings: {
      mode: 'coalesce',
      windowMs: 10_000,
      fields: ['rule', 'cluster', 'namespace', 'workload', 'proc.name'],
      ruleKeyFields: {},
      ...settings,
    },
  });
  return { channel, inner, clock, registry, lines };
}

/** Drains a channel whose output holds back the summary of one three-alert storm. */
async function drainWithUntakenSummary(store: StormStore, deadLetter: DeadLetterSink) {
  const { channel, inner, lines, registry } = await buildChannel(store, {}, 'slack', deadLetter);
  inner.settleSummaries = false;
  await enqueueAll(channel, [shell(), shell(), shell()]);

  const report = await channel.drain(Date.now() + 5000);
  return { report, inner, lines, registry };
}

/** Enqueues findings and resolves once each has settled, returning the outcomes. */
export function enqueueAll(channel: CoalescingChannel, findings: Finding[]): Promise<string[]> {
  return Promise.all(
    findings.map((finding) => new Promise<string>((resolve) => channel.enqueue(finding, resolve))),
  );
}

export function shell(
  overrides: { pod?: string; team?: string; fields?: Record<string, string> } = {},
): Finding {
  return makeFinding({
    fields: {
      'k8s.pod.name': overrides.pod ?? 'payments-api-7d9f8c6b5-x2k4q',
      ...overrides.fields,
    },
    owner:
      overrides.team === undefined
        ? undefined
        : { status: 'known', team: overrides.team, service: overrides.team, matchedBy: 'label' },
  });
}

/**
 * The coalescing behaviour every store must give. `createStore` returns a
 * fresh, empty store for each test.
 */
export function describeCoalescingBehaviour(createStore: () => StormStore): void {
  it('sends the first alert of a storm and counts the rest', async () => {
    const { channel, inner, registry } = await buildChannel(createStore());
    const storm = Array.from({ length: 200 }, () => shell());

    const outcomes = await enqueueAll(channel, storm);

    expect(outcomes).toHaveLength(200);
    expect(outcomes[0]).toBe('delivered');
    expect(outcomes.slice(1).every((outcome) => outcome === 'coalesced')).toBe(true);
    expect(inner.received).toHaveLength(1);
    expect(inner.received[0].id).toBe(storm[0].id);
    expect(inner.received[0].noise?.stormId).toBe(storm[0].id);
    expect(inner.received[0].noise?.fingerprint).toBe(storm[0].fingerprint);
    expect(await metricValue(registry, 'talaria_output_coalesced_total', { output: 'slack' })).toBe(
      199,
    );
  });

  it('sends a summary when the window closes', async () => {
    const { channel, inner, clock, registry } = await buildChannel(createStore());
    const storm = Array.from({ length: 50 }, (_, index) =>
      makeFinding({
        time: new Date(Date.parse('2025-03-11T06:00:00Z') + index * 1000).toISOString(),
      }),
    );
    await enqueueAll(channel, storm);

    clock.advance(10_000);
    await channel.sendClosedWindows();

    expect(inner.summaries).toHaveLength(1);
    const summary = inner.summaries[0];
    expect(summary.coalesced).toEqual({
      count: 49,
      firstSeen: '2025-03-11T06:00:01.000Z',
      lastSeen: '2025-03-11T06:00:49.000Z',
    });
    expect(summary.noise).toMatchObject({
      summaryOf: 'storm',
      stormId: storm[0].id,
      fingerprint: storm[0].fingerprint,
    });
    expect(summary.id).not.toBe(storm[1].id);
    expect(summary.alert.rule).toBe('Terminal shell in container');
    expect(
      await metricValue(registry, 'talaria_output_summaries_total', {
        output: 'slack',
        kind: 'storm',
      }),
    ).toBe(1);
  });

  it('sends no summary for a lone alert', async () => {
    const { channel, inner, clock } = await buildChannel(createStore());
    await enqueueAll(channel, [shell()]);

    clock.advance(10_000);
    await channel.sendClosedWindows();

    expect(inner.received).toHaveLength(1);
    expect(inner.summaries).toHaveLength(0);
  });

  it('keeps a continuing storm quiet until it ends', async () => {
    const { channel, inner, clock } = await buildChannel(createStore());

    await enqueueAll(channel, [shell(), shell()]);
    clock.advance(10_000);
    await channel.sendClosedWindows();
    await enqueueAll(channel, [shell(), shell(), shell()]);
    clock.advance(10_000);
    await channel.sendClosedWindows();

    expect(inner.singles).toHaveLength(1);
    expect(inner.summaries.map((summary) => summary.coalesced?.count)).toEqual([1, 3]);
    expect(new Set(inner.summaries.map((summary) => summary.noise?.stormId)).size).toBe(1);

    // A window without alerts ends the storm, so the next alert goes out at once.
    clock.advance(10_000);
    await channel.sendClosedWindows();
    await enqueueAll(channel, [shell()]);

    expect(inner.singles).toHaveLength(2);
  });

  it('coalesces per fingerprint', async () => {
    const { channel, inner } = await buildChannel(createStore());

    await enqueueAll(channel, [
      shell({ pod: 'payments-api-7d9f8c6b5-x2k4q' }),
      shell({ pod: 'checkout-web-5c8d7f9b6-abcde' }),
      shell({ pod: 'payments-api-7d9f8c6b5-x2k4q' }),
    ]);

    expect(inner.received.map((finding) => finding.workload.workloadName)).toEqual([
      'payments-api',
      'checkout-web',
    ]);
  });

  it('adds the rule key fields to the fingerprint', async () => {
    const { channel, inner } = await buildChannel(createStore(), {
      ruleKeyFields: { 'Terminal shell in container': ['proc.cmdline'] },
    });

    await enqueueAll(channel, [
      shell({ fields: { 'proc.cmdline': 'bash -il' } }),
      shell({ fields: { 'proc.cmdline': 'bash -c id' } }),
      shell({ fields: { 'proc.cmdline': 'bash -il' } }),
    ]);

    expect(inner.received.map((finding) => finding.alert.output_fields?.['proc.cmdline'])).toEqual([
      'bash -il',
      'bash -c id',
    ]);
  });

  it('tags every alert in tag mode', async () => {
    const { channel, inner, clock, registry } = await buildChannel(
      createStore(),
      { mode: 'tag' },
      'archive',
    );
    const storm = [shell(), shell(), shell()];

    await enqueueAll(channel, storm);
    clock.advance(10_000);
    await channel.sendClosedWindows();

    expect(inner.received).toHaveLength(3);
    expect(inner.received.map((finding) => finding.noise?.stormId)).toEqual([
      storm[0].id,
      storm[0].id,
      storm[0].id,
    ]);
    expect(inner.summaries).toHaveLength(0);
    expect(
      await metricValue(registry, 'talaria_output_storm_tagged_total', { output: 'archive' }),
    ).toBe(3);
  });

  it('starts a new storm in tag mode once the window closed', async () => {
    const { channel, inner, clock } = await buildChannel(createStore(), { mode: 'tag' }, 'archive');
    const first = shell();
    const later = shell();

    await enqueueAll(channel, [first, shell()]);
    clock.advance(10_000);
    await channel.sendClosedWindows();
    clock.advance(10_000);
    await channel.sendClosedWindows();
    await enqueueAll(channel, [later]);

    expect(inner.received.map((finding) => finding.noise?.stormId)).toEqual([
      first.id,
      first.id,
      later.id,
    ]);
  });

  it('never changes the finding it was given', async () => {
    const { channel } = await buildChannel(createStore());
    const finding = shell();

    await enqueueAll(channel, [finding]);

    expect((finding as { noise?: unknown }).noise).toBeUndefined();
  });

  it('holds back alerts beyond the output rate limit', async () => {
    const { channel, inner, clock, registry } = await buildChannel(createStore(), {
      rateLimit: { perMinute: 6, burst: 2 },
    });
    const distinct = ['a', 'b', 'c', 'd', 'e'].map((suffix) =>
      shell({ pod: `svc-${suffix}-7d9f8c6b5-x2k4q` }),
    );

    const outcomes = await enqueueAll(channel, distinct);

    expect(outcomes).toEqual(['delivered', 'delivered', 'coalesced', 'coalesced', 'coalesced']);
    expect(inner.singles.map((finding) => finding.workload.workloadName)).toEqual([
      'svc-a',
      'svc-b',
    ]);
    expect(
      await metricValue(registry, 'talaria_output_rate_limited_total', {
        output: 'slack',
        limit: 'output',
      }),
    ).toBe(3);

    clock.advance(10_000);
    await channel.sendClosedWindows();

    expect(inner.summaries).toHaveLength(1);
    expect(inner.summaries[0].coalesced?.count).toBe(3);
    expect(inner.summaries[0].noise).toMatchObject({
      summaryOf: 'rate_limit',
      rateLimit: 'output',
    });
    expect(inner.summaries[0].workload.workloadName).toBe('svc-c');
  });

  it('refills the rate limit over time', async () => {
    const { channel, inner, clock } = await buildChannel(createStore(), {
      rateLimit: { perMinute: 6, burst: 1 },
    });

    await enqueueAll(channel, [
      shell({ pod: 'svc-a-7d9f8c6b5-x2k4q' }),
      shell({ pod: 'svc-b-7d9f8c6b5-x2k4q' }),
    ]);
    clock.advance(10_000);
    await enqueueAll(channel, [shell({ pod: 'svc-c-7d9f8c6b5-x2k4q' })]);

    expect(inner.singles.map((finding) => finding.workload.workloadName)).toEqual([
      'svc-a',
      'svc-c',
    ]);
  });

  it('limits each owner separately', async () => {
    const { channel, inner, registry } = await buildChannel(createStore(), {
      ownerRateLimit: { perMinute: 1, burst: 1 },
    });

    await enqueueAll(channel, [
      shell({ pod: 'svc-a-7d9f8c6b5-x2k4q', team: 'payments' }),
      shell({ pod: 'svc-b-7d9f8c6b5-x2k4q', team: 'payments' }),
      shell({ pod: 'svc-c-7d9f8c6b5-x2k4q', team: 'checkout' }),
      shell({ pod: 'svc-d-7d9f8c6b5-x2k4q' }),
      shell({ pod: 'svc-e-7d9f8c6b5-x2k4q' }),
    ]);

    expect(inner.singles.map((finding) => finding.workload.workloadName)).toEqual([
      'svc-a',
      'svc-c',
      'svc-d',
    ]);
    expect(
      await metricValue(registry, 'talaria_output_rate_limited_total', {
        output: 'slack',
        limit: 'owner',
      }),
    ).toBe(2);
  });

  it('sends open windows and drains the output on drain', async () => {
    const { channel, inner } = await buildChannel(createStore());
    await enqueueAll(channel, [shell(), shell(), shell()]);

    const report = await channel.drain(Date.now() + 5000);

    expect(report.completed).toBe(true);
    expect(inner.drained).toBe(true);
    expect(inner.summaries.map((summary) => summary.coalesced?.count)).toEqual([2]);
    expect(() => channel.enqueue(shell(), () => undefined)).toThrow(/closed/);
  });

  it('logs summaries the output did not take by the end of the drain', async () => {
    const { channel, inner, lines, registry } = await buildChannel(createStore());
    inner.settleSummaries = false;
    await enqueueAll(channel, [shell(), shell(), shell()]);

    const report = await channel.drain(Date.now() + 5000);

    expect(report.unreplayable).toBe(1);
    const lost = lines.find((line) => String(line.msg).includes('they are lost'));
    expect(lost).toMatchObject({ level: 'error', summaries: 1, alertsInThem: 2 });
    expect(lost?.findingIds).toEqual([inner.summaries[0].id]);
    expect(
      await metricValue(registry, 'talaria_output_summaries_lost_total', { output: 'slack' }),
    ).toBe(1);
    expect(
      await metricValue(registry, 'talaria_output_summarised_alerts_lost_total', {
        output: 'slack',
      }),
    ).toBe(2);
  });

  it('dead-letters summaries left at drain end', async () => {
    const records: DeadLetterRecord[] = [];
    const deadLetter: DeadLetterSink = {
      write: async (written) => void records.push(...written),
      close: async () => undefined,
    };
    const { report, inner, lines, registry } = await drainWithUntakenSummary(
      createStore(),
      deadLetter,
    );

    expect(report).toMatchObject({ deadLettered: 1, unsettled: 0 });
    expect(report.unreplayable).toBeUndefined();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      output: 'slack',
      reason: 'drain_ended',
      attempts: 2,
      lastError: 'HTTP 503: unavailable',
    });
    expect(records[0].finding.id).toBe(inner.summaries[0].id);
    const written = lines.find((line) => String(line.msg).includes('written to the dead letter'));
    expect(written).toMatchObject({ level: 'warn', summaries: 1, alertsInThem: 2 });
    expect(
      await metricValue(registry, 'talaria_output_dead_lettered_total', {
        output: 'slack',
        reason: 'drain_ended',
      }),
    ).toBe(1);
    expect(
      await metricValue(registry, 'talaria_output_summaries_lost_total', { output: 'slack' }),
    ).toBe(0);
  });

  it('counts summaries lost when the dead letter fails', async () => {
    const deadLetter: DeadLetterSink = {
      write: async () => {
        throw new Error('disk full');
      },
      close: async () => undefined,
    };
    const { report, lines, registry } = await drainWithUntakenSummary(createStore(), deadLetter);

    expect(report).toMatchObject({ unsettled: 1, unreplayable: 1 });
    const failed = lines.find((line) => String(line.msg).includes('dead letter failed'));
    expect(failed).toMatchObject({ level: 'error', err: { message: 'disk full' } });
    expect(lines.some((line) => String(line.msg).includes('they are lost'))).toBe(true);
    expect(
      await metricValue(registry, 'talaria_output_summaries_lost_total', { output: 'slack' }),
    ).toBe(1);
  });

  it('logs no loss when the output took every summary', async () => {
    const { channel, lines } = await buildChannel(createStore());
    await enqueueAll(channel, [shell(), shell(), shell()]);

    await channel.drain(Date.now() + 5000);

    expect(lines.some((line) => String(line.msg).includes('they are lost'))).toBe(false);
  });

  it('passes on whether the output is failing', async () => {
    const { channel, inner } = await buildChannel(createStore());
    expect(channel.failing).toBe(false);

    inner.failing = true;

    expect(channel.failing).toBe(true);
  });

  it('folds a 100,000-alert storm', async () => {
    const { channel, inner, clock, registry } = await buildChannel(createStore(), {
      windowMs: DEFAULT_WINDOW_MS / 12,
    });
    const total = 100_000;
    const template = shell();

    // 100 steps of 100 ms, 1000 alerts each, with the window checks a timer would make.
    for (let step = 0; step < 100; step += 1) {
      const batch = Array.from({ length: total / 100 }, (_, index) => ({
        ...template,
        id: `alert-${step}-${index}`,
      }));
      await enqueueAll(channel, batch);
      clock.advance(100);
      await channel.sendClosedWindows();
    }
    clock.advance(DEFAULT_WINDOW_MS);
    await channel.sendClosedWindows();

    const summaryCounts = inner.summaries.map((summary) => summary.coalesced?.count ?? 0);
    expect(inner.singles).toHaveLength(1);
    expect(inner.summaries.length).toBeGreaterThanOrEqual(2);
    expect(inner.summaries.length).toBeLessThanOrEqual(3);
    expect(1 + summaryCounts.reduce((sum, count) => sum + count, 0)).toBe(total);
    expect(await metricValue(registry, 'talaria_output_coalesced_total', { output: 'slack' })).toBe(
      total - 1,
    );
  }, 60_000);
}
