/**
 * The shape of a local authority's configuration file (YAML or JSON), validated with zod.
 * Everything an authority changes lives here: people, schools, links, teams, threshold
 * wording, phone numbers, school-day hours, term dates, and every time limit.
 *
 * @example
 *   const config = AuthorityConfigSchema.parse(YAML.parse(text));
 *   config.limits.consultationSla.red // milliseconds
 */
import { z } from 'zod';
import { weekdaySchema } from '../core/weekday';
import { parseDuration } from './duration';

export const ROLES = [
  'dsl',
  /** A deputy DSL: listed in a school's `dsls`, and sees what the DSL sees. */
  'deputy_dsl',
  'school_staff',
  'social_worker',
  'senior_practitioner',
  'team_manager',
  'tas_chair',
  'business_support',
  /** Answers subject-access requests, places legal holds, redacts and erases records (issue 22). */
  'records_officer',
] as const;
export type Role = (typeof ROLES)[number];

/** A duration string ("15m", "90s") parsed to milliseconds. */
export const duration = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration (use e.g. 90s, 15m, 4h, 2d)` });
    return z.NEVER;
  }
  return ms;
});

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD');
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time written HH:MM (24-hour)');
const id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lower-case letters, digits, dot, dash or underscore');
const phone = z.string().min(3);
const weekday = weekdaySchema;

/** Wording that means a child may be in danger now (matched case-insensitively, anywhere). */
export const DEFAULT_DANGER_PHRASES = [
  'in immediate danger',
  'in danger now',
  'not safe to go home',
  'scared to go home',
  'has been hurt',
  'threatened to kill',
  'going to hurt himself',
  'going to hurt herself',
  'going to hurt themselves',
  'going to kill himself',
  'going to kill herself',
  'going to kill themselves',
  'has a weapon',
];

const dateRange = z
  .object({ name: z.string().min(1), from: isoDate, to: isoDate })
  .refine((r) => r.from <= r.to, { message: '"from" must not be after "to"' });

export const PersonSchema = z.object({
  id,
  name: z.string().min(1),
  roles: z.array(z.enum(ROLES)).min(1),
  /** Job title shown to others, e.g. "Head of Year 9". */
  title: z.string().optional(),
  /** Enquirer role for the activity log when this person raises something. */
  enquirerRole: z
    .enum(['dsl', 'head_or_year_head', 'senior_leader', 'senco', 'pastoral_staff', 'teacher', 'school_nurse', 'early_help_worker', 'police', 'other_professional'])
    .optional(),
  /** A social worker's statutory caseload (children), until they record it with `caseload 14`. */
  caseload: z.number().int().min(0).max(200).optional(),
  teams: z.object({ aadObjectId: z.string().min(1), tenantId: z.string().min(1) }).optional(),
  slack: z.object({ userId: z.string().min(1), teamId: z.string().min(1) }).optional(),
});
export type Person = z.infer<typeof PersonSchema>;

export const SchoolSchema = z.object({
  id,
  name: z.string().min(1),
  phase: z.enum(['primary', 'secondary', 'all-through', 'special', 'alternative']),
  /** Link social workers (person ids), first is the main link. */
  linkWorkers: z.array(id).min(1),
  dsls: z.array(id).default([]),
  /** Other staff who may consult and book (head teacher, heads of year, pastoral, nurse). */
  staff: z.array(id).default([]),
  /** Who chairs this school's Team Around the School meetings. */
  tasChairs: z.array(id).default([]),
  /** Pupils on roll, for rates per 100 pupils in the figures. */
  pupils: z.number().int().min(1).max(10_000).optional(),
  /** A label grouping schools an evaluator compares (e.g. "pilot" and "comparison"). */
  comparisonGroup: z.string().min(1).max(40).optional(),
});
export type School = z.infer<typeof SchoolSchema>;

export const TeamSchema = z.object({
  id,
  name: z.string().min(1),
  manager: id,
  members: z.array(id).min(1),
  /** Who takes escalated consultations: a senior practitioner or the duty worker. */
  cover: z.array(id).min(1),
});
export type Team = z.infer<typeof TeamSchema>;

/** Roles that can stand in for a worker: take their consultations while they are covered. */
export const COVER_ROLES: Role[] = ['social_worker', 'senior_practitioner', 'team_manager'];

/**
 * A worker's cover, marked by business support (or written in the file): from `from` to `to`
 * (whole days, inclusive) new consultations for the worker's schools go to `by`.
 */
export const CoverSchema = z
  .object({ worker: id, by: id, from: isoDate, to: isoDate })
  .refine((c) => c.from <= c.to, { message: '"from" must not be after "to"', path: ['to'] })
  .refine((c) => c.worker !== c.by, { message: 'a worker cannot cover themselves', path: ['by'] });
export type Cover = z.infer<typeof CoverSchema>;

/** The directory's own sections: who is who, which schools they are linked to, teams, cover. */
export interface DirectoryData {
  people: Person[];
  schools: School[];
  teams: Team[];
  covers: Cover[];
}

/**
 * The directory's cross-field checks (every id named is a person; every cover is between
 * workers): the same for the start-up file and for a change made from chat.
 */
export function checkDirectory(cfg: DirectoryData, ctx: z.RefinementCtx): void {
  const people = new Map<string, Person>();
  cfg.people.forEach((p, i) => {
    if (people.has(p.id)) ctx.addIssue({ code: 'custom', path: ['people', i, 'id'], message: `duplicate person id "${p.id}"` });
    people.set(p.id, p);
  });
  // One platform identity is one person: a second would silently take over the first's messages.
  const identities = new Map<string, string>();
  cfg.people.forEach((p, i) => {
    const ids: [string, (string | number)[]][] = [];
    if (p.teams) ids.push([`teams ${p.teams.tenantId}/${p.teams.aadObjectId}`.toLowerCase(), ['people', i, 'teams', 'aadObjectId']]);
    if (p.slack) ids.push([`slack ${p.slack.teamId}/${p.slack.userId}`, ['people', i, 'slack', 'userId']]);
    for (const [key, path] of ids) {
      const other = identities.get(key);
      if (other) ctx.addIssue({ code: 'custom', path, message: `is already "${other}"'s ${key.startsWith('teams') ? 'Teams' : 'Slack'} identity` });
      else identities.set(key, p.id);
    }
  });
  const must = (pid: string, path: (string | number)[]) => {
    if (!people.has(pid)) ctx.addIssue({ code: 'custom', path, message: `"${pid}" is not a person in "people"` });
  };
  cfg.schools.forEach((s, i) => {
    s.linkWorkers.forEach((p, j) => must(p, ['schools', i, 'linkWorkers', j]));
    s.dsls.forEach((p, j) => must(p, ['schools', i, 'dsls', j]));
    s.staff.forEach((p, j) => must(p, ['schools', i, 'staff', j]));
    s.tasChairs.forEach((p, j) => must(p, ['schools', i, 'tasChairs', j]));
  });
  cfg.teams.forEach((t, i) => {
    must(t.manager, ['teams', i, 'manager']);
    t.members.forEach((p, j) => must(p, ['teams', i, 'members', j]));
    t.cover.forEach((p, j) => must(p, ['teams', i, 'cover', j]));
  });
  cfg.covers.forEach((c, i) => {
    must(c.worker, ['covers', i, 'worker']);
    must(c.by, ['covers', i, 'by']);
    for (const field of ['worker', 'by'] as const) {
      const p = people.get(c[field]);
      if (p && !p.roles.some((r) => COVER_ROLES.includes(r)))
        ctx.addIssue({ code: 'custom', path: ['covers', i, field], message: `"${c[field]}" is not a social worker, senior practitioner or team manager` });
    }
  });
}

