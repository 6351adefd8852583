import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { builtInAlerts } from '../alerts/builtin-alerts';
import { runDrainRound } from './drain-round';

function drainDirectories(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('talaria-backlog-drain-'));
}

describe('runDrainRound', () => {
  it('delivers a filled spool', async () => {
    const round = await runDrainRound(builtInAlerts(20), 300);

    expect(round.alerts).toBe(300);
    expect(round.alertsPerSecond).toBeGreaterThan(0);
    expect(round.cpuMicrosPerAlert).toBeGreaterThan(0);
  }, 30_000);

  it('removes its work directory', async () => {
    await runDrainRound(builtInAlerts(5), 10);

    expect(drainDirectories()).toEqual([]);
  }, 30_000);
});
