/**
 * Workload figures each feature reports for the weekly digest, so the digest never reaches
 * into another feature's storage. Each feature registers one provider; the digest asks all.
 * Providers must read only the weeks asked for (cost does not grow with history).
 *
 * @example
 *   services.figures.register({
 *     name: 'drop-ins',
 *     async forWorkers(q) { return { 'sw.amira': { dropIns: { offered: 8, booked: 5, attended: 4 } } }; },
 *   });
 *   const byWorker = await services.figures.forWorkers({ workerIds, from, to });
 */

export interface ConsultationFigures {
  received: number;
  answered: number;
  /** First response times in ms, one per answered consultation. */
  firstResponseMs: number[];
  open: number;
  /** Open and past their response target. */
  overdue: number;
  escalated: number;
}

export interface CountFigures {
  offered: number;
  booked: number;
  attended: number;
}

export interface TasFigures {
  open: number;
  overdue: number;
  completed: number;
}

export interface WorkerFigures {
  consultations?: ConsultationFigures;
  dropIns?: CountFigures;
  /** Drop-in figures for this worker split by school id. */
  dropInsBySchool?: Record<string, CountFigures>;
  tasActions?: TasFigures;
}

export interface FiguresQuery {
  workerIds: string[];
  from: Date;
  to: Date;
}

export interface FiguresProvider {
  name: string;
  forWorkers(q: FiguresQuery): Promise<Record<string, WorkerFigures>>;
}

export class FiguresRegistry {
  private readonly providers: FiguresProvider[] = [];

  register(p: FiguresProvider): void {
    this.providers.push(p);
  }

  /** Every provider's figures merged per worker. */
  async forWorkers(q: FiguresQuery): Promise<Record<string, WorkerFigures>> {
    const out: Record<string, WorkerFigures> = Object.fromEntries(q.workerIds.map((w) => [w, {}]));
    const parts = await Promise.all(this.providers.map((p) => p.forWorkers(q)));
    for (const part of parts) for (const [w, f] of Object.entries(part)) out[w] = { ...(out[w] ?? {}), ...f };
    return out;
  }
}