/** The directory sections alone, validated with the same schemas and checks as the whole file. */
export const DirectorySchema = z
  .object({
    teams: z.array(TeamSchema).min(1),
    schools: z.array(SchoolSchema).min(1),
    people: z.array(PersonSchema).min(1),
    covers: z.array(CoverSchema).default([]),
  })
  .superRefine(checkDirectory);

const urgencyTargets = z.object({ red: duration, amber: duration, green: duration });

export const ThresholdLevelSchema = z.object({
  level: z.number().int().min(1).max(9),
  name: z.string().min(1),
  description: z.string().min(1),
  route: z.enum(['universal', 'early_help_assessment', 'mash_referral_s17', 'mash_referral_now_s47']),
});

export const ConcernCategorySchema = z.object({
  id,
  label: z.string().min(1),
  /** Extra words the bot must say when this category is chosen (e.g. FGM's duty to report). */
  notice: z.string().optional(),
  /** Indicators the DSL can tick, each pointing at the threshold level it suggests. */
  indicators: z.array(z.object({ id, text: z.string().min(1), level: z.number().int() })).default([]),
});

const DEFAULT_SERVICES = [
  { id: 'camhs', label: 'CAMHS' },
  { id: 'school-nurse', label: 'School nurse' },
  { id: 'early-help', label: 'Early Help' },
  { id: 'kooth', label: 'Kooth' },
  { id: 'young-carers', label: 'Young carers service' },
  { id: 'domestic-abuse', label: 'Domestic abuse service' },
  { id: 'housing', label: 'Housing' },
  { id: 'gp', label: 'GP' },
];
const PULSE_QUESTION = 'How confident are you deciding whether a concern meets the threshold for a MASH referral?';
const DEFAULT_FOLLOW_UP = { at: '10:00', reAskAfterWorkingDays: 3, asks: 2 };
const DEFAULT_PULSE = { enabled: true, question: PULSE_QUESTION, afterTermStartDays: 14, at: '10:00' };

