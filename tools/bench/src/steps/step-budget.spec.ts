import { batchedBudget } from './step-budget';
import type { StepCosts } from './step-costs';

const COSTS: StepCosts = {
  jsonParse: 2,
  parseAlert: 5,
  spoolAppend: 1.5,
  readBack: 4,
  buildFinding: 2,
  fileOutput: 2.5,
};

describe('batchedBudget', () => {
  it('allows JSON.parse divided by the target ratio per alert', () => {
    expect(batchedBudget(COSTS, 0.4).oneCore).toBeCloseTo(5);
  });

  it('doubles that budget for two cores', () => {
    expect(batchedBudget(COSTS, 0.4).twoCores).toBeCloseTo(10);
  });

  it('sums the ingest and delivery steps without the baseline and the read-back', () => {
    expect(batchedBudget(COSTS, 0.4).required).toBeCloseTo(11);
  });

  it('adds the read-back separately', () => {
    expect(batchedBudget(COSTS, 0.4).withReadBack).toBeCloseTo(15);
  });

  it('says how many budgets the steps cost', () => {
    expect(batchedBudget(COSTS, 0.4).requiredOverBudget).toBeCloseTo(2.2);
  });

  it('uses the target of the benchmark by default', () => {
    expect(batchedBudget(COSTS).oneCore).toBeCloseTo(5);
  });
});
