import { Registry } from 'prom-client';
import { captureLogger } from '../../test/support/capture-logger';
import { makeFinding } from '../../test/support/findings';
import { MemoryDeadLetter } from '../../test/support/memory-dead-letter';
import type { DeadLetterRecord } from '../delivery/dead-letter';
import { DeliveryEngine, type DeliveryChannel } from '../delivery/delivery-engine';
import type { DeliveryOutcome } from '../delivery/output-channel';
import type { OutputRoute } from '../output';
import { Redelivery } from './redeliver';
import { RedeliveryDeadLetter } from './redelivery-dead-letter';

/** A channel that keeps each finding's callback, so the test settles findings when it wants. */
class HeldChannel implements DeliveryChannel {
  readonly waiting: Array<(outcome: DeliveryOutcome) => void> = [];
  backlogged = false;
  failing = false;

  constructor(readonly name: string) {}

  enqueue(_finding: unknown, onSettled: (outcome: DeliveryOutcome) => void): void {
    this.waiting.push(onSettled);
  }

  async drain() {
    return {
      output: this.name,
      delivered: 0,
      deadLettered: 0,
      unsettled: this.waiting.length,
      completed: false,
    };
  }

  async close(): Promise<void> {}
}

function setup(
  routes: Record<string, OutputRoute> = {},
  options: { maxInFlight?: number; deadlineMs?: number; deadLetteredFromMs?: number } = {},
) {
  const { logger } = captureLogger();
  const deadLetter = new MemoryDeadLetter();
  const redeliveryDeadLetter = new RedeliveryDeadLetter(deadLetter);
  const siem = new HeldChannel('siem');
  const chat = new HeldChannel('chat');
  const engine = new DeliveryEngine({
    outputs: [
      { channel: siem, route: routes.siem ?? { minPriority: 'Debug' } },
      { channel: chat, route: routes.chat ?? { minPriority: 'Debug' } },
    ],
    deadLetter: redeliveryDeadLetter,
    registry: new Registry(),
    logger,
  });
  const redelivery = new Redelivery({
    engine,
    deadLetter: redeliveryDeadLetter,
    deadlineMs: options.deadlineMs ?? Date.now() + 1000,
    maxInFlight: options.maxInFlight,
    deadLetteredFromMs: options.deadLetteredFromMs,
  });
  return { redelivery, deadLetter, siem, chat };
}

function record(output: string, priority: DeadLetterRecord['finding']['priority'] = 'Warning') {
  return {
    deadLetteredAt: '2026-12-05T07:01:00.000Z',
    output,
    reason: 'output_down',
    attempts: 1,
    finding: makeFinding({ priority }),
  } satisfies DeadLetterRecord;
}