/** Measuring the service (issue 19): services, the outcome follow-up and the DSL pulse. */
export const EvidenceSchema = z
  .object({
    /** Services a worker signposts or refers to; the ids go in the log, the labels in reports. */
    services: z
      .array(z.object({ id, label: z.string().min(1) }))
      .default(DEFAULT_SERVICES),
    /** After advice to refer, the DSL is asked what happened: the next working day at `at`, again `reAskAfterWorkingDays` later. */
    outcomeFollowUp: z
      .object({
        at: clockTime.default('10:00'),
        reAskAfterWorkingDays: z.number().int().min(1).max(20).default(3),
        /** How many times the DSL is asked in all. */
        asks: z.number().int().min(1).max(5).default(2),
      })
      .default(DEFAULT_FOLLOW_UP),
    /** A new consultation about the same child reference within this window is a re-referral. */
    reReferralWindow: duration.default(365 * 86_400_000),
    /** The termly DSL confidence question (1–5). */
    pulse: z
      .object({
        enabled: z.boolean().default(true),
        question: z.string().min(1).default(PULSE_QUESTION),
        /** Sent this many days after each term starts, at `at`. */
        afterTermStartDays: z.number().int().min(0).max(60).default(14),
        at: clockTime.default('10:00'),
      })
      .default(DEFAULT_PULSE),
  })
  .default({
    services: DEFAULT_SERVICES,
    outcomeFollowUp: DEFAULT_FOLLOW_UP,
    reReferralWindow: 365 * 86_400_000,
    pulse: DEFAULT_PULSE,
  });
export type EvidenceConfig = z.infer<typeof EvidenceSchema>;

/** A regular expression written in the configuration; checked at start-up. */
const pattern = z.string().min(1).refine((src) => {
  try {
    new RegExp(src);
    return true;
  } catch {
    return false;
  }
}, 'is not a valid regular expression');

