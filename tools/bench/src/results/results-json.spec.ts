import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { formatResultsJson } from './results-json';

const repositoryRoot = resolve(__dirname, '../../../..');

// Prettier 3 loads its plugins with dynamic import, which Jest's CommonJS runtime
// lacks, so the check runs the Prettier CLI with the repository's settings.
function formatWithPrettier(text: string): string {
  const cli = require.resolve('prettier/bin/prettier.cjs', { paths: [repositoryRoot] });
  return execFileSync(process.execPath, [cli, '--stdin-filepath', 'results.json'], {
    cwd: repositoryRoot,
    input: text,
    encoding: 'utf8',
  });
}

describe('formatResultsJson', () => {
  it('matches Prettier for typical results', () => {
    const results = {
      schema: 'talaria.bench/v1',
      settings: { seconds: 10, scenarios: ['single', 'batched'], flags: [true, null, -1.5e-7] },
      empty: { list: [], object: {} },
      rounds: [{ load: { statusCodes: { '200': 5 } } }, { load: { statusCodes: {} } }],
      quoted: ['a "quoted", [bracketed] value', 'back\\slash'],
      long: Array.from({ length: 30 }, (_, index) => `item-${index}`),
      nested: [[1, 2], [3]],
      numbers: Array.from({ length: 60 }, (_, index) => index * 1001),
      objectsInList: [{}, { a: 1 }],
      missing: undefined,
    };
    const text = formatResultsJson(results);

    expect(text).toBe(formatWithPrettier(text));
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(results)));
  });

  it('puts a short list of strings on one line', () => {
    expect(formatResultsJson({ scenarios: ['single', 'batched'] })).toBe(
      '{\n  "scenarios": ["single", "batched"]\n}\n',
    );
  });

  it('expands a list longer than the print width', () => {
    const long = Array.from({ length: 30 }, (_, index) => `item-${index}`);

    expect(formatResultsJson({ long })).toContain('"long": [\n    "item-0",\n');
  });
});