describe('Redelivery', () => {
  it('sends only to the output of the record', async () => {
    const { redelivery, siem, chat } = setup();

    await redelivery.add(record('siem'));

    expect(siem.waiting).toHaveLength(1);
    expect(chat.waiting).toHaveLength(0);
  });

  it('counts delivered and failed findings', async () => {
    const { redelivery, siem } = setup();
    await redelivery.add(record('siem'));
    await redelivery.add(record('siem'));

    siem.waiting[0]('delivered');
    siem.waiting[1]('dead_lettered');
    const report = await redelivery.finish();

    expect(report.outputs.get('siem')).toEqual({
      selected: 2,
      delivered: 1,
      failedAgain: 1,
      unsettled: 0,
      notRouted: 0,
    });
  });

  it('dead-letters findings unsettled at the deadline', async () => {
    const { redelivery, deadLetter } = setup({}, { deadlineMs: Date.now() + 10 });
    const waiting = record('chat');
    await redelivery.add(waiting);

    const report = await redelivery.finish();

    expect(report.outputs.get('chat')?.unsettled).toBe(1);
    expect(deadLetter.records).toHaveLength(1);
    expect(deadLetter.records[0]).toMatchObject({ output: 'chat', reason: 'drain_ended' });
    expect(deadLetter.records[0].finding).toBe(waiting.finding);
  });

  it('adds the first dead letter to unsent findings', async () => {
    const { redelivery, deadLetter, siem, chat } = setup({}, { deadlineMs: Date.now() + 50 });
    await redelivery.add({ ...record('siem'), reason: 'queue_full', attempts: 0 });
    await redelivery.add({ ...record('chat'), lastError: 'HTTP 503' });

    siem.waiting[0]('dead_lettered');
    await redelivery.finish();

    expect(siem.waiting).toHaveLength(1);
    expect(chat.waiting).toHaveLength(1);
    expect(deadLetter.records.map((written) => written.firstDeadLetter)).toEqual([
      {
        deadLetteredAt: '2026-12-05T07:01:00.000Z',
        reason: 'output_down',
        attempts: 1,
        lastError: 'HTTP 503',
      },
    ]);
  });

  it('keeps the first dead letter of earlier runs', async () => {
    const { redelivery, deadLetter } = setup({}, { deadlineMs: Date.now() + 10 });
    const first = { deadLetteredAt: '2026-12-01T00:00:00.000Z', reason: 'queue_full', attempts: 0 };
    await redelivery.add({ ...record('chat'), firstDeadLetter: first });

    await redelivery.finish();

    expect(deadLetter.records[0].firstDeadLetter).toEqual(first);
    expect(Object.keys(deadLetter.records[0]).at(-1)).toBe('finding');
  });

  it('counts findings the route no longer matches', async () => {
    const { redelivery, siem } = setup({ siem: { minPriority: 'Critical' } });

    await redelivery.add(record('siem', 'Notice'));
    const report = await redelivery.finish();

    expect(siem.waiting).toHaveLength(0);
    expect(report.outputs.get('siem')?.notRouted).toBe(1);
  });

  it('counts records of unknown outputs', async () => {
    const { redelivery } = setup();

    await redelivery.add(record('pager'));
    await redelivery.add(record('pager'));
    const report = await redelivery.finish();

    expect(report.unknownOutputs).toEqual(new Map([['pager', 2]]));
    expect(report.outputs.size).toBe(0);
  });

  it('waits while too many findings are in flight', async () => {
    const { redelivery, siem } = setup({}, { maxInFlight: 1 });
    await redelivery.add(record('siem'));

    let added = false;
    const second = redelivery.add(record('siem')).then(() => (added = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(added).toBe(false);

    siem.waiting[0]('delivered');
    await second;
    expect(siem.waiting).toHaveLength(2);
  });

  it('waits while its output queue is nearly full', async () => {
    const { redelivery, siem, chat } = setup();
    chat.backlogged = true;

    let added = false;
    const adding = redelivery.add(record('chat')).then(() => (added = true));
    await redelivery.add(record('siem'));
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(added).toBe(false);
    expect(siem.waiting).toHaveLength(1);

    chat.backlogged = false;
    await adding;
    expect(chat.waiting).toHaveLength(1);
  });

  it('sets aside findings for a failing output', async () => {
    const { redelivery, siem, chat, deadLetter } = setup();
    chat.failing = true;

    await redelivery.add(record('chat'));
    await redelivery.add(record('siem'));
    siem.waiting[0]('delivered');
    const report = await redelivery.finish();

    expect(chat.waiting).toHaveLength(0);
    expect(report.outputs.get('chat')).toMatchObject({ selected: 1, unsettled: 1 });
    expect(report.outputs.get('siem')).toMatchObject({ delivered: 1 });
    expect(deadLetter.records.map((written) => written.output)).toEqual(['chat']);
  });

  it('stops sending at the deadline', async () => {
    const { redelivery, siem, deadLetter } = setup(
      {},
      { maxInFlight: 1, deadlineMs: Date.now() + 60 },
    );
    await redelivery.add(record('siem'));

    await redelivery.add(record('siem'));
    const report = await redelivery.finish();

    expect(siem.waiting).toHaveLength(1);
    expect(report.outputs.get('siem')).toMatchObject({ selected: 2, unsettled: 2 });
    expect(deadLetter.records.map((written) => written.reason)).toEqual([
      'drain_ended',
      'drain_ended',
    ]);
  });

  it('sends a repeated record once', async () => {
    const { redelivery, siem } = setup();
    const repeated = record('siem');

    await redelivery.add(repeated);
    await redelivery.add({ ...repeated, reason: 'queue_full' });
    siem.waiting[0]('delivered');
    const report = await redelivery.finish();

    expect(siem.waiting).toHaveLength(1);
    expect(report.duplicates).toBe(1);
    expect(report.outputs.get('siem')).toMatchObject({ selected: 1, delivered: 1 });
  });

  it('selects records by dead-letter time', async () => {
    const { redelivery, siem } = setup(
      {},
      { deadLetteredFromMs: Date.parse('2026-12-05T07:00:30Z') },
    );
    const early = { ...record('siem'), deadLetteredAt: '2026-12-05T07:00:00.000Z' };

    await redelivery.add(early);
    await redelivery.add(record('siem'));
    siem.waiting[0]('delivered');
    const report = await redelivery.finish();

    expect(report.notSelected).toBe(1);
    expect(report.outputs.get('siem')).toMatchObject({ selected: 1, delivered: 1 });
  });
});
