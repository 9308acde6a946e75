import { ForbiddenException } from '@nestjs/common';
import { assertCoversUnit, coversUnit } from './unit-scope';

const classPath = ['univ', 'sem', 'sem-2021', 'sem-2021-1'];
const actor = (scopes: string[]) => ({ id: 'c-042', scopes });

describe('coversUnit', () => {
  it('covers a unit when a scope names the unit itself', () => {
    expect(coversUnit(actor(['sem-2021-1']), classPath)).toBe(true);
  });

  it('covers a unit when a scope names one of its ancestors', () => {
    expect(coversUnit(actor(['sem']), classPath)).toBe(true);
    expect(coversUnit(actor(['univ']), classPath)).toBe(true);
  });

  it('covers everything with the whole-university scope', () => {
    expect(coversUnit(actor(['*']), classPath)).toBe(true);
    expect(coversUnit(actor(['*']), [])).toBe(true);
  });

  it('does not cover sibling units or units below the scope', () => {
    expect(coversUnit(actor(['sem-2021-2']), classPath)).toBe(false);
    expect(coversUnit(actor(['law']), classPath)).toBe(false);
    // A class counsellor does not reach the whole grade.
    expect(coversUnit(actor(['sem-2021-1']), ['univ', 'sem', 'sem-2021'])).toBe(false);
  });

  it('covers nothing without scopes', () => {
    expect(coversUnit(actor([]), classPath)).toBe(false);
  });
});

describe('assertCoversUnit', () => {
  it('passes when the actor covers the unit', () => {
    expect(() => assertCoversUnit(actor(['sem']), classPath, 'enrol a student')).not.toThrow();
  });

  it('throws 403 naming the unit and the actor scopes', () => {
    let thrown: unknown;
    try {
      assertCoversUnit(actor(['law', 'sem-2021-2']), classPath, 'enrol a student');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ForbiddenException);
    expect((thrown as ForbiddenException).getStatus()).toBe(403);
    expect((thrown as Error).message).toBe(
      'enrol a student: unit sem-2021-1 (univ > sem > sem-2021 > sem-2021-1) is outside ' +
        'the scopes of actor c-042 (law, sem-2021-2)',
    );
  });

  it('says so when the actor has no scopes at all', () => {
    expect(() => assertCoversUnit(actor([]), classPath, 'read the roster')).toThrow(
      /actor c-042 \(none\)/,
    );
  });
});
