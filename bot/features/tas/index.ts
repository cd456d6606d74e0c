/** Team Around the School: meetings, reminders, actions with owners (issue 8). */
import type { Feature } from '../../core/services';

export const tas: Feature = { name: 'tas', register() {} };
