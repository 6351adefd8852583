import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJson } from '@talaria/falco-event';
import Redis from 'ioredis';
import { syscallAlert } from './support/alerts';
import {
  completeLines,
  counterValue,
  eventually,
  startTestForwarder,
} from './support/test-forwarder';

// The Redis test needs a Redis server: it runs when REDIS_URL names one (.ci/run sets it) and is skipped otherwise.
const REDIS_URL = process.env.REDIS_URL ?? '';
// eslint-disable-next-line no-restricted-properties -- skipped only where no server is configured; .ci/run sets the URL
const itWithRedis = REDIS_URL === '' ? it.skip : it;
const STORM_SIZE = 500;
const LOADTEST_ALERTS = 20;

const FILTERS = `
filters:
  - name: loadtest-shells
    reason: developers open shells in load-test pods
    owner: performance-engineering
    match:
      rule: Terminal shell in container
      k8s.pod.name: { startswith: k6-checkout-soak- }
`;

type NoisyFinding = { id: string; coalesced?: { count: number }; noise?: Record<string, string> };

function readLines(path: string): NoisyFinding[] {
  return completeLines(path).map((line) => parseJson(line) as NoisyFinding);
}

async function runStorm(store?: Record<string, unknown>) {
  const forwarder = await startTestForwarder((config) => {
    const filterPath = join(config.spool.directory, '..', 'filters.yaml');
    writeFileSync(filterPath, FILTERS);
    config.filters = [filterPath];
    config.outputs = [
      {
        name: 'archive',
        type: 'file',
        path: join(config.spool.directory, '..', 'archive.ndjson'),
        lingerMs: 1,
      },
      {
        name: 'people',
        type: 'file',
        path: join(config.spool.directory, '..', 'people.ndjson'),
        lingerMs: 1,
      },
    ];
    config.noise = {
      suppressedOutput: { path: join(config.spool.directory, '..', 'suppressed.ndjson') },
      outputs: { people: { mode: 'coalesce', windowSeconds: 60 } },
      ...(store === undefined ? {} : { store }),
    };
  });
  const paths = {
    archive: join(forwarder.directory, 'archive.ndjson'),
    people: join(forwarder.directory, 'people.ndjson'),
    suppressed: join(forwarder.directory, 'suppressed.ndjson'),
  };

  try {
    const storm = Array.from({ length: STORM_SIZE }, () => syscallAlert());
    const loadtest = Array.from({ length: LOADTEST_ALERTS }, () =>
      syscallAlert({ pod: 'k6-checkout-soak-29028180-twktj' }),
    );
    const response = await forwarder.post([...storm, ...loadtest].join('\n'), {
      'content-type': 'application/x-ndjson',
    });
    expect(response.status).toBe(200);

    await eventually(
      () => readLines(paths.archive).length === STORM_SIZE,
      'the archive to receive the whole storm',
    );
    await eventually(
      async () => forwarder.runtime.spool.stats().pendingEntries === 0,
      'the spool to be acknowledged',
    );
    const people = readLines(paths.people);
    expect(people).toHaveLength(1);
  } finally {
    // Stopping drains the outputs, which sends the summary of the open window.
    await forwarder.stop();
  }
  return { forwarder, metrics: await forwarder.metricsText(), paths };
}

describe('noise control in the forwarder', () => {
  it('suppresses by filter and coalesces a storm for people', async () => {
    const { metrics, paths } = await runStorm();

    const archive = readLines(paths.archive);
    const people = readLines(paths.people);
    const suppressed = readLines(paths.suppressed);

    expect(archive).toHaveLength(STORM_SIZE);
    expect(new Set(archive.map((finding) => finding.noise?.stormId)).size).toBe(1);
    expect(people).toHaveLength(2);
    expect(people[0].coalesced).toBeUndefined();
    expect(people[1].coalesced?.count).toBe(STORM_SIZE - 1);
    expect(people[1].noise?.stormId).toBe(people[0].id);
    expect(suppressed).toHaveLength(LOADTEST_ALERTS);
    expect(suppressed.every((finding) => finding.noise?.suppressedBy === 'loadtest-shells')).toBe(
      true,
    );

    expect(
      counterValue(metrics, 'talaria_pipeline_suppressed_total', { filter: 'loadtest-shells' }),
    ).toBe(LOADTEST_ALERTS);
    expect(counterValue(metrics, 'talaria_output_coalesced_total', { output: 'people' })).toBe(
      STORM_SIZE - 1,
    );
    expect(
      counterValue(metrics, 'talaria_output_summaries_total', { output: 'people', kind: 'storm' }),
    ).toBe(1);
    expect(counterValue(metrics, 'talaria_output_storm_tagged_total', { output: 'archive' })).toBe(
      STORM_SIZE,
    );
    expect(counterValue(metrics, 'talaria_output_delivered_total', { output: 'people' })).toBe(2);
    expect(counterValue(metrics, 'talaria_output_delivered_total', { output: 'archive' })).toBe(
      STORM_SIZE,
    );
  });

  itWithRedis('coalesces through Redis', async () => {
    const keyPrefix = `talaria-test:${randomUUID()}:`;
    try {
      const { metrics, paths } = await runStorm({ type: 'redis', url: REDIS_URL, keyPrefix });

      const people = readLines(paths.people);
      expect(people.map((finding) => finding.coalesced?.count)).toEqual([
        undefined,
        STORM_SIZE - 1,
      ]);
      expect(counterValue(metrics, 'talaria_output_coalesced_total', { output: 'people' })).toBe(
        STORM_SIZE - 1,
      );
      expect(counterValue(metrics, 'talaria_coalescing_store_errors_total')).toBe(0);
    } finally {
      const client = new Redis(REDIS_URL);
      const keys = await client.keys(`${keyPrefix}*`);
      if (keys.length > 0) await client.del(...keys);
      await client.quit();
    }
  });

  it('rejects invalid filter files at start', async () => {
    await expect(
      startTestForwarder((config) => {
        const filterPath = join(config.spool.directory, '..', 'broken.yaml');
        writeFileSync(
          filterPath,
          'filters:\n  - { name: broken, reason: r, owner: o, match: { rule: { regex: x } } }\n',
        );
        config.filters = [filterPath];
      }),
    ).rejects.toThrow(/broken\.yaml:2: filters\[0\]\.match\.rule\.regex: unknown operator "regex"/);
  });

  it('reloads filter files on request and keeps them when invalid', async () => {
    let filterPath = '';
    const forwarder = await startTestForwarder((config) => {
      filterPath = join(config.spool.directory, '..', 'filters.yaml');
      writeFileSync(filterPath, FILTERS);
      config.filters = [filterPath];
    });

    try {
      writeFileSync(
        filterPath,
        'filters:\n  - { name: broken, reason: r, owner: o, match: { rule: { regex: x } } }\n',
      );
      const rejected = await forwarder.runtime.reloadFilters('signal');
      writeFileSync(filterPath, FILTERS.replace('loadtest-shells', 'loadtest-shells-v2'));
      const applied = await forwarder.runtime.reloadFilters('signal');

      expect(rejected.result).toBe('rejected');
      expect(applied).toEqual({ result: 'applied', filters: 1 });
      expect(forwarder.runtime.noise.filterStage.filters.filters[0].name).toBe(
        'loadtest-shells-v2',
      );
    } finally {
      await forwarder.stop();
    }
  });
});
