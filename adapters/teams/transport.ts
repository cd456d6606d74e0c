/**
 * What Teams can do for one activity, as the pipeline's Transport: send into the conversation
 * (paced per conversation and tenant, shared across processes), update the pressed card
 * (Universal Actions: the refreshed card goes back in the `Action.Execute` invoke response; an
 * older Action.Submit card's message is updated with updateActivity), tell a plain word without
 * storage (no pacer), and remember what the invoke response should say. Teams' HTTP answer is
 * written after the turn (route.ts), so `ack` does nothing and an event that could not even be
 * stored is refused with 503 (Teams sends it again).
 *
 * @example
 *   const transport = new TeamsTransport(context, event, store);
 *   await app.pipeline.run({ event, transport });
 *   await transport.answerInvoke('Done.');  // only if the turn gave no invoke response itself
 */
import type { Activity, TurnContext } from 'botbuilder';
import type { ConversationRef, InboundEvent } from '../../bot/core/events';
import type { Logger } from '../../bot/core/log';
import type { Reply } from '../../bot/core/reply';
import type { Transport } from '../../bot/core/pipeline/transport';
import type { Store } from '../../storage/store';
import { paceTeamsSend } from './channel';
import { ADAPTIVE_CARD_ACTION, tenantOf } from './inbound';
import { executeCardResponse, executeResponse, toActivity } from './outbound';

export class TeamsTransport implements Transport {
  readonly fallback: ConversationRef;
  readonly platformRetries = true;
  /** The first words of the turn's first reply: what an invoke response says when nothing else did. */
  firstText?: string;
  private invokeAnswered = false;

  constructor(
    private readonly context: TurnContext,
    event: InboundEvent,
    private readonly store: Store,
    private readonly log: Logger,
  ) {
    this.fallback = event.conversation;
  }

  private get isInvoke(): boolean {
    return this.context.activity.type === 'invoke';
  }

  private get isExecute(): boolean {
    return this.isInvoke && this.context.activity.name === ADAPTIVE_CARD_ACTION;
  }

  async ack(): Promise<void> {
    // Teams' answer is the HTTP response, written once the turn is over (route.ts).
  }

  async send(reply: Reply): Promise<void> {
    this.firstText ??= reply.text.split('\n')[0];
    // A short answer about the press itself goes where the button was, not into the chat.
    if (this.isExecute && reply.brief && !reply.card && !this.invokeAnswered) return this.answerInvoke(reply.text);
    await paceTeamsSend(this.store, this.fallback.id, tenantOf(this.context.activity));
    await this.context.sendActivity(toActivity(reply));
  }

  async update(reply: Reply): Promise<boolean> {
    this.firstText ??= reply.text.split('\n')[0];
    if (this.isExecute && !this.invokeAnswered) {
      // Universal Actions: the refreshed card goes back in the invoke response and replaces the pressed one.
      this.invokeAnswered = true;
      await this.context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: executeCardResponse(reply) } });
      return true;
    }
    const replyToId = this.context.activity.replyToId;
    if (!replyToId) return false;
    try {
      await this.context.updateActivity({ ...toActivity(reply), id: replyToId });
      return true;
    } catch (err) {
      this.log.info({ activityId: this.context.activity.id, err }, 'teams: pressed card not updated; sending its new state');
      return false;
    }
  }

  async tell(reply: Reply): Promise<void> {
    await this.context.sendActivity(toActivity(reply));
  }

  /** Every invoke needs a non-empty invoke response, or Teams shows "Unable to reach app" and retries. */
  async answerInvoke(message: string): Promise<void> {
    if (this.invokeAnswered) return;
    this.invokeAnswered = true;
    await answerInvoke(this.context, message);
  }
}

/** The invoke response with a short message (does nothing for an activity that is not an invoke). */
export async function answerInvoke(context: TurnContext, message: string): Promise<void> {
  const activity: Partial<Activity> = context.activity;
  if (activity.type !== 'invoke') return;
  const body = activity.name === ADAPTIVE_CARD_ACTION ? executeResponse(message) : activity.name?.startsWith('task/') ? { task: { type: 'message', value: message } } : { message };
  await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body } });
}
