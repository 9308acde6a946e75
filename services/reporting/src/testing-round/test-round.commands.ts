import { Inject, Injectable } from '@nestjs/common';
import {
  testingStreamId,
  type AbsenceReason,
  type DiscrepancyResolutionReason,
  type TestResult,
} from '@bulwark/contracts';
import { assertCoversUnit, type Actor } from '@bulwark/auth';
import { Rejection } from '@bulwark/decider';
import { PostgresEventStore, runCommand, type UnitOfWork } from '@bulwark/event-store';
import { CLOCK, type Clock } from '../clock';
import { commandContext } from '../command-context';
import {
  decideAssignGroupLeader,
  decideCloseRound,
  decidePlanRound,
  decideRecordAbsence,
  decideRecordResults,
  decideRecordSampling,
  decideReconcile,
  decideReplanRound,
  decideResolveDiscrepancy,
  decideSubmitClassTally,
  decideSubmitDormTally,
  evolveTestRound,
  initialTestRoundState,
  type CommunityRoutesInput,
  type Counsellor,
  type TestRoundState,
  type TestingNewEvent,
} from './domain';
import { RoundRoster } from './round-roster';

export interface PlanRoundRequest {
  roundId: string;
  date: string;
  communities: string[] | 'all';
  routes: CommunityRoutesInput[];
  groupSize?: number;
  firstStart: string;
  intervalMinutes: number;
  slotMinutes: number;
}

export interface ReplanRoundRequest {
  reason: string;
  firstStart?: string;
  routes?: CommunityRoutesInput[];
}

/** What a command on a round answers: the round, and the events it appended by type. */
export interface RoundReceipt {
  roundId: string;
  appended: Record<string, number>;
}

const roundStream = (roundId: string) => testingStreamId.round(roundId);

/** The round folded through a command's unit of work (so the append checks its version). */
export const testRoundOf = (uow: UnitOfWork, roundId: string): Promise<TestRoundState> =>
  uow.fold(roundStream(roundId), initialTestRoundState(roundId), evolveTestRound);

function counted(roundId: string, events: readonly TestingNewEvent[]): RoundReceipt {
  const appended: Record<string, number> = {};
  for (const e of events) appended[e.type] = (appended[e.type] ?? 0) + 1;
  return { roundId, appended };
}

/**
 * Testing rounds (stream `test-round-<roundId>`): each handler folds the round, asks the
 * domain's decider, and appends what it decides. Planning and re-planning read the students
 * on campus from the roster copy; the `Counsellor` of the 403 checks is the token's scopes
 * expanded on the roster copy to the classes and communities they cover.
 */
@Injectable()
export class TestRoundCommands {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly roster: RoundRoster,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Runs a decision on the round and appends its events. */
  private async decide(
    roundId: string,
    actor: Actor,
    commandId: string | undefined,
    decide: (state: TestRoundState) => Promise<TestingNewEvent[]> | TestingNewEvent[],
  ) {
    return runCommand(
      this.store,
      commandContext(actor.id, this.clock.now(), commandId),
      async (uow) => {
        const events = await decide(await testRoundOf(uow, roundId));
        uow.append(roundStream(roundId), events);
        return counted(roundId, events);
      },
    );
  }

  /** Planning covers communities: the planner's scopes must reach each (all: the university). */
  private async assertCoversCommunities(actor: Actor, communities: readonly string[] | 'all') {
    if (communities === 'all') {
      assertCoversUnit(actor, [], 'plan a round of the whole campus');
      return;
    }
    const codes = communities.filter((c): c is string => typeof c === 'string');
    const paths = await this.roster.unitPaths(codes);
    for (const code of codes) assertCoversUnit(actor, paths.get(code) ?? [code], 'plan a round');
  }

  async plan(request: PlanRoundRequest, actor: Actor, commandId?: string) {
    await this.assertCoversCommunities(actor, request.communities);
    const students = await this.roster.studentsOnCampus(request.communities);
    return this.decide(request.roundId, actor, commandId, (state) =>
      decidePlanRound({ ...request, students, plannedBy: actor.id }, state),
    );
  }

