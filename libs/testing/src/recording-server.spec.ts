import { gzipSync } from 'node:zlib';

import { startRecordingServer, type RecordingServer } from './recording-server';

describe('startRecordingServer', () => {
  let server: RecordingServer;

  beforeEach(async () => {
    server = await startRecordingServer();
  });

  afterEach(async () => {
    await server.close();
  });

  it('listens on a loopback port', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('records method, path, headers and body', async () => {
    const response = await fetch(`${server.url}/hook?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-custom': 'yes' },
      body: JSON.stringify({ id: 'a' }),
    });

    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/hook?x=1');
    expect(request.headers['x-custom']).toBe('yes');
    expect(request.json()).toEqual({ id: 'a' });
    expect(request.remotePort).toBeGreaterThan(0);
  });

  it('decodes gzip bodies', async () => {
    await fetch(server.url, {
      method: 'POST',
      headers: { 'content-encoding': 'gzip' },
      body: gzipSync('compressed text'),
    });

    expect(server.requests[0].body).toBe('compressed text');
    expect(server.requests[0].rawBody.equals(gzipSync('compressed text'))).toBe(true);
  });

  it('plays scripted responses in order', async () => {
    server.respondNext({ status: 503, headers: { 'Retry-After': '1' } }, 2);
    server.respondNext({ status: 400, body: { error: 'bad finding' } });

    const first = await fetch(server.url, { method: 'POST', body: '1' });
    const second = await fetch(server.url, { method: 'POST', body: '2' });
    const third = await fetch(server.url, { method: 'POST', body: '3' });
    const fourth = await fetch(server.url, { method: 'POST', body: '4' });

    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('1');
    expect(second.status).toBe(503);
    expect(third.status).toBe(400);
    expect(await third.json()).toEqual({ error: 'bad finding' });
    expect(fourth.status).toBe(200);
  });

  it('uses the default response', async () => {
    server.setDefaultResponse({ status: 429, body: 'slow down' });

    const response = await fetch(server.url);

    expect(response.status).toBe(429);
    expect(await response.text()).toBe('slow down');
  });

  it('delays a reply', async () => {
    server.respondNext({ status: 202, delayMs: 30 });

    const response = await fetch(server.url, { method: 'POST', body: 'x' });

    expect(response.status).toBe(202);
  });

  it('closes the socket without replying', async () => {
    server.respondNext({ closeSocket: true });

    await expect(fetch(server.url, { method: 'POST', body: 'x' })).rejects.toThrow();
    expect(server.requests).toHaveLength(1);
  });

  it('waits for a number of requests', async () => {
    const waiting = server.waitForRequests(2, 2000);
    await fetch(server.url, { method: 'POST', body: 'a' });
    await fetch(server.url, { method: 'POST', body: 'b' });

    const requests = await waiting;

    expect(requests.map((request) => request.body)).toEqual(['a', 'b']);
  });

  it('rejects a wait that times out', async () => {
    await expect(server.waitForRequests(1, 20)).rejects.toThrow(
      'expected 1 requests within 20 ms; received 0',
    );
  });

  it('closes with a reply still pending', async () => {
    server.respondNext({ status: 200, delayMs: 60_000 });
    const pending = fetch(server.url, { method: 'POST', body: 'x' }).then(
      () => 'answered',
      () => 'failed',
    );
    await server.waitForRequests(1);

    await server.close();
    server = await startRecordingServer();

    expect(await pending).toBe('failed');
  });

  it('forgets requests and queued responses on reset', async () => {
    server.respondNext({ status: 500 });
    await fetch(server.url, { method: 'POST', body: 'x' });
    server.respondNext({ status: 500 });

    server.reset();
    const response = await fetch(server.url);

    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(1);
  });
});

describe('startRecordingServer on ::1', () => {
  it('brackets the IPv6 address in the URL', async () => {
    let server: RecordingServer;
    try {
      server = await startRecordingServer({ host: '::1' });
    } catch (error) {
      // Some containers have no IPv6 loopback; the IPv4 tests above still cover the server.
      expect((error as NodeJS.ErrnoException).code).toMatch(/EADDRNOTAVAIL|EAFNOSUPPORT/);
      return;
    }
    try {
      expect(server.url).toBe(`http://[::1]:${server.port}`);
      const response = await fetch(server.url);
      expect(response.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('startRecordingServer with a responder', () => {
  it('computes replies and lets queued ones win', async () => {
    const server = await startRecordingServer({
      responder: (request) =>
        request.path === '/echo' ? { status: 201, body: { received: request.body } } : undefined,
    });
    try {
      server.respondNext({ status: 503 });

      const queued = await fetch(`${server.url}/echo`, { method: 'POST', body: 'first' });
      const computed = await fetch(`${server.url}/echo`, { method: 'POST', body: 'second' });
      const fallback = await fetch(`${server.url}/other`, { method: 'POST', body: 'third' });

      expect(queued.status).toBe(503);
      expect(computed.status).toBe(201);
      expect(await computed.json()).toEqual({ received: 'second' });
      expect(fallback.status).toBe(200);
      expect(server.requests).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it('answers a throwing responder with 500', async () => {
    const server = await startRecordingServer({
      responder: () => {
        throw new Error('unexpected method');
      },
    });
    try {
      const response = await fetch(server.url, { method: 'POST', body: 'x' });

      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: 'unexpected method' });
    } finally {
      await server.close();
    }
  });
});
