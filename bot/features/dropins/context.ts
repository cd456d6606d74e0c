/**
 * What every drop-in handler shares: the core's services, the drop-in repository, and the few
 * questions about people and time they all ask (who may book where, who may run a school's
 * timetable, how a slot reads on a phone).
 *
 * @example
 *   const ctx = dropInContext(services);
 *   ctx.bookableSchools('dsl.werneth');   // ['werneth']
 *   ctx.slotLabel(slot);                  // "Thu 26 Nov, 10:00 with Amira"
 */
import type { Services } from '../../core/services';
import type { DropInBooking, DropInSlot } from './model';
import { DropInRepository } from './repository';

export interface DropInContext {
  services: Services;
  repo: DropInRepository;
  /** Schools whose drop-ins this person may book (DSL or staff there). */
  bookableSchools(personId: string): string[];
  /** May this person set up or cancel drop-ins for this school? Its link workers and business support. */
  canManageSchool(personId: string, schoolId: string): boolean;
  /** Schools this person may manage drop-ins for. */
  managedSchools(personId: string): string[];
  schoolName(schoolId: string): string;
  /** "Thu 26 Nov, 10:00 with Amira" */
  slotLabel(slot: Pick<DropInSlot, 'startsAt' | 'workerId'>): string;
  /** "Thu 26 Nov, 10:00–10:30" */
  when(slot: Pick<DropInSlot, 'startsAt' | 'endsAt'>): string;
  /** Can this booking still be cancelled by the booker (minimum notice)? */
  cancellable(b: DropInBooking, now: Date): boolean;
}

export function dropInContext(services: Services): DropInContext {
  const { directory, calendar } = services;
  const repo = new DropInRepository(services.store);
  const isSupport = (personId: string) => directory.hasRole(personId, 'business_support');
  return {
    services,
    repo,
    bookableSchools: (personId) => directory.schoolsOf(personId).map((s) => s.id),
    canManageSchool: (personId, schoolId) => isSupport(personId) || directory.linkWorkersOf(schoolId).includes(personId),
    managedSchools: (personId) =>
      isSupport(personId) ? directory.allSchools().map((s) => s.id) : directory.linkedSchools(personId).map((s) => s.id),
    schoolName: (schoolId) => directory.school(schoolId)?.name ?? schoolId,
    slotLabel: (slot) => `${calendar.format(new Date(slot.startsAt))} with ${directory.firstName(slot.workerId)}`,
    when: (slot) => `${calendar.format(new Date(slot.startsAt))}–${calendar.local(new Date(slot.endsAt)).toFormat('HH:mm')}`,
    cancellable: (b, now) => Date.parse(b.startsAt) - now.getTime() >= services.config.limits.dropInMinNotice,
  };
}
