/** The §8.2 worked acceptance case (one definition, in the fixture generator), for domain tests. */
export { firstTrialOpto, workedExampleTaskData } from '../../fixtures/generator/workedExample.ts';
