/**
 * What every consultation handler shares: the services, the repository, the away register,
 * and the rules about who may see a consultation and which side of it they are on.
 * A refusal never says whether a consultation exists.
 *
 * @example
 *   const c = await ctx.open(turn);      // undefined (and a refusal already replied) when not theirs
 *   await ctx.tell(['sw.amira'], reply, { from: turn.person.id, describe: 'Your reply on #12' });
 */
import type { Reply } from '../../core/reply';
import type { Services } from '../../core/services';
import type { Turn } from '../../core/turn';
import { AwayRegister } from './away';
import type { Consultation, Side } from './model';
import { ConsultationRepository } from './repository';

export const NOT_FOUND = "I can't find that consultation for you. If you think you should see it, ask your SWIS team.";

export class ConsultationContext {
  readonly repo: ConsultationRepository;
  readonly away: AwayRegister;

  constructor(readonly services: Services) {
    this.repo = new ConsultationRepository(services.store);
    this.away = new AwayRegister(services.store, services.calendar, () => services.now());
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

  /** Only the school's staff, its link workers, cover and their team manager (and anyone it was routed to). */
  canSee(personId: string, c: Consultation): boolean {
    return this.services.directory.canSeeSchool(personId, c.schoolId) || c.participants.includes(personId) || c.holderId === personId;
  }

  side(personId: string, c: Consultation): Side {
    const school = this.services.directory.school(c.schoolId);
    return c.raisedBy === personId || school?.dsls.includes(personId) || school?.staff.includes(personId) ? 'school' : 'worker';
  }

  /** The consultation named by the turn's `id`, when this person may see it; else replies with a refusal. */
  async load(turn: Turn): Promise<Consultation | undefined> {
    const id = turn.values.id ?? '';
    const c = await this.repo.get(id);
    const allowed = !!c && (c.status === 'draft' ? c.raisedBy === turn.person.id : this.canSee(turn.person.id, c));
    if (!c || !allowed) {
      // Button data can be anything a client sends: only a well-formed id goes into the log.
      this.services.log.info({ personId: turn.person.id, consultationId: /^c\d{1,9}$/.test(id) ? id : 'malformed' }, 'consultation refused or missing');
      turn.reply(NOT_FOUND);
      return undefined;
    }
    return c;
  }

  /** Sends to each person (stored before delivery); the sender is told if it cannot be delivered. */
  async tell(personIds: string[], reply: Reply, opts: { from?: string; describe?: string } = {}): Promise<void> {
    for (const id of new Set(personIds)) {
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