  async replan(roundId: string, request: ReplanRoundRequest, actor: Actor, commandId?: string) {
    return this.decide(roundId, actor, commandId, async (state) => {
      if (state.status !== 'none') {
        await this.assertCoversCommunities(
          actor,
          state.wholeCampus ? 'all' : [...state.communities],
        );
      }
      const students =
        state.status === 'none'
          ? []
          : await this.roster.studentsOnCampus(state.wholeCampus ? 'all' : state.communities);
      return decideReplanRound({ roundId, ...request, students, replannedBy: actor.id }, state);
    });
  }

  async assignLeader(
    roundId: string,
    groupId: string,
    leader: { leaderId: string; leaderName: string },
    actor: Actor,
    commandId?: string,
  ) {
    const assignedBy = await this.roster.counsellorOf(actor);
    return this.decide(roundId, actor, commandId, (state) =>
      decideAssignGroupLeader({ roundId, groupId, ...leader, assignedBy }, state),
    );
  }

  /** Sampling and absences are recorded by the group's community (its counsellors). */
  private assertGroupInScope(state: TestRoundState, groupId: string, who: Counsellor) {
    if (state.status === 'none') return;
    const group = state.groups.get(groupId);
    if (group && !who.communities.includes(group.community)) {
      throw new Rejection(
        'forbidden',
        'groupId',
        `group ${groupId} is in community ${group.community}, outside the scopes of ${who.actorId}`,
      );
    }
  }

  async recordSampling(
    roundId: string,
    groupId: string,
    studentNumbers: string[],
    actor: Actor,
    commandId?: string,
  ) {
    const who = await this.roster.counsellorOf(actor);
    return this.decide(roundId, actor, commandId, (state) => {
      this.assertGroupInScope(state, groupId, who);
      return decideRecordSampling(
        { roundId, groupId, studentNumbers, sampledAt: this.clock.now() },
        state,
      );
    });
  }

  async recordAbsence(
    roundId: string,
    groupId: string,
    absences: { studentNumber: string; reason: AbsenceReason }[],
    actor: Actor,
    commandId?: string,
  ) {
    const who = await this.roster.counsellorOf(actor);
    return this.decide(roundId, actor, commandId, (state) => {
      this.assertGroupInScope(state, groupId, who);
      return decideRecordAbsence({ roundId, groupId, absences }, state);
    });
  }

  async recordResults(
    roundId: string,
    results: { studentNumber: string; result: TestResult }[],
    actor: Actor,
    commandId?: string,
  ) {
    return this.decide(roundId, actor, commandId, (state) =>
      decideRecordResults({ roundId, results, reportedAt: this.clock.now() }, state),
    );
  }

  async submitClassTally(
    roundId: string,
    classCode: string,
    studentNumbers: string[],
    actor: Actor,
    commandId?: string,
  ) {
    const counsellor = await this.roster.counsellorOf(actor);
    return this.decide(roundId, actor, commandId, (state) =>
      decideSubmitClassTally(
        { roundId, classCode, studentNumbers, counsellor, submittedAt: this.clock.now() },
        state,
      ),
    );
  }

  async submitDormTally(
    roundId: string,
    buildingCode: string,
    studentNumbers: string[],
    actor: Actor,
    commandId?: string,
  ) {
    const counsellor = await this.roster.counsellorOf(actor);
    return this.decide(roundId, actor, commandId, (state) =>
      decideSubmitDormTally(
        { roundId, buildingCode, studentNumbers, counsellor, submittedAt: this.clock.now() },
        state,
      ),
    );
  }

  async reconcile(roundId: string, actor: Actor, commandId?: string) {
    return this.decide(roundId, actor, commandId, (state) =>
      decideReconcile({ roundId, reconciledBy: actor.id, reconciledAt: this.clock.now() }, state),
    );
  }

  async resolveDiscrepancy(
    roundId: string,
    discrepancyId: string,
    resolution: { reason: DiscrepancyResolutionReason; note?: string | null },
    actor: Actor,
    commandId?: string,
  ) {
    const resolver = await this.roster.counsellorOf(actor);
    return this.decide(roundId, actor, commandId, (state) =>
      decideResolveDiscrepancy(
        { roundId, discrepancyId, ...resolution, resolver, resolvedAt: this.clock.now() },
        state,
      ),
    );
  }

  async close(roundId: string, actor: Actor, commandId?: string) {
    return this.decide(roundId, actor, commandId, (state) =>
      decideCloseRound({ roundId, closedBy: actor.id, closedAt: this.clock.now() }, state),
    );
  }
}
