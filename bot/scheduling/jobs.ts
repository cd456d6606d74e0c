/**
 * Job kinds mapped to their data: a kind is declared once with a zod schema of the small data
 * its jobs carry (ids and small values, never child details). Scheduling and handling both go
 * through the declaration, so they are checked against each other: `schedule` takes only data
 * of that shape (a compile error otherwise, and a refusal at run time for an untyped caller),
 * and the handler receives the data parsed, a job whose data does not fit failing permanently
 * (named by kind and field, never value) instead of running on a guess.
 *
 * @example
 *   export const REMIND_JOB = defineJob('probe.remind', z.object({ bookingId: z.string().min(1) }));
 *   handleJob(scheduler, REMIND_JOB, async (job) => remind(job.data.bookingId));
 *   await scheduleJob(scheduler, REMIND_JOB, { runAt, owner: `booking:${id}`, data: { bookingId: id } });
 */
import { z } from 'zod';
import { PermanentFailure, type Job, type JobData, type JobSpec, type Scheduler, type WeeklySpec } from './scheduler';

/** A schema over job data: small primitive values by key. */
export type JobSchema = z.ZodType<JobData, JobData>;

/** A job kind declared once with the shape of its data. */
export interface JobDef<K extends string = string, S extends JobSchema = JobSchema> {
  readonly kind: K;
  readonly data: S;
}

/** A job whose data has been parsed by its kind's schema. */
export type JobOf<S extends JobSchema> = Omit<Job, 'data'> & { data: z.output<S> };

const declared = new Map<string, JobSchema>();

export function defineJob<K extends string, S extends JobSchema>(kind: K, data: S): JobDef<K, S> {
  if (declared.has(kind) && declared.get(kind) !== data) throw new Error(`job kind "${kind}" is declared twice`);
  declared.set(kind, data);
  return { kind, data };
}

/** The keys of `data` that do not fit the declared kind (names only), or [] when it fits or the kind is not declared. */
export function misfitJobData(kind: string, data: unknown): string[] {
  const schema = declared.get(kind);
  if (!schema) return [];
  const parsed = schema.safeParse(data);
  return parsed.success ? [] : [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(data)'))];
}

/** Refuses to schedule a declared kind with data that does not fit it (called by every Scheduler). */
export function assertJobDataFits(kind: string, data: unknown): void {
  const fields = misfitJobData(kind, data);
  if (fields.length) throw new TypeError(`job "${kind}" data does not fit its declaration: ${fields.join(', ')}`);
}

export function scheduleJob<S extends JobSchema>(scheduler: Pick<Scheduler, 'schedule'>, def: JobDef<string, S>, spec: Omit<JobSpec, 'kind' | 'data'> & { data: z.input<S> }): Promise<string> {
  return scheduler.schedule({ ...spec, kind: def.kind, data: spec.data });
}

export function weeklyJob<S extends JobSchema>(scheduler: Pick<Scheduler, 'weekly'>, def: JobDef<string, S>, spec: Omit<WeeklySpec, 'kind' | 'data'> & { data: z.input<S> }): Promise<void> {
  return scheduler.weekly({ ...spec, kind: def.kind, data: spec.data });
}

/** Registers the handler of a declared kind; it runs only on data that fits. */
export function handleJob<S extends JobSchema>(scheduler: Pick<Scheduler, 'register'>, def: JobDef<string, S>, handler: (job: JobOf<S>) => Promise<void>): void {
  scheduler.register(def.kind, async (job) => {
    const parsed = def.data.safeParse(job.data);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(data)'))];
      throw new PermanentFailure(`job "${def.kind}" data does not fit its declaration: ${fields.join(', ')}`);
    }
    await handler({ ...job, data: parsed.data });
  });
}

/** A small id a job carries. */
export const jobId = z.string().min(1).max(200);
