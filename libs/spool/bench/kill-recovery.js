// Checks that entries whose append resolved survive a SIGKILL of the process.
// Each round starts a child that appends in groups of 20 and prints the last
// index of every resolved group. The script kills the child with SIGKILL after
// a random delay, reopens the spool and checks that every printed entry comes
// back in order. Build first with `npx tsc -b libs/spool` from the repository root.
//
//   node libs/spool/bench/kill-recovery.js --rounds 5
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { setTimeout } = require('node:timers');
const { parseArgs } = require('node:util');
const { Registry } = require('prom-client');
const { createLogger } = require('@talaria/telemetry');
const { Spool } = require('../dist');

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '5' },
    child: { type: 'boolean', default: false },
  },
});

const SCRIPT = path.join(__dirname, 'kill-recovery.js');
const SPOOL_OPTIONS = { segmentBytes: 64 * 1024, maxBytes: 256 * 1024 * 1024, fsync: 'never' };

function openSpool(directory) {
  return Spool.open({
    directory,
    registry: new Registry(),
    logger: createLogger({ level: 'warn' }),
    ...SPOOL_OPTIONS,
  });
}

async function appendUntilKilled(directory) {
  const spool = await openSpool(directory);
  for (let first = 0; ; first += 20) {
    const calls = [];
    for (let index = first; index < first + 20; index++) {
      const body = JSON.stringify({ index, padding: 'x'.repeat(500) });
      calls.push(spool.append([{ id: `alert-${index}`, receivedAt: Date.now(), body }]));
    }
    await Promise.all(calls);
    process.stdout.write(`${first + 19}\n`);
  }
}

/** Runs one child until SIGKILL and returns the highest index whose append resolved, or -1. */
function runAndKill(directory) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SCRIPT, '--child', directory], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    setTimeout(() => child.kill('SIGKILL'), 300 + Math.random() * 700);
    child.on('exit', () => {
      const lines = output.split('\n').filter((line) => line !== '');
      resolve(lines.length === 0 ? -1 : Number(lines[lines.length - 1]));
    });
  });
}

/** Reopens the spool and returns the indexes of the recovered entries in take() order. */
async function recoveredIndexes(directory) {
  const spool = await openSpool(directory);
  const indexes = [];
  const { pendingEntries } = spool.stats();
  while (indexes.length < pendingEntries) {
    for (const entry of await spool.take(1000)) indexes.push(JSON.parse(entry.body).index);
  }
  await spool.close();
  return indexes;
}

async function main() {
  let failed = false;

  for (let round = 1; round <= Number(args.rounds); round++) {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'talaria-spool-kill-'));
    const lastResolved = await runAndKill(directory);
    const indexes = await recoveredIndexes(directory);
    rmSync(directory, { recursive: true, force: true });

    const inOrder = indexes.every((index, position) => index === position);
    const complete = indexes.length > lastResolved;
    failed ||= !inOrder || !complete;
    console.log(
      JSON.stringify({ round, lastResolved, recovered: indexes.length, inOrder, complete }),
    );
  }
  process.exitCode = failed ? 1 : 0;
}

if (args.child) {
  appendUntilKilled(positionals[0]).catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
