import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { builtInAlerts } from '../alerts/builtin-alerts';
import { measureStepCosts } from './step-costs';

describe('measureStepCosts', () => {
  it('times every step', async () => {
    const costs = await measureStepCosts(builtInAlerts(20), 600);

    for (const cost of Object.values(costs)) expect(cost).toBeGreaterThan(0);
  }, 30_000);

  it('rejects an invalid alert', async () => {
    await expect(measureStepCosts(['{"rule":"no priority"}'], 10)).rejects.toThrow(
      'invalid alert "{\\"rule\\":\\"no priority\\"}"',
    );
  });

  it('removes its work directory', async () => {
    await measureStepCosts(builtInAlerts(5), 10);

    expect(readdirSync(tmpdir()).filter((name) => name.startsWith('talaria-step-costs-'))).toEqual(
      [],
    );
  }, 30_000);
});
