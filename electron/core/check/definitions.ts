import { answerChecks, toleranceChecks } from './delivery-checks';
import { rejectionChecks } from './rejection-checks';
import type { CheckDefinition } from './check-kit';

export type { CheckDefinition } from './check-kit';

/** Every check, in the order the scorecard shows them (shared/model/check.ts checkIds). */
export const checkDefinitions: CheckDefinition[] = [...answerChecks, ...rejectionChecks, ...toleranceChecks];
