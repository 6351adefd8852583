import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { FilterFileError, FilterReloader, NoiseFilterStage } from '../src';
import { makeFinding } from './support/findings';
import { captureLogger, metricValue } from './support/telemetry';

const LOADTEST =
  'filters:\n  - { name: loadtest, reason: load tests, owner: perf, match: { k8s.ns.name: loadtest } }\n';
const CHECKOUT =
  'filters:\n  - { name: checkout, reason: staging checks, owner: web, match: { k8s.ns.name: checkout } }\n';
const INVALID =
  'filters:\n  - { name: broken, reason: r, owner: o, match: { k8s.ns.name: { regex: x } } }\n';

function setUp(text = LOADTEST) {
  const directory = mkdtempSync(join(tmpdir(), 'filter-reload-'));
  const path = join(directory, 'filters.yaml');
  writeFileSync(path, text);
  const registry = new Registry();
  const { logger, lines } = captureLogger();
  const stage = new NoiseFilterStage({ registry, logger });
  const reloader = new FilterReloader({ paths: [path], stage, registry, logger, debounceMs: 20 });
  return { directory, path, registry, lines, stage, reloader };
}

function suppressedNamespace(stage: NoiseFilterStage, namespace: string): boolean {
  return stage.check(makeFinding({ fields: { 'k8s.ns.name': namespace } })).suppress;
}

async function waitFor(check: () => boolean, message: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('FilterReloader', () => {
  it('loads the files at start', async () => {
    const { stage, reloader } = setUp();

    await reloader.loadInitial();

    expect(stage.filters.size).toBe(1);
    expect(suppressedNamespace(stage, 'loadtest')).toBe(true);
  });

  it('rejects invalid files at start', async () => {
    const { reloader } = setUp(INVALID);

    await expect(reloader.loadInitial()).rejects.toThrow(FilterFileError);
  });

  it('applies changed files on request', async () => {
    const { path, stage, reloader, registry } = setUp();
    await reloader.loadInitial();
    writeFileSync(path, CHECKOUT);

    const result = await reloader.reload('signal');

    expect(result).toEqual({ result: 'applied', filters: 1 });
    expect(suppressedNamespace(stage, 'checkout')).toBe(true);
    expect(suppressedNamespace(stage, 'loadtest')).toBe(false);
    expect(await metricValue(registry, 'talaria_filter_reloads_total', { result: 'applied' })).toBe(
      1,
    );
  });

  it('keeps the previous filters when the new files are invalid', async () => {
    const { path, stage, reloader, registry, lines } = setUp();
    await reloader.loadInitial();
    writeFileSync(path, INVALID);

    const result = await reloader.reload('signal');

    expect(result.result).toBe('rejected');
    const problems = result.result === 'rejected' ? result.problems : [];
    expect(problems[0]).toBe(
      `${path}:2: filters[0].match.k8s.ns.name.regex: unknown operator "regex"; use one of =, !=, <, <=, >, >=, in, intersects, pmatch, startswith, endswith, contains, icontains, glob, exists`,
    );
    expect(suppressedNamespace(stage, 'loadtest')).toBe(true);
    expect(
      await metricValue(registry, 'talaria_filter_reloads_total', { result: 'rejected' }),
    ).toBe(1);
    expect(
      lines.some(
        (line) => line.msg === 'filter files are invalid; the previous filters stay in effect',
      ),
    ).toBe(true);
  });

  it('keeps the previous filters when a file is missing', async () => {
    const { directory, path, stage, reloader } = setUp();
    await reloader.loadInitial();
    renameSync(path, join(directory, 'moved.yaml'));

    const result = await reloader.reload('signal');

    expect(result.result).toBe('rejected');
    expect(suppressedNamespace(stage, 'loadtest')).toBe(true);
  });

  it('skips a reload when nothing changed', async () => {
    const { reloader } = setUp();
    await reloader.loadInitial();

    expect(await reloader.reload()).toEqual({ result: 'unchanged', filters: 1 });
  });

  it('reloads when a watched file is replaced', async () => {
    const { directory, path, stage, reloader } = setUp();
    await reloader.loadInitial();
    reloader.watchFiles();

    try {
      // Editors save by writing a new file and renaming it over the old one.
      const temporary = join(directory, '.filters.yaml.swp');
      writeFileSync(temporary, CHECKOUT);
      renameSync(temporary, path);

      await waitFor(
        () => suppressedNamespace(stage, 'checkout'),
        'the changed filter file to be applied',
      );
      expect(suppressedNamespace(stage, 'loadtest')).toBe(false);
    } finally {
      reloader.close();
    }
  });
});
