// Measures Spool.append throughput: single-entry appends issued in groups of
// --group concurrent calls, the next group starting when the previous one
// resolved. Build first with `npx tsc -b libs/spool` from the repository root.
//
//   node libs/spool/bench/append-throughput.js --entries 100000 --group 20 --fsync interval
//
// With --consume, a consumer takes and acknowledges entries at the same time.
// --write-mode adaptive|async picks the spool's writeMode, and the result adds
// the process CPU time per append.
const { Buffer } = require('node:buffer');
const { mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { Registry } = require('prom-client');
const { createLogger } = require('@talaria/telemetry');
const { Spool } = require('../dist');

const { values: args } = parseArgs({
  options: {
    entries: { type: 'string', default: '100000' },
    group: { type: 'string', default: '20' },
    fsync: { type: 'string', default: 'interval' },
    'write-mode': { type: 'string', default: 'adaptive' },
    consume: { type: 'boolean', default: false },
    'max-memory-entries': { type: 'string', default: '100000' },
  },
});

// A Falco alert of typical size, 764 bytes of JSON.
const ALERT_BODY = JSON.stringify({
  hostname: 'node-7.example.internal',
  output:
    '12:00:00.000000000: Notice A shell was spawned in a container with an attached terminal (user=root user_loginuid=-1 k8s.ns=default k8s.pod=web-5d9c7 container=3f2a1b shell=bash parent=runc cmdline=bash terminal=34816 container_id=3f2a1b image=nginx)',
  priority: 'Notice',
  rule: 'Terminal shell in container',
  source: 'syscall',
  tags: ['container', 'mitre_execution', 'shell', 'T1059'],
  time: '2026-01-01T12:00:00.000000000Z',
  output_fields: {
    'container.id': '3f2a1b4c5d6e',
    'container.image.repository': 'docker.io/library/nginx',
    'evt.time': 1767268800000000000,
    'k8s.ns.name': 'default',
    'k8s.pod.name': 'web-5d9c7f8b6-abcde',
    'proc.cmdline': 'bash',
    'proc.name': 'bash',
    'proc.pname': 'runc',
    'user.loginuid': -1,
    'user.name': 'root',
  },
});

async function consume(spool, stop) {
  let taken = 0;
  while (!stop.done) {
    const entries = await spool.take(500);
    for (const entry of entries) spool.ack(entry.seq);
    taken += entries.length;
  }
  return taken;
}

async function main() {
  const total = Number(args.entries);
  const group = Number(args.group);
  const directory = mkdtempSync(path.join(os.tmpdir(), 'talaria-spool-bench-'));
  const spool = await Spool.open({
    directory,
    registry: new Registry(),
    logger: createLogger({ level: 'warn' }),
    fsync: args.fsync,
    writeMode: args['write-mode'],
    maxMemoryEntries: Number(args['max-memory-entries']),
  });

  const stop = { done: false };
  const consumer = args.consume ? consume(spool, stop) : Promise.resolve(0);
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();

  for (let sent = 0; sent < total; sent += group) {
    const calls = [];
    for (let index = sent; index < Math.min(sent + group, total); index++) {
      calls.push(
        spool.append([{ id: `alert-${index}`, receivedAt: Date.now(), body: ALERT_BODY }]),
      );
    }
    await Promise.all(calls);
  }

  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const stats = spool.stats();
  stop.done = true;
  await spool.close();
  const consumed = await consumer;
  rmSync(directory, { recursive: true, force: true });

  console.log(
    JSON.stringify({
      node: process.version,
      entries: total,
      group,
      fsync: args.fsync,
      writeMode: args['write-mode'],
      consume: args.consume,
      bodyBytes: Buffer.byteLength(ALERT_BODY),
      seconds: Number(seconds.toFixed(3)),
      appendsPerSecond: Math.round(total / seconds),
      cpuMicrosecondsPerAppend: Number(((cpu.user + cpu.system) / total).toFixed(1)),
      pendingAtEnd: stats.pendingEntries,
      consumed,
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
