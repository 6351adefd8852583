import { TARGETS } from '../results/targets';
import type { StepCosts } from './step-costs';

/** The steps every alert of a batch goes through, whether or not a backlog builds up. */
export const REQUIRED_STEPS = ['parseAlert', 'spoolAppend', 'buildFinding', 'fileOutput'] as const;

/** The batched target turned into microseconds per alert, beside what the steps cost. */
export interface StepBudget {
  /** CPU per delivered alert that the target allows on one core: JSON.parse divided by the target ratio. */
  oneCore: number;
  /** The same with two whole cores, as if the load generator took none. */
  twoCores: number;
  /** Sum of the required steps. */
  required: number;
  /** The required steps plus the read-back of alerts that waited on disk. */
  withReadBack: number;
  /** How many times the one-core budget the required steps cost. */
  requiredOverBudget: number;
}

/** Compares the step costs with the budget that the batched target sets per alert. */
export function batchedBudget(
  costs: StepCosts,
  targetRatio: number = TARGETS.batchedThroughputRatio,
): StepBudget {
  const oneCore = costs.jsonParse / targetRatio;
  const required = REQUIRED_STEPS.reduce((sum, step) => sum + costs[step], 0);
  return {
    oneCore,
    twoCores: 2 * oneCore,
    required,
    withReadBack: required + costs.readBack,
    requiredOverBudget: required / oneCore,
  };
}
