import { parseJson, stringifyJson, type Finding } from '@talaria/falco-event';
import Redis from 'ioredis';

import {
  COLLECT_SCRIPT,
  KEEP_SAMPLE_SCRIPT,
  OBSERVE_SCRIPT,
  TAKE_TOKEN_SCRIPT,
} from './redis-scripts';
import type { ObserveResult, StormObservation, StormStore, StormSummary } from './storm-store';

type Reply = Array<string | number>;

interface ScriptedRedis extends Redis {
  talariaObserve(...args: Array<string | number>): Promise<Reply>;
  talariaKeepSample(...args: Array<string | number>): Promise<number>;
  talariaCollect(...args: Array<string | number>): Promise<string[]>;
  talariaTakeToken(...args: Array<string | number>): Promise<number>;
}

/** Storms examined per script call; more calls follow until a call examines fewer. */
const COLLECT_LIMIT = 500;

export interface RedisStormStoreOptions {
  /** A connected client; the store defines its scripts on it and never closes it. */
  client: Redis;
  /** Prefix of every key, ending with a separator, for example `talaria:noise:slack:`. */
  keyPrefix: string;
  /**
   * Time in ms a storm or bucket is kept after its last change, so keys left
   * by replicas that all stopped expire. At least three windows.
   */
  ttlMs: number;
}

/**
 * Storm state in Redis, shared by every forwarder replica that uses the same
 * key prefix, so replicas coalesce together: one replica sends a storm's first
 * alert and one sends each summary.
 *
 * NOTE: the scripts build storm keys from the prefix, so they need a single
 * Redis server or a prefix whose keys hash to one Redis Cluster slot.
 */
export class RedisStormStore implements StormStore {
  private readonly redis: ScriptedRedis;
  private readonly prefix: string;
  private readonly ttlMs: number;

  constructor(options: RedisStormStoreOptions) {
    this.redis = options.client as ScriptedRedis;
    this.prefix = options.keyPrefix;
    this.ttlMs = options.ttlMs;

    defineScript(this.redis, 'talariaObserve', 2, OBSERVE_SCRIPT);
    defineScript(this.redis, 'talariaKeepSample', 1, KEEP_SAMPLE_SCRIPT);
    defineScript(this.redis, 'talariaCollect', 1, COLLECT_SCRIPT);
    defineScript(this.redis, 'talariaTakeToken', 1, TAKE_TOKEN_SCRIPT);
  }

  async observe(
    observation: StormObservation,
    nowMs: number,
    windowMs: number,
    foldFirst: boolean,
  ): Promise<ObserveResult> {
    const [opened, stormId, folded] = await this.redis.talariaObserve(
      this.stormHash(observation.key),
      this.dueSet(),
      observation.key,
      observation.findingId,
      observation.firstSeenMs,
      observation.lastSeenMs,
      observation.count,
      nowMs,
      windowMs,
      foldFirst ? '1' : '0',
      this.ttlMs,
    );
    return { opened: Number(opened) === 1, stormId: String(stormId), folded: Number(folded) };
  }

  async keepSample(key: string, finding: Finding): Promise<void> {
    await this.redis.talariaKeepSample(this.stormHash(key), stringifyJson(finding));
  }

  async collect(nowMs: number, windowMs: number, all: boolean): Promise<StormSummary[]> {
    const summaries: StormSummary[] = [];

    // Ended windows first. Renewed storms move to the end of the set, so each call starts at its head.
    for (;;) {
      const batch = await this.collectBatch(nowMs, windowMs, false, 0);
      summaries.push(...batch.summaries);
      if (batch.examined < COLLECT_LIMIT) break;
    }
    if (!all) return summaries;

    // No window has ended by nowMs any more, so the order is stable and pages by offset are exact.
    for (let offset = 0; ; offset += COLLECT_LIMIT) {
      const batch = await this.collectBatch(nowMs, windowMs, true, offset);
      summaries.push(...batch.summaries);
      if (batch.examined < COLLECT_LIMIT) return summaries;
    }
  }

  private async collectBatch(
    nowMs: number,
    windowMs: number,
    all: boolean,
    offset: number,
  ): Promise<{ summaries: StormSummary[]; examined: number }> {
    const reply = await this.redis.talariaCollect(
      this.dueSet(),
      nowMs,
      windowMs,
      all ? '1' : '0',
      COLLECT_LIMIT,
      `${this.prefix}s:`,
      this.ttlMs,
      offset,
    );
    const examined = Number(reply[0]);
    const summaries: StormSummary[] = [];

    for (let index = 1; index < reply.length; index += 6) {
      const sampleText = reply[index + 5];
      summaries.push({
        key: reply[index],
        stormId: reply[index + 1],
        count: Number(reply[index + 2]),
        firstSeenMs: Number(reply[index + 3]),
        lastSeenMs: Number(reply[index + 4]),
        sample: sampleText === '' ? undefined : (parseJson(sampleText) as Finding),
      });
    }
    return { summaries, examined };
  }

  async takeToken(
    bucket: string,
    nowMs: number,
    perMinute: number,
    burst: number,
  ): Promise<boolean> {
    // A bucket may expire only once it would have refilled, or an idle one would grant its burst early.
    const refillMs = Math.ceil((burst / perMinute) * 60_000);
    const taken = await this.redis.talariaTakeToken(
      `${this.prefix}b:${bucket}`,
      nowMs,
      perMinute / 60_000,
      burst,
      Math.max(this.ttlMs, refillMs),
    );
    return Number(taken) === 1;
  }

  async close(): Promise<void> {
    // The client belongs to the caller, which may share it between outputs.
  }

  private stormHash(key: string): string {
    return `${this.prefix}s:${key}`;
  }

  private dueSet(): string {
    return `${this.prefix}due`;
  }
}

function defineScript(redis: Redis, name: string, numberOfKeys: number, lua: string): void {
  if (typeof (redis as unknown as Record<string, unknown>)[name] === 'function') return;
  redis.defineCommand(name, { numberOfKeys, lua });
}
