import { rosterStreamId } from '@bulwark/contracts';
import type { UnitOfWork } from '@bulwark/event-store';
import { evolveUnit } from './domain/evolve-unit';
import { initialUnitState, type UnitState } from './domain/unit-state';

/** Stream `unit-<code>` folded through a command's unit of work (so appends check its version). */
export const unitOf = (uow: UnitOfWork, code: string): Promise<UnitState> =>
  uow.fold(rosterStreamId.unit(code), initialUnitState(code), evolveUnit);
