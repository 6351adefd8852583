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
  it('divides JSON.parse by the ratio', () => {
    expect(batchedBudget(COSTS, 0.4).oneCore).toBeCloseTo(5);
  });

  it('doubles the budget for two cores', () => {
    expect(batchedBudget(COSTS, 0.4).twoCores).toBeCloseTo(10);
  });

  it('sums the four required steps', () => {
    expect(batchedBudget(COSTS, 0.4).required).toBeCloseTo(11);
  });

  it('adds the read-back apart', () => {
    expect(batchedBudget(COSTS, 0.4).withReadBack).toBeCloseTo(15);
  });

  it('divides the steps by the budget', () => {
    expect(batchedBudget(COSTS, 0.4).requiredOverBudget).toBeCloseTo(2.2);
  });

  it('uses the batched target by default', () => {
    expect(batchedBudget(COSTS).oneCore).toBeCloseTo(5);
  });
});
