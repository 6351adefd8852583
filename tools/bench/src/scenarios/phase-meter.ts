import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { ProcessSnapshot } from '../children/child-messages';
import type { ServerProcess } from '../children/server-process';

/** Resource use during one load phase. */
export interface PhaseUsage {
  seconds: number;
  /** CPU time of the server child over the phase, as a percentage of one core. */
  serverCpuPercent: number;
  serverCpuSeconds: number;
  /** Highest RSS of the server child sampled in the phase, in bytes. */
  serverMaxRssBytes: number;
  /** CPU time of this process (autocannon) over the phase, as a percentage of one core. */
  loadGeneratorCpuPercent: number;
  /**
   * CPU time of every other process on the machine over the phase, as a
   * percentage of one core. Other work on a shared machine skews the figures.
   */
  otherProcessesCpuPercent: number;
}

export interface MeasuredPhase<T> {
  result: T;
  usage: PhaseUsage;
  start: ProcessSnapshot;
  end: ProcessSnapshot;
}

/** Runs one load phase and measures the CPU and memory of the server and of this process. */
export async function measurePhase<T>(
  server: ServerProcess,
  run: () => Promise<T>,
): Promise<MeasuredPhase<T>> {
  const start = await server.snapshot();
  const ownCpuBefore = process.cpuUsage();
  const machineBusyBefore = machineBusyMs();
  const startedAt = performance.now();

  const result = await run();

  const ownCpu = process.cpuUsage(ownCpuBefore);
  const machineBusy = machineBusyMs() - machineBusyBefore;
  const wallMs = performance.now() - startedAt;
  const end = await server.snapshot();

  const inPhase = server.samples.filter(
    (sample) => sample.atMs >= start.atMs && sample.atMs <= end.atMs,
  );
  const serverWallMs = end.atMs - start.atMs;
  const serverCpuMicros = end.cpuMicros - start.cpuMicros;
  const ownCpuMicros = ownCpu.user + ownCpu.system;
  const otherCpuMicros = Math.max(0, machineBusy * 1000 - serverCpuMicros - ownCpuMicros);

  return {
    result,
    start,
    end,
    usage: {
      seconds: wallMs / 1000,
      serverCpuPercent: percentOfOneCore(serverCpuMicros, serverWallMs),
      serverCpuSeconds: serverCpuMicros / 1e6,
      serverMaxRssBytes: Math.max(start.rssBytes, end.rssBytes, ...inPhase.map((s) => s.rssBytes)),
      loadGeneratorCpuPercent: percentOfOneCore(ownCpuMicros, wallMs),
      otherProcessesCpuPercent: percentOfOneCore(otherCpuMicros, wallMs),
    },
  };
}

function percentOfOneCore(cpuMicros: number, wallMs: number): number {
  return wallMs > 0 ? (cpuMicros / 1000 / wallMs) * 100 : 0;
}

/** Busy CPU time of all cores since boot, in ms, from the kernel's counters. */
function machineBusyMs(): number {
  let busy = 0;
  for (const { times } of cpus()) busy += times.user + times.nice + times.sys + times.irq;
  return busy;
}
