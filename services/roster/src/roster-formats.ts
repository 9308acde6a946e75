import { rosterPatterns } from '@bulwark/contracts';

/**
 * The roster's own input formats, shared by the deciders and the roster import: the import
 * reports problems as text per CSV line, the deciders throw them as 400s. The generic rules
 * (`requireText`, `requireFormat`, ...) live with Rejection in @bulwark/decider.
 */
export const formats = {
  unitCode: new RegExp(rosterPatterns.unitCode),
  studentNumber: new RegExp(rosterPatterns.studentNumber),
  phone: new RegExp(rosterPatterns.phone),
  staffId: new RegExp(rosterPatterns.staffId),
  relocationId: new RegExp(rosterPatterns.relocationId),
} as const;
