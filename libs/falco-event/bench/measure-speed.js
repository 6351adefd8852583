// Measures the hot paths of @talaria/falco-event against the built-in or
// class-validator baseline. Build first, then run from the repository root:
//
//   npx tsc -b libs/falco-event && node libs/falco-event/bench/measure-speed.js
//
// Each pair is timed in alternating rounds and the median round is reported,
// so a burst of load on the machine shifts both sides alike. Rounds are timed
// in CPU time of this process, so time spent waiting for a busy CPU does not count.
require('reflect-metadata');
const { plainToInstance } = require('class-transformer');
const { validateSync } = require('class-validator');
const lib = require('../dist');

const ROUNDS = Number(process.env.ROUNDS ?? 31);
const ITERATIONS = Number(process.env.ITERATIONS ?? 20000);

// About 1 KB, shaped like a syscall alert: a long output, 17 fields and evt.time.
const ALERT_TEXT = JSON.stringify({
  hostname: 'ip-10-0-12-34.eu-west-1.compute.internal',
  output:
    '17:20:42.123456789: Notice A shell was spawned in a container with an attached terminal (evt_type=execve user=root user_uid=0 user_loginuid=-1 process=bash proc_exepath=/usr/bin/bash parent=runc command=bash -i terminal=34816 exe_flags=EXE_WRITABLE container_id=3ad7b26ded6d container_image=registry.example:5000/payments/api container_image_tag=1.4.2 container_name=api k8s_ns=payments k8s_pod_name=api-7d9f8c6b5-x2k4q)',
  output_fields: {
    'container.id': '3ad7b26ded6d',
    'container.image.repository': 'registry.example:5000/payments/api',
    'container.image.tag': '1.4.2',
    'container.name': 'api',
    'evt.arg.flags': 'EXE_WRITABLE',
    'evt.time': '__EVT_TIME__',
    'evt.type': 'execve',
    'k8s.ns.name': 'payments',
    'k8s.pod.name': 'api-7d9f8c6b5-x2k4q',
    'proc.cmdline': 'bash -i',
    'proc.exepath': '/usr/bin/bash',
    'proc.name': 'bash',
    'proc.pname': 'runc',
    'proc.tty': 34816,
    'user.loginuid': -1,
    'user.name': 'root',
    'user.uid': 0,
  },
  priority: 'Notice',
  rule: 'Terminal shell in container',
  source: 'syscall',
  tags: ['T1059', 'container', 'maturity_stable', 'mitre_execution', 'shell'],
  time: '2024-05-31T17:20:42.123456789Z',
}).replace('"__EVT_TIME__"', '1717176042123456789');

const ALERT_WITHOUT_BIG_INTEGER = ALERT_TEXT.replace('1717176042123456789', '1717176042');

function nanosPerCall(run) {
  const start = process.cpuUsage();
  for (let i = 0; i < ITERATIONS; i++) run();
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / ITERATIONS;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function compare(name, baselineName, baseline, candidate) {
  const baselineTimes = [];
  const candidateTimes = [];
  for (let round = 0; round < ROUNDS; round++) {
    baselineTimes.push(nanosPerCall(baseline));
    candidateTimes.push(nanosPerCall(candidate));
  }

  const base = median(baselineTimes);
  const measured = median(candidateTimes);
  console.log(
    `${name.padEnd(34)} ${format(measured)}   ${baselineName.padEnd(30)} ${format(base)}   ratio ${(measured / base).toFixed(2)}`,
  );
}

function measure(name, run) {
  const times = [];
  for (let round = 0; round < ROUNDS; round++) times.push(nanosPerCall(run));
  console.log(`${name.padEnd(34)} ${format(median(times))}`);
}

function format(nanos) {
  const perSecond = Math.round(1e9 / nanos).toLocaleString('en-US');
  return `${(nanos / 1000).toFixed(2).padStart(6)} µs (${perSecond.padStart(9)}/s)`;
}

const parsedAlert = lib.parseJson(ALERT_TEXT);
const plainAlert = JSON.parse(ALERT_WITHOUT_BIG_INTEGER);
const check = lib.compileChecker(lib.FalcoAlertModel);
const parsed = lib.parseAlert(ALERT_TEXT);
const finding = lib.buildFinding({
  id: lib.newFindingId(),
  receivedAt: new Date(),
  cluster: 'prod-eu-1',
  region: 'eu-west-1',
  parsed,
});

console.log(
  `Node ${process.version}, ${ALERT_TEXT.length}-character alert, ${ROUNDS} rounds of ${ITERATIONS}`,
);
compare(
  'parseJson, alert with evt.time',
  'JSON.parse',
  () => JSON.parse(ALERT_TEXT),
  () => lib.parseJson(ALERT_TEXT),
);
compare(
  'parseJson, no big integer',
  'JSON.parse',
  () => JSON.parse(ALERT_WITHOUT_BIG_INTEGER),
  () => lib.parseJson(ALERT_WITHOUT_BIG_INTEGER),
);
compare(
  'stringifyJson, no bigint',
  'JSON.stringify',
  () => JSON.stringify(plainAlert),
  () => lib.stringifyJson(plainAlert),
);
compare(
  'stringifyJson, alert with evt.time',
  'JSON.stringify without bigint',
  () => JSON.stringify(plainAlert),
  () => lib.stringifyJson(parsedAlert),
);
compare(
  'compiled checker',
  'plainToInstance + validateSync',
  () => validateSync(plainToInstance(lib.FalcoAlertModel, parsedAlert)),
  () => check(parsedAlert),
);
measure('parseAlert from text', () => lib.parseAlert(ALERT_TEXT));
measure('parseAlert, already parsed', () => lib.parseAlert(parsedAlert));
measure('buildFinding', () =>
  lib.buildFinding({
    id: 'id',
    receivedAt: '2024-05-31T17:21:00Z',
    cluster: 'c',
    region: 'r',
    parsed,
  }),
);
measure('newFindingId', () => lib.newFindingId());
measure('stringifyJson, finding', () => lib.stringifyJson(finding));
