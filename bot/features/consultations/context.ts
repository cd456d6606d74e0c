/**
 * What every consultation handler shares: the services, the repository, the away register,
 * the read audit, and the need-to-know rules (access.ts) about who may see or change a
 * consultation and which side of it they are on. A refusal never says whether a consultation
 * exists; every consultation shown to someone is recorded in the read audit.
 *
 * @example
 *   const c = await ctx.load(turn, id);  // undefined (and a refusal already replied) when not theirs
 *   await ctx.tell(['sw.amira'], reply, { from: turn.person.id, describe: 'Your reply on #12' });
 */
import type { Reply } from '../../core/reply';
import type { Services } from '../../core/services';
import type { Turn } from '../../core/turn';
import { canChange, canSee, isSchoolDsl } from './access';
import { AwayRegister } from './away';
import type { Consultation, Side } from './model';
import { ConsultationReads } from './reads';
import { ConsultationRepository, isConsultationId } from './repository';

export const NOT_FOUND = "I can't find that consultation for you. If you think you should see it, ask your SWIS team.";

export class ConsultationContext {
  readonly repo: ConsultationRepository;
  readonly away: AwayRegister;
  readonly reads: ConsultationReads;

  constructor(readonly services: Services) {
    this.repo = new ConsultationRepository(services.store);
    this.away = new AwayRegister(services.store, services.calendar, () => services.now());
    this.reads = new ConsultationReads(services.store, () => services.now());
  }

  now(): Date {
    return this.services.now();
  }

  schoolName(id: string): string {
    return this.services.directory.school(id)?.name ?? id;
  }

  name(personId: string): string {
    return this.services.directory.person(personId)?.name ?? personId;
  }

  firstName(personId: string): string {
    return this.services.directory.firstName(personId);
  }

  /** Need to know: see access.ts. */
  canSee(personId: string, c: Consultation): boolean {
    return canSee(this.services.directory, personId, c);
  }

  /** The raiser, the school's DSLs and the worker who holds it. */
  canChange(personId: string, c: Consultation): boolean {
    return canChange(this.services.directory, personId, c);
  }

  side(personId: string, c: Consultation): Side {
    return c.raisedBy === personId || isSchoolDsl(this.services.directory, personId, c.schoolId) ? 'school' : 'worker';
  }

  /**
   * The consultation `id` (from the pressed card's data), when this person may see it (and,
   * with `change`, change it); else replies with a refusal. The read is recorded.
   */
  async load(turn: Turn, id: string, opts: { change?: boolean } = {}): Promise<Consultation | undefined> {
    const c = await this.repo.get(id);
    const me = turn.person.id;
    if (!c || !this.canSee(me, c)) {
      // Button data can be anything a client sends: only a well-formed id goes into the log.
      this.services.log.info({ personId: me, consultationId: isConsultationId(id) ? id : 'malformed' }, 'consultation refused or missing');
      turn.reply(NOT_FOUND);
      return undefined;
    }
    await this.reads.record(me, [c.id], turn.event.type === 'action' ? turn.event.verb : 'message');
    if (opts.change && !this.canChange(me, c)) {
      this.services.log.info({ personId: me, consultationId: c.id }, 'consultation change refused');
      turn.reply(
        `You can see consultation #${c.number}, but only whoever raised it, the school's DSL and ${this.name(c.holderId)} (who holds it) can change or close it.`,
      );
      return undefined;
    }
    return c;
  }

  /**
   * Sends to each person (stored before delivery); the sender is told if it cannot be delivered.
   * With `about`, only people who may see that consultation are sent it, and each is recorded as a read.
   */
  async tell(personIds: string[], reply: Reply, opts: { from?: string; describe?: string; about?: Consultation } = {}): Promise<void> {
    const about = opts.about;
    const to = [...new Set(personIds)].filter((id) => !about || this.canSee(id, about));
    if (about) await Promise.all(to.map((id) => this.reads.record(id, [about.id], 'card')));
    for (const id of to) {
      await this.services.notifier.toPerson(id, reply, {
        tellOnFailure: opts.from && opts.from !== id ? opts.from : undefined,
        describe: opts.describe && `${opts.describe} to ${this.firstName(id)}`,
      });
    }
  }

  /** Whoever raised it; with `dsls`, the school's DSLs too (they are kept informed of staff's consultations). */
  schoolSide(c: Consultation, opts: { dsls?: boolean } = {}): string[] {
    const dsls = opts.dsls ? (this.services.directory.school(c.schoolId)?.dsls ?? []) : [];
    return [...new Set([c.raisedBy, ...dsls])];
  }

  /** Everyone on the worker's side with it open: the holder and anyone it passed through. */
  workerSide(c: Consultation): string[] {
    return [...new Set([c.holderId, ...c.participants.filter((p) => this.side(p, c) === 'worker')])];
  }
}