/** What a child reference may look like, and the first-name warning on free text. */
export const ChildDataSchema = z
  .object({
    references: z
      .object({
        /** Initials: 2 to 4 letters, optionally with dots or spaces (JS, J.S., J S K). */
        initials: z.boolean().default(true),
        /** A pupil number every school may use: digits, or up to two letters then digits. */
        pupilNumber: pattern.default('^[A-Za-z]{0,2}-?[0-9]{1,10}$'),
        /** More patterns for one school's own pupil numbers, by school id. */
        schools: z.record(z.string(), pattern).default({}),
      })
      .default({ initials: true, pupilNumber: '^[A-Za-z]{0,2}-?[0-9]{1,10}$', schools: {} }),
    firstNames: z
      .object({
        /** Warn before a free-text line with a common first name is sent. */
        warn: z.boolean().default(true),
        /** Names to add to the shipped list (bot/core/data/first-names.txt). */
        add: z.array(z.string().min(2)).default([]),
        /** Names never to warn about here (a school's name, a street). */
        ignore: z.array(z.string().min(2)).default([]),
      })
      .default({ warn: true, add: [], ignore: [] }),
  })
  .default({ references: { initials: true, pupilNumber: '^[A-Za-z]{0,2}-?[0-9]{1,10}$', schools: {} }, firstNames: { warn: true, add: [], ignore: [] } });
export type ChildDataConfig = z.infer<typeof ChildDataSchema>;
/** How long each kind of record is kept (see docs/data-protection.md and the sample's reasons). */
export const RetentionSchema = z.object({
  consultation: duration.default(6 * 365 * 86_400_000),
  activityEntry: duration.default(6 * 365 * 86_400_000),
  auditEntry: duration.default(6 * 365 * 86_400_000),
  tasMeeting: duration.default(6 * 365 * 86_400_000),
  tasAction: duration.default(6 * 365 * 86_400_000),
  dropInBooking: duration.default(365 * 86_400_000),
  outboxMessage: duration.default(30 * 86_400_000),
  inboundEvent: duration.default(7 * 86_400_000),
  /** A worker's recorded caseload (about the worker), from when they last recorded it. */
  caseload: duration.default(365 * 86_400_000),
  /** A DSL's termly confidence answer (about the DSL), from when it was given. */
  pulseAnswer: duration.default(3 * 365 * 86_400_000),
  /** The enquirer role a worker last gave for a school in the quick log, from when they gave it. */
  quickLogRole: duration.default(365 * 86_400_000),
});
export type RetentionKind = keyof z.infer<typeof RetentionSchema>;

export const RecordsSchema = z.object({
  retention: RetentionSchema.prefault({}),
  /** Local time the daily retention job runs. */
  retentionRunAt: clockTime.default('02:30'),
  /** Keep the removed text of a redaction in a sealed copy only records officers can reach. */
  keepSealedRedactions: z.boolean().default(false),
});

