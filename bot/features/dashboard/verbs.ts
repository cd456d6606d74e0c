/**
 * The dashboard's card verb, declared once: "Open the dashboard" (no data; the link is made
 * for the person who pressed it).
 *
 * @example
 *   c.action(DASHBOARD_VERB.button('Open the dashboard'));
 */
import { z } from 'zod';
import { defineAction } from '../../core/actions';

export const DASHBOARD_VERB = defineAction('dashboard.open', z.object({}));
