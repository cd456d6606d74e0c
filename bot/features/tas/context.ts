/**
 * What every part of TAS shares: the repository, the calendar, and the few rules about people
 * that apply everywhere: who chairs a school, who counts as a worker for the activity log, and
 * how a message reaches an action's owner (directly when the bot can reach them, otherwise
 * through the chair, who passes it on).
 *
 * @example
 *   const ctx = new TasContext(services);
 *   await ctx.toOwner(action, { text: 'Reminder: A7 is due tomorrow' });
 */
import { checkReference } from '../consultations/child-reference';
import type { School } from '../../config/schema';
import type { Reply } from '../../core/reply';
import type { Services } from '../../core/services';
import type { ChildRef } from '../../../storage/activity-log';
import { ChildRefSchema } from '../../../storage/activity-log';
import type { Attendee, TasAction } from './model';
import { TasRepository } from './repository';
import { overdueFrom } from './timing';

export class TasContext {
  readonly repo: TasRepository;

  constructor(readonly services: Services) {
    this.repo = new TasRepository(services.store, (due) => overdueFrom(services.calendar, due).getTime());
  }

  get calendar() {
    return this.services.calendar;
  }

  get directory() {
    return this.services.directory;
  }

  now(): Date {
    return this.services.now();
  }

  today(): string {
    return this.calendar.dateOf(this.now());
  }

  schoolName(schoolId: string): string {
    return this.directory.school(schoolId)?.name ?? schoolId;
  }

  chairs(personId: string, schoolId: string): boolean {
    return this.directory.chairedSchools(personId).some((s) => s.id === schoolId);
  }

  /** A school by id or by (part of) its name, as a chair might type it. */
  findSchool(text: string): School | undefined {
    const q = text.trim().toLowerCase().replace(/^(for|at)\s+/, '');
    if (!q) return undefined;
    const all = this.directory.allSchools();
    return (
      all.find((s) => s.id === q) ??
      all.find((s) => s.name.toLowerCase() === q) ??
      (() => {
        const partial = all.filter((s) => s.name.toLowerCase().includes(q));
        return partial.length === 1 ? partial[0] : undefined;
      })()
    );
  }

  /** Social workers and senior practitioners: whose TAS work goes in the activity log. */
  isWorker(personId?: string): personId is string {
    return !!personId && this.directory.hasRole(personId, 'social_worker', 'senior_practitioner');
  }

  teamIdFor(workerId: string, schoolId: string): string | undefined {
    return (this.directory.teamOf(workerId) ?? this.directory.teamForSchool(schoolId))?.id;
  }

  dueLabel(due: string): string {
    return this.calendar.formatDate(due);
  }

  isOverdue(a: TasAction, at = this.now()): boolean {
    return a.status === 'open' && overdueFrom(this.calendar, a.due).getTime() <= at.getTime();
  }

  async canReach(who: Attendee): Promise<boolean> {
    return !!who.personId && (await this.services.notifier.reachable(who.personId));
  }

  /**
   * Sends to the action's owner; when the bot cannot reach them (no Teams or Slack account,
   * or a named attendee outside the directory) the chair gets it to pass on. Returns who got it.
   */
  async toOwner(a: TasAction, reply: Reply, describe: string): Promise<'owner' | 'chair'> {
    if (await this.canReach(a.owner)) {
      await this.services.notifier.toPerson(a.owner.personId!, reply, { tellOnFailure: a.chairId, describe: `${describe} for ${a.owner.name}` });
      return 'owner';
    }
    const onBehalf: Reply = {
      ...reply,
      text: `For ${a.owner.name}, who I can't reach on Teams or Slack (please pass this on): ${reply.text}`,
      card: reply.card && { ...reply.card, title: `For ${a.owner.name}: ${reply.card.title ?? ''}`.trim() },
    };
    await this.services.notifier.toPerson(a.chairId, onBehalf);
    return 'chair';
  }

  /** A child reference from a year group and a short reference; an error message otherwise. */
  childRef(yearGroup?: string, reference?: string): { child?: ChildRef } | { error: string } {
    const y = (yearGroup ?? '').trim().toUpperCase();
    const r = (reference ?? '').trim();
    if (!y && !r) return {};
    const parsed = ChildRefSchema.safeParse({ yearGroup: y, reference: r });
    if (!parsed.success)
      return { error: 'A child is written as a year group (N, R, Y1 to Y14) and a short school reference of up to 12 characters, never a name, e.g. Y9 JS-04.' };
    const refused = checkReference(r, this.services.config.childData, undefined, this.now());
    if (refused) return { error: refused };
    return { child: parsed.data };
  }
}
