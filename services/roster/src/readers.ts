import type { Role } from '@bulwark/auth';

/** Who may read the roster (each within their scopes). */
export const READERS: Role[] = [
  'student-affairs',
  'counsellor',
  'league-secretary',
  'deputy-party-secretary',
  'party-secretary',
  'prevention-office',
  'auditor',
];
