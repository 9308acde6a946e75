import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { chainSteps } from '@bulwark/contracts';
import { CLOCK, REPORTING_SETTINGS, type Clock } from '../clock';
import { addDays, dayOf } from '../rules/domain/reporting-day';
import { deadlineOf } from '../rules/domain/rules';
import { RosterReads } from '../roster-reads';
import type { ReportingSettings } from '../settings';
import { NonResponderCommands } from '../non-responders/non-responder.commands';
import { MissedDeadlineCommands } from './missed-deadline.commands';

export interface TickOutcome {
  deadlinesMissed: number;
  nonRespondersFlagged: number;
}

/**
 * Watches the clock for the report chain's deadlines. On each tick, for today (and for
 * yesterday, when reporting was in use that day: a process down over midnight catches up),
 * every step whose deadline has passed is looked at for every college: missed deadlines are
 * recorded and, at the class-report deadline, students without a check-in are flagged.
 *
 * Exactly once with any number of replicas: each look is a command on the report's (or the
 * student's) stream with the version it read, so of two replicas looking at once one wins
 * and the other, retrying on fresh state, finds the miss already recorded and decides
 * nothing. A restart forgets only what this process already looked at and looks again.
 */
@Injectable()
export class DeadlineScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DeadlineScheduler');
  /** `<day>|<step>|<college>` looked at by this process (a cache, not the truth). */
  private readonly looked = new Set<string>();
  private yesterdaySeen: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<TickOutcome> | null = null;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REPORTING_SETTINGS) private readonly settings: ReportingSettings,
    private readonly roster: RosterReads,
    private readonly deadlines: MissedDeadlineCommands,
    private readonly nonResponders: NonResponderCommands,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.settings.deadlineTickMs;
    if (every <= 0) return;
    this.timer = setInterval(() => {
      this.tick().catch((e) => this.logger.error(`tick: ${(e as Error).message}`));
    }, every);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One look at the clock; a tick still running is joined rather than doubled. */
  tick(): Promise<TickOutcome> {
    if (!this.running) {
      this.running = this.look().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  private async look(): Promise<TickOutcome> {
    const now = this.clock.now();
    const { rules } = this.settings;
    const today = dayOf(now, rules.timeZone);
    const yesterday = addDays(today, -1);
    const days = [yesterday, today];
    for (const key of this.looked)
      if (!days.some((d) => key.startsWith(`${d}|`))) this.looked.delete(key);
    const outcome: TickOutcome = { deadlinesMissed: 0, nonRespondersFlagged: 0 };
    let colleges: string[] | null = null;
    for (const day of days) {
      if (day === yesterday && this.yesterdaySeen !== day) {
        // A fresh system has no yesterday: do not flag a whole university for a day nobody used.
        if (!(await this.roster.activeOn(day))) {
          for (const step of chainSteps) this.looked.add(`${day}|${step}|*`);
        }
        this.yesterdaySeen = day;
      }
      for (const step of chainSteps) {
        if (this.looked.has(`${day}|${step}|*`)) continue;
        const deadline = deadlineOf(rules, day, step);
        if (now < deadline) continue;
        colleges ??= await this.roster.collegesWithStudents();
        for (const college of colleges) {
          const key = `${day}|${step}|${college}`;
          if (this.looked.has(key)) continue;
          outcome.deadlinesMissed += await this.deadlines.recordMissedDeadlines(
            college,
            day,
            step,
            now,
          );
          if (step === 'class-report') {
            outcome.nonRespondersFlagged += await this.nonResponders.flagNonResponders(
              college,
              day,
              deadline,
              now,
            );
          }
          this.looked.add(key);
        }
      }
    }
    if (outcome.deadlinesMissed + outcome.nonRespondersFlagged > 0) {
      this.logger.log(
        `${outcome.deadlinesMissed} missed deadline(s) recorded, ${outcome.nonRespondersFlagged} non-responder(s) flagged`,
      );
    }
    return outcome;
  }
}
