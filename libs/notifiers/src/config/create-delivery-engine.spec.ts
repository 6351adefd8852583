import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@talaria/telemetry';
import { Registry } from 'prom-client';

import type { DeliveryChannel } from '../delivery/delivery-engine';
import { createDeliveryEngine } from './create-delivery-engine';
import { parseOutputConfig } from './parse-output-config';

describe('createDeliveryEngine', () => {
  it('wraps each channel with decorateChannel', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'engine-')), 'out.ndjson');
    const output = parseOutputConfig({ name: 'archive', type: 'file', path }, 'outputs[0]');
    const seen: Array<{ name: string; type: string }> = [];
    const deadLetter = { write: async () => undefined, close: async () => undefined };

    const engine = await createDeliveryEngine([output], {
      registry: new Registry(),
      logger: createLogger({ level: 'silent' }),
      deadLetter,
      decorateChannel: (channel: DeliveryChannel, identity) => {
        seen.push(identity);
        return {
          ...channel,
          name: channel.name,
          enqueue: channel.enqueue.bind(channel),
          drain: channel.drain.bind(channel),
          close: channel.close.bind(channel),
        };
      },
    });

    expect(seen).toEqual([{ name: 'archive', type: 'file' }]);
    expect(engine.outputNames).toEqual(['archive']);
    await engine.drain(Date.now() + 1000);
    await engine.close();
  });
});
