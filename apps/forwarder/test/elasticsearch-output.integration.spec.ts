import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseJson, PRIORITIES, type Finding } from '@talaria/falco-event';
import { startElasticsearchServer, type ElasticsearchServer } from '@talaria/testing';

import { counterValue, eventually } from './support/test-forwarder';
import {
  readNdjsonFile,
  sampleAlerts,
  startYamlForwarder,
  type YamlForwarder,
} from './support/yaml-forwarder';

const NOTICE_OR_MORE = PRIORITIES.slice(0, PRIORITIES.indexOf('Notice') + 1) as readonly string[];

// Delivery through a whole forwarder takes seconds on a small machine.
jest.setTimeout(30_000);

// A real forwarder reads the output from YAML and indexes into the Elasticsearch protocol server.
describe('forwarder to Elasticsearch', () => {
  let server: ElasticsearchServer;
  let forwarder: YamlForwarder;
  let archivePath: string;

  beforeAll(async () => {
    server = await startElasticsearchServer({ apiKey: 'integration-api-key' });
    forwarder = await startYamlForwarder(
      (directory) =>
        [
          '  - name: search',
          '    type: elasticsearch',
          `    url: ${server.url}`,
          '    apiKey: { env: TEST_ELASTICSEARCH_API_KEY }',
          '    minPriority: Notice',
          '    batchSize: 200',
          '    lingerMs: 20',
          '    retry: { initialDelayMs: 10, maxDelayMs: 50 }',
          '  - name: archive',
          '    type: file',
          `    path: ${JSON.stringify(join(directory, 'archive.ndjson'))}`,
          '    lingerMs: 20',
        ].join('\n'),
      { TEST_ELASTICSEARCH_API_KEY: 'integration-api-key' },
    );
    archivePath = join(forwarder.directory, 'archive.ndjson');
  });

  afterAll(async () => {
    await forwarder?.stop();
    await server?.close();
  });

  const archivedFindings = (): Finding[] => readNdjsonFile(archivePath) as Finding[];

  it('indexes every Notice or worse finding of the corpus', async () => {
    const alerts = sampleAlerts(allRules());
    const response = await forwarder.postNdjson(alerts);
    expect(response.status).toBe(200);

    await eventually(() => archivedFindings().length === alerts.length, 'all findings archived');
    const expected = archivedFindings().filter((finding) =>
      NOTICE_OR_MORE.includes(finding.priority),
    );
    await eventually(
      () => new Set(server.documents.map((document) => document.id)).size === expected.length,
      `${expected.length} documents indexed`,
      20_000,
    );

    expect(server.template('talaria-findings')?.template?.mappings).toMatchObject({
      dynamic: false,
    });
    const byId = new Map(server.documents.map((document) => [document.id, document]));
    for (const finding of expected) {
      const document = byId.get(finding.id)!;
      const day = new Date(finding.timeMs).toISOString().slice(0, 10).replace(/-/g, '.');
      expect([finding.id, document.index]).toEqual([finding.id, `talaria-findings-${day}`]);
    }
    expect(forwarder.readDeadLetters()).toEqual([]);
    expect(
      server.requests.every(
        (request) => request.headers.authorization === 'ApiKey integration-api-key',
      ),
    ).toBe(true);
  });

  it('keeps evt.time exact', async () => {
    const withEvtTime = server.documents.find((document) =>
      document.sourceText.includes('"evt.time":1741673282000000000'),
    );

    expect(withEvtTime).toBeDefined();
    const source = parseJson(withEvtTime!.sourceText) as Finding;
    expect(source.alert.output_fields?.['evt.time']).toBe(1741673282000000000n);
  });

  it('retries a rejected item and dead-letters a malformed one', async () => {
    const [retried, rejected] = sampleAlerts(['Delete Group']).slice(0, 2);
    const documentsBefore = server.documents.length;
    const requesting = (user: string) => (operation: { sourceText?: string }) =>
      operation.sourceText?.includes(`requesting user=${user}`) === true;
    server.failNextItems({ status: 429, where: requesting('AcmeDeveloper') }, 2);
    server.failNextItems({
      status: 400,
      type: 'mapper_parsing_exception',
      reason: 'failed to parse field [alert.output_fields]',
      where: requesting('GitHubActionsDeploy'),
    });

    await forwarder.postNdjson([retried, rejected]);
    await eventually(() => server.documents.length === documentsBefore + 1, 'retried item indexed');
    await eventually(
      () => forwarder.readDeadLetters().length === 1,
      'malformed item dead-lettered',
    );

    expect(server.documents.at(-1)?.sourceText).toContain('requesting user=AcmeDeveloper');
    const [record] = forwarder.readDeadLetters();
    expect(record).toMatchObject({
      output: 'search',
      reason: 'not_retryable',
      attempts: 1,
      lastError:
        'bulk item failed with 400 mapper_parsing_exception: failed to parse field [alert.output_fields]',
    });
    expect(String((record.finding as Finding).alert.output)).toContain('GitHubActionsDeploy');
    const metrics = await forwarder.metricsText();
    expect(counterValue(metrics, 'talaria_output_retries_total', { output: 'search' })).toBe(2);
    expect(
      counterValue(metrics, 'talaria_output_dead_lettered_total', {
        output: 'search',
        reason: 'not_retryable',
      }),
    ).toBe(1);
  });
});

/** Returns every rule of the sample corpus. */
function allRules(): string[] {
  const corpus = readFileSync(join(__dirname, '../../../samples/falco-events.ndjson'), 'utf8');
  return [
    ...new Set(
      corpus
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { rule: string }).rule),
    ),
  ];
}
