import { Injectable } from '@nestjs/common';
import type { AcademicUnit, UnitState } from './domain/unit-state';

/**
 * Classes this process created or first read from their streams, kept for the life of the
 * process (after a restart, or on another replica, each class costs one read). What enrolment
 * needs of a class (that it exists, that it is a class, where it sits for the scope check)
 * is fixed when it is created: later events only add staff, and enrolment appends nothing to
 * the class. So a cached class decides exactly as a fresh read would, and the morning's
 * enrolments skip one read each. Only created classes are kept: "absent" is always read again.
 * One instance per process, shared by unit creation (which fills it) and enrolment (which reads it).
 */
@Injectable()
export class KnownClasses {
  private readonly classes = new Map<string, AcademicUnit>();

  get(code: string): AcademicUnit | undefined {
    return this.classes.get(code);
  }

  /** Keeps `unit` if it is a created class; returns it either way. */
  remember(unit: UnitState): UnitState {
    if (unit.status === 'created' && unit.line === 'academic' && unit.level === 'class') {
      this.classes.set(unit.code, unit);
    }
    return unit;
  }
}
