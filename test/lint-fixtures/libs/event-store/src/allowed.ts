// Allowed: the event store importing the decider kernel.
import { Rejection } from '@bulwark/decider';

export const fine = Rejection;
