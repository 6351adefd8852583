import { readFileSync } from 'node:fs';
import * as os from 'node:os';

/** Machine a run was measured on. The load generator and the servers share it. */
export interface MachineInfo {
  cpuModel: string;
  logicalCpus: number;
  totalMemoryBytes: number;
  node: string;
  os: string;
}

export function describeMachine(): MachineInfo {
  return {
    cpuModel: cpuModelName(),
    logicalCpus: os.availableParallelism(),
    totalMemoryBytes: os.totalmem(),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

function cpuModelName(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match) return match[1].trim();
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return os.cpus()[0]?.model ?? 'unknown';
}
