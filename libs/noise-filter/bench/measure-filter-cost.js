// Measures what 500 filters cost per alert. Build first, then run from the
// repository root:
//
//   npx tsc -b libs/noise-filter && node libs/noise-filter/bench/measure-filter-cost.js
//
// The alerts are the 559 of samples/falco-events.ndjson, turned into findings
// as the forwarder does. Two filter files of 500 filters are timed:
//
// - typical: 450 filters that name their rule (one of the corpus rules, with
//   namespace, process, path and image conditions, lists, a macro, globs and
//   Falco-style exceptions) and 50 that match any rule;
// - worst case: the same 500 filters with no rule condition, so every filter
//   is evaluated for every alert.
//
// No filter matches, so every alert is checked against every filter that can
// apply, which is the most a filter set can cost. Each file is timed in ROUNDS
// rounds and the median is reported, in CPU time of this process.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { buildFinding, parseAlert } = require('@talaria/falco-event');
const { compileFilterSources } = require('../dist');

const ROUNDS = Number(process.env.ROUNDS ?? 21);
const PASSES = Number(process.env.PASSES ?? 40);
const FILTERS = 500;
const ANY_RULE_FILTERS = 50;

const corpus = readFileSync(
  join(__dirname, '..', '..', '..', 'samples', 'falco-events.ndjson'),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '');
const findings = corpus.map((line, index) =>
  buildFinding({
    id: `bench-${index}`,
    receivedAt: new Date(),
    cluster: 'prod',
    region: 'eu',
    parsed: parseAlert(line),
  }),
);
const rules = [...new Set(findings.map((finding) => finding.alert.rule))];

function filterFile(withRules) {
  const lines = [
    'lists:',
    '  - { name: bench_namespaces, items: [ns-a, ns-b, ns-c, ns-d, ns-e, ns-f] }',
    '  - { name: bench_processes, items: [proc-a, proc-b, proc-c, proc-d] }',
    'macros:',
    '  - name: bench_writer',
    '    condition: { proc.name: { in: bench_processes }, fd.name: { pmatch: [/etc/bench] } }',
    'filters:',
  ];
  for (let index = 0; index < FILTERS; index += 1) {
    const rule =
      withRules && index >= ANY_RULE_FILTERS
        ? `rule: ${JSON.stringify(rules[index % rules.length])}, `
        : '';
    const variant = index % 5;
    const header = `  - name: bench-${index}\n    reason: benchmark\n    owner: bench\n`;
    if (variant === 0) {
      lines.push(
        `${header}    match: { ${rule}k8s.ns.name: { in: bench_namespaces }, proc.name: bash }`,
      );
    } else if (variant === 1) {
      lines.push(
        `${header}    match: { ${rule}container.image.repository: { glob: "registry.example/team-${index}/*" } }`,
      );
    } else if (variant === 2) {
      lines.push(`${header}    match: { ${rule}macro: bench_writer }`);
    } else if (variant === 3) {
      lines.push(
        `${header}    match: { ${rule}priority: { "<=": Notice } }\n` +
          '    exceptions:\n' +
          `      - { name: e, fields: [proc.name, fd.name], comps: [=, startswith], values: [[proc-${index}, /var/lib/x-${index}/]] }`,
      );
    } else {
      lines.push(
        `${header}    match: { ${rule}proc.cmdline: { contains: "--bench-${index}" }, not: { k8s.ns.name: kube-system } }`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function cpuNanoseconds() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) * 1000;
}

function measure(name, filters) {
  const now = Date.now();
  let matched = 0;
  const rounds = [];

  for (let round = 0; round < ROUNDS; round += 1) {
    const start = cpuNanoseconds();
    for (let pass = 0; pass < PASSES; pass += 1) {
      for (const finding of findings)
        if (filters.findMatch(finding, now) !== undefined) matched += 1;
    }
    rounds.push((cpuNanoseconds() - start) / (PASSES * findings.length));
  }

  rounds.sort((a, b) => a - b);
  const median = rounds[Math.floor(rounds.length / 2)];
  console.log(
    `${name}: ${filters.size} filters, median ${(median / 1000).toFixed(2)} µs per alert ` +
      `(fastest round ${(rounds[0] / 1000).toFixed(2)} µs, slowest ${(rounds[rounds.length - 1] / 1000).toFixed(2)} µs, ${matched} matches)`,
  );
}

console.log(
  `${findings.length} alerts of ${rules.length} rules, ${ROUNDS} rounds of ${PASSES} passes, Node.js ${process.version}`,
);
measure(
  'typical (450 filters name a rule)',
  compileFilterSources([{ file: 'typical.yaml', text: filterFile(true) }]),
);
measure(
  'worst case (no filter names a rule)',
  compileFilterSources([{ file: 'worst.yaml', text: filterFile(false) }]),
);
