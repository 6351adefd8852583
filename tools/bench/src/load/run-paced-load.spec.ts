import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { latencyPercentiles, runPacedLoad } from './run-paced-load';

describe('latencyPercentiles', () => {
  it('takes nearest ranks', () => {
    const latencies = Array.from({ length: 100 }, (_, index) => index + 1);

    expect(latencyPercentiles(latencies)).toEqual({ p50: 50, p90: 90, p99: 99, max: 100 });
  });

  it('reports zeros without samples', () => {
    expect(latencyPercentiles([])).toEqual({ p50: 0, p90: 0, p99: 0, max: 0 });
  });
});

describe('runPacedLoad', () => {
  let server: Server;
  let url: string;
  const bodies: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        bodies.push(body);
        if (body === 'refuse') response.writeHead(503).end('busy');
        else response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('never sends faster than the pace', async () => {
    bodies.length = 0;

    const result = await runPacedLoad({
      url,
      connections: 4,
      rate: 40,
      seconds: 1,
      bodies: ['a', 'b'],
      contentType: 'text/plain',
      expectBody: 'ok',
    });

    // Each connection sends once per 100 ms, so a slow machine may send fewer, never more.
    expect(result.okResponses).toBeGreaterThanOrEqual(4);
    expect(result.okResponses).toBeLessThanOrEqual(44);
    expect(result.non2xx).toBe(0);
    expect(new Set(bodies)).toEqual(new Set(['a', 'b']));
  });

  it('counts rejections and mismatches apart', async () => {
    const result = await runPacedLoad({
      url,
      connections: 2,
      rate: 20,
      seconds: 1,
      bodies: ['refuse', 'other'],
      contentType: 'text/plain',
      expectBody: 'accepted',
    });

    expect(result.okResponses).toBe(0);
    expect(result.non2xx).toBeGreaterThan(0);
    expect(result.mismatches).toBeGreaterThan(0);
  });
});
