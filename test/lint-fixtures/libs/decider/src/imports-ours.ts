// Deliberately bad: the decider kernel importing one of our libs.
import { subjectFor } from '@bulwark/contracts';

export const bad = subjectFor;
