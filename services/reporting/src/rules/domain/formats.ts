import { rosterPatterns } from '@bulwark/contracts';

/**
 * Input rules shared by the deciders: each refusal names the field (a dotted path) and why.
 * The generic rules live with Rejection in @bulwark/decider; reporting's formats are here.
 */
export const formats = {
  studentNumber: new RegExp(rosterPatterns.studentNumber),
  unitCode: new RegExp(rosterPatterns.unitCode),
} as const;

export {
  codePointLength,
  mismatch,
  optionalText,
  requireBoolean,
  requireFormat,
  requireOneOf,
  requireText,
} from '@bulwark/decider';
