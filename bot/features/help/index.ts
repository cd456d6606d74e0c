/**
 * `help` tailored to the person's roles, the welcome card shown when the bot is installed,
 * and the reply to text the bot does not understand.
 *
 * @example
 *   help for a DSL lists consult and book; for a team manager, digest and export.
 */
import { z } from 'zod';
import { card, type SubmitAction } from '../../../cards/tree';
import { defineAction } from '../../core/actions';
import { CONSULT } from '../consultations/verbs';
import { DIGEST, LOG } from '../digest/verbs';
import { DROPIN } from '../dropins/verbs';
import { VERB as TAS_ACTION } from '../tas/action-cards';
import type { Role } from '../../config/schema';
import type { Feature, Services } from '../../core/services';
import type { Router } from '../../core/router';
import { safetyNet } from '../../core/safety';
import type { Turn } from '../../core/turn';

const ROLE_INTRO: Record<Role, string> = {
  dsl: 'As a Designated Safeguarding Lead you can ask your link social worker for advice and book drop-ins.',
  deputy_dsl: 'As a deputy Designated Safeguarding Lead you can ask your link social worker for advice and book drop-ins, and you see your school\'s consultations.',
  school_staff: 'As school staff you can ask your link social worker for advice and book drop-ins; your DSL is kept informed.',
  social_worker: 'As a link social worker you can answer consultations, run drop-ins and log informal work in seconds.',
  senior_practitioner: 'As a senior practitioner you take consultations escalated when the link worker has not answered in time.',
  team_manager: 'As a team manager you get the weekly workload digest and can export the activity log.',
  tas_chair: 'As a TAS chair you can set up Team Around the School meetings and post actions with owners and due dates.',
  business_support: 'As business support you keep drop-in timetables and the directory (people, school links, cover) up to date.',
  records_officer: 'As a records officer you answer subject-access requests, place legal holds, redact and (with a second officer) erase records.',
};

/** Welcome-card buttons by role; a button shows only once its feature is running. */
const ROLE_BUTTONS: { roles: Role[]; action: { verb: string; button(title: string): SubmitAction }; title: string }[] = [
  { roles: ['dsl', 'deputy_dsl', 'school_staff'], action: CONSULT.start, title: 'Ask for advice' },
  { roles: ['dsl', 'deputy_dsl', 'school_staff'], action: DROPIN.book, title: 'Book a drop-in' },
  { roles: ['social_worker', 'senior_practitioner'], action: CONSULT.mine, title: 'My consultations' },
  { roles: ['social_worker', 'senior_practitioner'], action: LOG.form, title: 'Quick log' },
  { roles: ['team_manager'], action: DIGEST.show, title: 'This week\'s digest' },
  { roles: ['tas_chair'], action: TAS_ACTION.form, title: 'Post a TAS action' },
];

/** "Everything I can do" on the welcome card. */
const SHOW_HELP = defineAction('help.show', z.object({}));

function describeRoles(services: Services, turn: Turn): string[] {
  return turn.person.roles.map((r) => ROLE_INTRO[r]);
}

function helpReply(router: Router, services: Services, turn: Turn) {
  const commands = router.commandsFor(turn.person.roles);
  const c = card(`What I can do for you, ${services.directory.firstName(turn.person.id)}`);
  for (const line of describeRoles(services, turn)) c.text(line);
  c.facts(commands.map((cmd) => ({ label: cmd.usage ?? cmd.name, value: cmd.summary })));
  c.text(
    `If a child is in immediate danger call 999. MASH: ${services.config.authority.mashPhone}. ` +
      `Out of hours: emergency duty team ${services.config.authority.emergencyDutyTeamPhone}.`,
    'subtle',
  );
  const text = [
    ...describeRoles(services, turn),
    ...commands.map((cmd) => `• ${cmd.usage ?? cmd.name}: ${cmd.summary}`),
  ].join('\n');
  return { text, card: c.build() };
}

export const help: Feature = {
  name: 'help',
  register(router, services) {
    router.command({ name: 'help', aliases: ['?', 'menu', 'hi', 'hello'], summary: 'What I can do for you' }, async (turn) => {
      turn.reply(helpReply(router, services, turn));
    });

    router.installed(async (turn) => {
      const a = services.config.authority;
      // Added to a team or a group chat: a word for everyone there, not one person's welcome.
      if (turn.event.conversation.kind !== 'personal') {
        turn.reply(
          `Hello, I'm the Social Workers in Schools assistant for ${a.name}. Nothing about a child is discussed here: ` +
            'message me in a 1:1 chat to ask for advice, book a drop-in or log work. Type help to see what I can do.',
        );
        return;
      }
      const c = card(`Welcome, ${services.directory.firstName(turn.person.id)}`)
        .text(`I'm the Social Workers in Schools assistant for ${a.name}.`);
      for (const line of describeRoles(services, turn)) c.text(line);
      for (const b of ROLE_BUTTONS) {
        if (b.roles.some((r) => turn.person.roles.includes(r)) && router.hasAction(b.action.verb)) c.action(b.action.button(b.title));
      }
      c.action(SHOW_HELP.button('Everything I can do'));
      c.text(`If a child is in immediate danger call 999. MASH: ${a.mashPhone}.`, 'subtle');
      turn.reply({ text: `Welcome to the SWIS assistant for ${a.name}. Type help to see what I can do.`, card: c.build() });
    });

    router.command({ name: 'home', summary: "What's coming up and what's waiting for you" }, async (turn) => {
      const c = await services.home.card(turn.person);
      turn.reply({ text: c.title ?? 'Home', card: c });
    });

    router.action(SHOW_HELP, async (turn) => {
      turn.reply(helpReply(router, services, turn));
    });

    router.fallback(async (turn) => {
      turn.reply(`Sorry, I didn't understand that. Type *help* to see what I can do. ${safetyNet(services, turn.now)}`);
    });
  },
};
