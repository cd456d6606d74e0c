/**
 * The worker corrects what kind of work a consultation was: `activity #12 direct work`. The
 * consultation's activity-log entry is amended (the log keeps both versions and the reason).
 *
 * @example
 *   // worker: "activity #12 advice" -> "Corrected #12: Other advice or information (was Discussion about a potential referral)."
 */
import type { Router } from '../../core/router';
import type { Services } from '../../core/services';
import { ACTIVITY_TYPES, type ActivityType } from '../../../storage/activity-log';
import { ConsultationRepository } from '../consultations/repository';
import { ACTIVITY_LABELS } from '../digest/labels';
import { ACTIVITY_WORDS } from '../digest/quick-log';

export function activityTypeFromWords(text: string): ActivityType | undefined {
  const t = text.trim().toLowerCase().replace(/_/g, ' ');
  if ((ACTIVITY_TYPES as readonly string[]).includes(t.replace(/ /g, '_'))) return t.replace(/ /g, '_') as ActivityType;
  const phrases = ACTIVITY_TYPES.flatMap((type) => ACTIVITY_WORDS[type].map((w) => ({ type, w }))).sort((a, b) => b.w.length - a.w.length);
  return phrases.find((p) => t === p.w)?.type;
}

export function registerActivityType(router: Router, services: Services): void {
  const usage = 'activity #12 direct work';
  router.command(
    { name: 'activity', roles: ['social_worker', 'senior_practitioner'], summary: "Correct what kind of work a consultation was", usage },
    async (turn) => {
      const m = /^#?(\d+)\s+(.+)$/.exec(turn.args.trim());
      const type = m ? activityTypeFromWords(m[2]) : undefined;
      if (!m || !type) return void turn.reply(`Say which consultation and what it was, e.g. *${usage}*. Types: ${ACTIVITY_TYPES.map((t) => ACTIVITY_WORDS[t][0]).join(', ')}.`);
      const repo = new ConsultationRepository(services.store);
      const cid = await repo.idForNumber(Number(m[1]));
      const c = cid ? await repo.get(cid) : undefined;
      const mine = c && [c.holderId, c.linkWorkerId, c.firstResponseBy].includes(turn.person.id);
      if (!c || !mine) return void turn.reply("I can't find that consultation among yours.");
      if (!c.activityEntryId) return void turn.reply(`Consultation #${c.number} is not in the activity log yet; it is recorded when it is answered or closed.`);
      const before = await services.activityLog.get(c.activityEntryId, { personId: turn.person.id, purpose: 'activity-type-correct' });
      if (!before) return void turn.reply("I can't find that consultation's log entry.");
      if (before.activityType === type) return void turn.reply(`#${c.number} is already recorded as ${ACTIVITY_LABELS[type]}.`);
      const amended = await services.activityLog.amend(c.activityEntryId, { activityType: type }, 'activity type corrected by the worker', turn.person.id);
      await repo.update(c.id, (x) => ({ ...x, activityEntryId: amended.id }));
      services.log.info({ consultationId: c.id, entryId: amended.id }, 'consultation activity type corrected');
      turn.reply(`Corrected #${c.number}: ${ACTIVITY_LABELS[type]} (was ${ACTIVITY_LABELS[before.activityType]}).`);
    },
  );
}
