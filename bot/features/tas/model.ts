/**
 * What a Team Around the School is made of: a meeting series for a school, its meetings with
 * their agendas, and the actions agreed there. Actions are never deleted: every change (owner,
 * due date, update, completion) is appended to the action's history, so the chair, the owner
 * and the digest can always see who did what and when.
 *
 * @example
 *   const a: TasAction = { id: 'A7', schoolId: 'werneth', owner: { personId: 'sw.amira', name: 'Amira Hassan' }, ... };
 */
import type { ConversationRef } from '../../core/events';
import type { ChildRef } from '../../../storage/activity-log';

import type { Weekday } from '../../core/weekday';

export { WEEKDAY_NAMES, type Weekday } from '../../core/weekday';

/**
 * Someone at the meeting. A directory person has `personId`; a person with no directory
 * entry (a visiting professional) is named only, and the chair is told about their actions.
 */
export interface Attendee {
  personId?: string;
  name: string;
}

export interface TasSeries {
  id: string;
  schoolId: string;
  chairId: string;
  weekday: Weekday;
  /** Local time HH:MM in the authority's zone. */
  time: string;
  everyWeeks: number;
  /** The first meeting is the first `weekday` on or after this date (YYYY-MM-DD). */
  firstDate: string;
  durationMinutes: number;
  attendees: Attendee[];
  /** The meeting's chat (a Teams channel or group chat, a Slack channel) when set up from one. */
  conversation?: ConversationRef;
  /** The meeting reminders are currently scheduled for. */
  nextMeetingId?: string;
  /** The last meeting that has ended (actions posted after it belong to it). */
  lastMeetingId?: string;
  createdAt: string;
  updatedAt: string;
}

export interface AgendaItem {
  id: string;
  child?: ChildRef;
  text: string;
  addedBy: string;
  addedAt: string;
}

export interface TasMeeting {
  /** `<seriesId>:<date>` so a meeting is found from its series and date alone. */
  id: string;
  seriesId: string;
  schoolId: string;
  date: string;
  startsAt: string;
  agenda: AgendaItem[];
  /** People who sent apologies; they are not recorded as having attended. */
  apologies: string[];
  /** Set once the meeting's activity-log entries are written (exactly once). */
  recordedAt?: string;
}

export type ActionChangeKind = 'created' | 'acknowledged' | 'update' | 'reassigned' | 'due_changed' | 'done';

export interface ActionChange {
  at: string;
  by: string;
  kind: ActionChangeKind;
  from?: string;
  to?: string;
  note?: string;
}

export interface TasAction {
  /** Short and typeable ("A7"), so people can write `tas done A7 ...`. */
  id: string;
  schoolId: string;
  seriesId?: string;
  meetingId?: string;
  chairId: string;
  owner: Attendee;
  what: string;
  child?: ChildRef;
  /** Due date, YYYY-MM-DD in the authority's zone. */
  due: string;
  status: 'open' | 'done';
  createdAt: string;
  createdBy: string;
  acknowledgedAt?: string;
  completedAt?: string;
  completionNote?: string;
  /** Activity-log entries written for this action: one per worker who owned it, latest version. */
  activityEntries: { workerId: string; entryId: string }[];
  history: ActionChange[];
}

/** "Y9 JS": how a child is shown everywhere (never a name). */
export function childLabel(child?: ChildRef): string {
  return child ? `${child.yearGroup} ${child.reference}` : '';
}