export const AuthorityConfigSchema = z
  .object({
    authority: z.object({
      name: z.string().min(1),
      timeZone: z
        .string()
        .default('Europe/London')
        .refine((tz) => {
          try {
            new Intl.DateTimeFormat('en-GB', { timeZone: tz });
            return true;
          } catch {
            return false;
          }
        }, 'is not an IANA time zone'),
      mashPhone: phone,
      emergencyDutyTeamPhone: phone,
      schoolDay: z.object({ start: clockTime, end: clockTime, days: z.array(weekday).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']) }),
      terms: z.array(dateRange).min(1),
      /** Single days or ranges when schools are closed inside a term (INSET days, bank holidays). */
      closures: z.array(dateRange).default([]),
      /**
       * The MASH and SWIS team's own hours, all year (school holidays do not stop the service).
       * Response targets count these hours; outside them is "out of hours" (the EDT number).
       */
      serviceHours: z
        .object({
          start: clockTime.default('08:30'),
          end: clockTime.default('17:00'),
          days: z.array(weekday).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
          /** Days the service is closed (bank holidays). */
          closed: z.array(dateRange).default([]),
        })
        .refine((h) => h.start < h.end, { message: '"start" must be before "end"', path: ['end'] })
        .default({ start: '08:30', end: '17:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'], closed: [] }),
      /**
       * Words that mean a child may be in danger now. Found anywhere in a message or form field,
       * they are answered at once with 999, the MASH and (out of hours) the EDT, and the worker is alerted.
       */
      dangerPhrases: z.array(z.string().min(3)).default(DEFAULT_DANGER_PHRASES),
    }),
    teams: z.array(TeamSchema).min(1),
    schools: z.array(SchoolSchema).min(1),
    people: z.array(PersonSchema).min(1),
    /** Workers' cover for a period; business support usually marks these from chat (`directory`). */
    covers: z.array(CoverSchema).default([]),
    thresholds: z.object({
      levels: z.array(ThresholdLevelSchema).min(1),
      categories: z.array(ConcernCategorySchema).min(1),
    }),
    limits: z.object({
      consultationSla: urgencyTargets,
      consultationRepeatWindow: duration.default(90 * 86_400_000),
      /** An open consultation with nothing new for this long is closed and its record completed. */
      consultationQuietClose: duration.default(14 * 86_400_000),
      dropInReminders: z.object({ dayBeforeAt: clockTime.default('16:00'), before: z.array(duration).default([3_600_000]) }),
      dropInMinNotice: duration.default(3_600_000),
      /** How long a picked drop-in slot is held while the booker adds a topic. */
      dropInHold: duration.default(10 * 60_000),
      tasReminders: z.array(duration).default([86_400_000, 3_600_000]),
      tasActionReminderAt: clockTime.default('16:00'),
      digest: z.object({
        weekday: weekday.default('mon'),
        at: clockTime.default('08:00'),
        /** Flag a worker whose recorded time moved by at least this much against the week before. */
        timeChangePercent: z.number().int().min(1).default(25),
        /** Flag a school with no drop-in booked for this many school weeks in a row. */
        quietSchoolWeeks: z.number().int().min(1).max(8).default(3),
        /** How long the chart image link lives: Teams fetches card images when the card is shown. */
        chartTtl: duration.default(86_400_000),
      }),
      linkTtl: duration.default(15 * 60_000),
      dedupeTtl: duration.default(10 * 60_000),
    }),
    evidence: EvidenceSchema,
    /** The managers' dashboard (issue 21): who may open it and how long its links and sessions last. */
    dashboard: z
      .object({
        /** DSLs may open a dashboard of their own school's figures. Off unless the authority turns it on. */
        dslAccess: z.boolean().default(false),
        /** How long the single-use link the bot posts in chat can be opened. */
        linkTtl: duration.default(10 * 60_000),
        /** How long a browser session lasts after the link was opened (a working day). */
        sessionTtl: duration.default(9 * 3_600_000),
      })
      .default({ dslAccess: false, linkTtl: 10 * 60_000, sessionTtl: 9 * 3_600_000 }),

    childData: ChildDataSchema,
    records: RecordsSchema.prefault({}),
  })
  .superRefine((cfg, ctx) => {
    checkDirectory(cfg, ctx);
    for (const sid of Object.keys(cfg.childData.references.schools))
      if (!cfg.schools.some((s) => s.id === sid))
        ctx.addIssue({ code: 'custom', path: ['childData', 'references', 'schools', sid], message: `"${sid}" is not a school in "schools"` });
    const levels = new Set(cfg.thresholds.levels.map((l) => l.level));
    cfg.thresholds.categories.forEach((c, i) =>
      c.indicators.forEach((ind, j) => {
        if (!levels.has(ind.level))
          ctx.addIssue({ code: 'custom', path: ['thresholds', 'categories', i, 'indicators', j, 'level'], message: `level ${ind.level} is not in thresholds.levels` });
      }),
    );
  });

export type AuthorityConfig = z.infer<typeof AuthorityConfigSchema>;

/** "host:port,host:port" as a list (Sentinel addresses). */
const sentinelList = z.string().transform((text, ctx) => {
  const out: { host: string; port: number }[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(.+):(\d{1,5})$/.exec(part);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: `"${part}" is not host:port` });
      return z.NEVER;
    }
    out.push({ host: m[1], port: Number(m[2]) });
  }
  return out;
});

/** "1", "true", "yes" or "0", "false", "no". */
const flag = z.enum(['1', 'true', 'yes', '0', 'false', 'no']).transform((v) => ['1', 'true', 'yes'].includes(v));

