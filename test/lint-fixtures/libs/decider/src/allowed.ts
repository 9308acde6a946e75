// Allowed: the decider's own files and Node's modules.
import { isDeepStrictEqual } from 'node:util';
import { bad } from './imports-a-package';

export const fine = isDeepStrictEqual(bad, bad);
