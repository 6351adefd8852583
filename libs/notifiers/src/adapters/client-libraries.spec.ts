/* eslint-disable @typescript-eslint/no-require-imports -- each test loads modules inside jest.isolateModules */

const CLIENT_LIBRARIES = [
  '@slack/web-api',
  '@elastic/elasticsearch',
  '@aws-sdk/client-lambda',
  '@nestjs/microservices',
];

/** Runs `load` in a fresh module registry and returns the client libraries it loaded. */
function clientLibrariesLoadedBy(load: () => void): string[] {
  const loaded: string[] = [];
  jest.isolateModules(() => {
    for (const name of CLIENT_LIBRARIES) {
      jest.doMock(name, () => {
        loaded.push(name);
        return {};
      });
    }
    load();
  });
  return loaded;
}

describe('client libraries of the SaaS outputs', () => {
  it('stay unloaded on package import', () => {
    expect(clientLibrariesLoadedBy(() => require('../index'))).toEqual([]);
  });

  it('stay unloaded for file and webhook outputs', () => {
    const loaded = clientLibrariesLoadedBy(() => {
      const notifiers = require('../index') as typeof import('../index');
      const outputs = notifiers.parseOutputsConfig([
        { name: 'audit', type: 'file', path: '/tmp/talaria-never-written.ndjson' },
        { name: 'hook', type: 'webhook', url: 'http://127.0.0.1:9/findings' },
      ]);
      for (const output of outputs) notifiers.createOutputAdapter(output);
    });
    expect(loaded).toEqual([]);
  });

  it('load on first use', () => {
    const loaded = clientLibrariesLoadedBy(() => {
      const libraries = require('./client-libraries') as typeof import('./client-libraries');
      libraries.slackLibrary();
      libraries.elasticsearchLibrary();
      libraries.lambdaLibrary();
      libraries.microservicesLibrary();
    });
    expect(loaded).toEqual(CLIENT_LIBRARIES);
  });
});
