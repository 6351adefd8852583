import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { makeFinding } from '../../test/support/findings';
import { DeliveryError } from '../delivery/delivery-error';
import { FileOutput } from './file-output';

let directory: string;

beforeEach(async () => {
  directory = await fs.mkdtemp(path.join(os.tmpdir(), 'talaria-file-output-'));
});

afterEach(async () => {
  await fs.rm(directory, { recursive: true, force: true });
});

describe('FileOutput', () => {
  it('writes one finding per line with bigint digits intact', async () => {
    const file = path.join(directory, 'out', 'findings.ndjson');
    const output = new FileOutput({ name: 'archive', path: file });
    const findings = [makeFinding(), makeFinding()];

    const result = await output.send(findings);
    await output.close();

    expect(result).toEqual({ failed: [] });
    const lines = (await fs.readFile(file, 'utf8')).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0]).id).toBe(findings[0].id);
    expect(lines[0]).toContain('"evt.time":1735787045123456789');
  });

  it('rotates by size', async () => {
    const file = path.join(directory, 'findings.ndjson');
    const output = new FileOutput({ name: 'archive', path: file, maxBytes: 1024, maxFiles: 2 });

    for (let batch = 0; batch < 3; batch += 1) await output.send([makeFinding()]);
    await output.close();

    const names = (await fs.readdir(directory)).sort();
    expect(names).toEqual(['findings.ndjson', 'findings.ndjson.1', 'findings.ndjson.2']);
  });

  it('throws a retryable DeliveryError when writing fails', async () => {
    const blocker = path.join(directory, 'plain-file');
    await fs.writeFile(blocker, '');
    const output = new FileOutput({ name: 'archive', path: path.join(blocker, 'findings.ndjson') });

    const sending = output.send([makeFinding()]);

    await expect(sending).rejects.toBeInstanceOf(DeliveryError);
    await expect(sending).rejects.toMatchObject({ retryable: true });
  });
});
