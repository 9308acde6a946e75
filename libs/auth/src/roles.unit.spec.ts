import { isRole, ROLES } from './roles';

describe('roles', () => {
  it('knows every role of the office', () => {
    expect(ROLES).toEqual([
      'student-affairs',
      'counsellor',
      'league-secretary',
      'deputy-party-secretary',
      'party-secretary',
      'prevention-office',
      'canteen',
      'volunteer',
      'student',
      'auditor',
      'ops',
    ]);
  });

  it('tells a role from anything else', () => {
    expect(isRole('counsellor')).toBe(true);
    expect(isRole('Counsellor')).toBe(false);
    expect(isRole('admin')).toBe(false);
    expect(isRole(42)).toBe(false);
  });
});
