import { rosterPatterns } from '@bulwark/contracts';

/**
 * Input rules shared by the deciders and the roster import. The import reports problems as
 * text per CSV line, the deciders throw them as 400s: both read them from here. The generic
 * rules live with Rejection in @bulwark/decider; the roster's formats are here.
 */
export const formats = {
  unitCode: new RegExp(rosterPatterns.unitCode),
  studentNumber: new RegExp(rosterPatterns.studentNumber),
  phone: new RegExp(rosterPatterns.phone),
  staffId: new RegExp(rosterPatterns.staffId),
  relocationId: new RegExp(rosterPatterns.relocationId),
} as const;

export {
  codePointLength,
  mismatch,
  requireBoolean,
  requireFormat,
  requireOneOf,
  requireText,
  textProblem,
} from '@bulwark/decider';