/** Process environment, validated the same way as the file. */
export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  /** Every Redis key (data and jobs) starts with this, so deployments can share a server. */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]+$/, 'letters, digits, colon, dash or underscore').default('swis:'),
  BOT_CONFIG: z.string().optional(),
  MicrosoftAppId: z.string().optional(),
  MicrosoftAppPassword: z.string().optional(),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  MicrosoftAppTenantId: z.string().optional(),
  SLACK_BOT_TOKEN: z.string().optional(),
  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_API_URL: z.string().url().optional(),
  /** Slack turns acknowledged but not yet finished one process holds before answering 503. */
  SLACK_MAX_IN_FLIGHT: z.coerce.number().int().min(1).default(500),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Public base URL of this bot, used for links it serves (chart images, CSV downloads). */
  PUBLIC_URL: z.string().url().optional(),
  /** The interface the server listens on; the default keeps a newcomer's bot on their own machine. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** `true`: Teams without authentication, for the Bot Framework Emulator (loopback HOST only, no MicrosoftAppId). */
  TEAMS_EMULATOR: z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true').optional(),
  /** Comma-separated origins a Teams activity's serviceUrl may name (default: Microsoft's Bot Connector hosts). */
  TEAMS_SERVICE_URL_ALLOWLIST: z
    .string()
    .regex(/^\s*https?:\/\/[^\s,/]+\/?\s*(,\s*https?:\/\/[^\s,/]+\/?\s*)*$/i, 'comma-separated origins such as https://smba.trafficmanager.net or https://*.botframework.com')
    .optional(),
  /** Shows /readyz details (and other operator pages) to callers that are not on this machine. */
  OPS_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  /** Redis Sentinels ("host:port,host:port"); when set, the primary is found through them and followed on failover. */
  REDIS_SENTINELS: sentinelList.optional(),
  /** The name the Sentinels monitor the primary under. */
  REDIS_SENTINEL_NAME: z.string().min(1).optional(),
  /** Redis ACL user and password (also accepted inside REDIS_URL). */
  REDIS_USERNAME: z.string().optional(),
  REDIS_PASSWORD: z.string().optional(),
  REDIS_SENTINEL_USERNAME: z.string().optional(),
  REDIS_SENTINEL_PASSWORD: z.string().optional(),
  /** TLS to Redis (on by itself for rediss:// URLs); a CA file for a private certificate authority. */
  REDIS_TLS: flag.optional(),
  REDIS_TLS_CA_FILE: z.string().optional(),
  REDIS_TLS_SERVERNAME: z.string().optional(),
  /** On SIGTERM: seconds /readyz answers 503 while requests are still served, so load balancers stop sending. */
  SHUTDOWN_UNREADY_SECONDS: z.coerce.number().min(0).max(120).default(0),
  /** On SIGTERM: seconds in-flight turns and jobs get to finish before they are handed back. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(600).default(20),
  /**
   * With Sentinels: how long a turn waits for its writes to reach a replica before the person is
   * answered (Redis WAIT), so what they were told was saved survives the loss of the primary.
   * WAIT holds up the process's store connection while it waits, so a longer limit slows every
   * turn whenever the replica lags (5 s made the failover test time out on a busy machine).
   */
  REDIS_REPLICA_WAIT_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  /** Seconds after an inbound event arrived before, still unfinished (its process died), another process runs it again. */
  INBOUND_RETRY_GRACE_SECONDS: z.coerce.number().min(1).max(3600).default(15),

  /** `pretty` (readable lines) or `json`; unset: pretty when stdout is a terminal, else JSON. */
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
  /** The loopback console channel for `npm run chat`: on by default only without platform credentials. */
  CONSOLE_CHANNEL: z.enum(['true', 'false']).optional(),
  /** `false`: the embedded default starts without its sample data. */
  SAMPLE_DATA: z.enum(['true', 'false']).optional(),
  /** Where a running bot leaves its console secret (mode 0600); default a per-user temp directory. */
  SWIS_RUN_DIR: z.string().optional(),
});
export type Env = z.infer<typeof EnvSchema>;
