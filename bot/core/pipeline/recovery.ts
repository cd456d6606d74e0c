/**
 * Runs again the inbound events that were acknowledged but not finished: their process died
 * after the ack, or a try failed (storage away, a busy conversation, an unexpected error).
 * Every process sweeps the due index at start-up and then every `everyMs`; a retried turn has
 * no request to answer, so its replies go through the outbox to the conversation its adapter
 * named when it arrived (the notifier delivers them, with its own retries).
 *
 * @example
 *   const recovery = new InboundRecovery(pipeline, services);
 *   recovery.start();            // sweeps now and every 5 s
 *   await recovery.sweep();      // tests: after moving their clock
 *   recovery.stop();
 */
import { DocumentInvalid } from '../../../storage/documents';
import type { ConversationRef } from '../events';
import type { Services } from '../services';
import { revive } from './inbound-events';
import type { TurnOutcome, TurnPipeline } from './pipeline';
import type { Transport } from './transport';

export const DEFAULT_SWEEP_MS = 5_000;
/** Events taken in one sweep; the rest wait for the next. */
const BATCH = 50;

/** A transport with no request behind it: every reply goes through the outbox. */
export function outboxTransport(services: Pick<Services, 'notifier'>, to: ConversationRef): Transport {
  return {
    fallback: to,
    ack: async () => undefined,
    send: async (reply) => void (await services.notifier.toConversation(to, { ...reply, form: undefined, replace: undefined })),
  };
}

export class InboundRecovery {
  private timer?: NodeJS.Timeout;
  private running?: Promise<TurnOutcome[]>;

  constructor(
    private readonly pipeline: TurnPipeline,
    private readonly services: Services,
    private readonly everyMs = DEFAULT_SWEEP_MS,
  ) {}

  start(): void {
    if (this.timer) return;
    const tick = () => void this.sweep().catch((err: unknown) => this.services.log.warn({ err }, 'inbound recovery sweep failed'));
    tick();
    this.timer = setInterval(tick, this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** Takes every due event once; one sweep at a time in this process. Returns what became of each. */
  async sweep(): Promise<TurnOutcome[]> {
    if (this.running) return this.running;
    this.running = this.takeDue().finally(() => (this.running = undefined));
    return this.running;
  }

  private async takeDue(): Promise<TurnOutcome[]> {
    const { inbound } = this.pipeline;
    const { log, now } = this.services;
    const outcomes: TurnOutcome[] = [];
    for (const key of await inbound.due(now().getTime(), BATCH)) {
      const record = await inbound.get(key).catch((err: unknown) => {
        if (!(err instanceof DocumentInvalid)) throw err;
        log.warn({ err, eventId: key }, 'a stored inbound event does not fit its schema and is not run again');
        return undefined;
      });
      if (!record?.event || record.status !== 'pending') {
        await inbound.forget(key);
        continue;
      }
      const event = revive(record.event);
      log.info({ eventId: event.id, attempts: record.attempts }, 'inbound event taken up again from storage');
      outcomes.push(await this.pipeline.attempt(key, event, outboxTransport(this.services, record.fallback ?? event.conversation), { live: false }));
    }
    return outcomes;
  }
}
