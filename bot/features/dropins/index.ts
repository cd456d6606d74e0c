/** Drop-in sessions: timetables, booking, reminders, attendance (issue 7). */
import type { Feature } from '../../core/services';

export const dropIns: Feature = { name: 'drop-ins', register() {} };
