// Deliberately bad: the contracts importing one of our libs.
import { Rejection } from '@bulwark/decider';

export const bad = Rejection;
