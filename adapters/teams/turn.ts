/**
 * One authenticated Teams activity, start to finish: refuse tenants the authority does not
 * serve, map to a core event, drop a repeated activity id, handle one activity at a time per
 * conversation, find who this is (aadObjectId; in Emulator mode also `as <person id>`), run the
 * core and send its replies. Every invoke gets a non-empty invoke response: the pressed card's
 * new state when the core gave one (Universal Actions), else a short message.
 *
 * A reply that cannot be sent after the core has acted is queued in the notifier's outbox
 * (retried with backoff) rather than handling the activity again, which could act twice.
 *
 * @example
 *   const outcome = await turns.run(context); // { status: 403 } for a tenant not served
 */
import type { Activity, TurnContext } from 'botbuilder';
import type { App } from '../../bot/app';
import type { InboundEvent } from '../../bot/core/events';
import type { HandleOptions } from '../../bot/core/bot';
import type { Reply } from '../../bot/core/reply';
import { NotYet } from '../../bot/scheduling/scheduler';
import { LockTimeoutError } from '../../storage/store';
import { isStorageUnavailable } from '../../storage/unavailable';
import { RETRY_AFTER_SECONDS } from './auth-failures';
import { paceTeamsSend, TENANT_ROUTES, type TenantRoute } from './channel';
import { EmulatorIdentity } from './emulator';
import { ADAPTIVE_CARD_ACTION, tenantOf, toInboundEvent } from './inbound';
import { executeCardResponse, executeResponse, toActivity } from './outbound';

/** Activity types Teams sends, the only ones a log line names. */
const KNOWN_TYPES = new Set(['message', 'invoke', 'conversationUpdate', 'installationUpdate', 'messageReaction', 'messageUpdate', 'messageDelete', 'typing', 'event', 'endOfConversation']);

export interface Outcome {
  /** Set when the HTTP answer is not botbuilder's (refused tenant, busy conversation, failure). */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TurnDeps {
  app: App;
  /** Empty in Emulator mode. */
  appId: string;
  /** Offer `as <person id>` (Emulator mode only: loopback, no authentication). */
  emulator: boolean;
  lockWaitMs?: number;
}

export class TeamsTurns {
  private readonly emulator?: EmulatorIdentity;
  private readonly servedTenants: Set<string>;
  private readonly routesKnown = new Set<string>();

  constructor(private readonly deps: TurnDeps) {
    const { services } = deps.app;
    this.emulator = deps.emulator && !deps.appId ? new EmulatorIdentity(services) : undefined;
    this.servedTenants = new Set(services.config.people.flatMap((p) => (p.teams ? [p.teams.tenantId.toLowerCase()] : [])));
  }

  async run(context: TurnContext): Promise<Outcome> {
    try {
      return await this.runTurn(context);
    } catch (err) {
      // Storage away before anything was acknowledged: Teams tries again after Retry-After.
      if (!isStorageUnavailable(err)) throw err;
      this.deps.app.services.log.warn({ activityId: context.activity.id, err }, 'teams: storage unreachable, asked Teams to try again');
      return { status: 503, body: { code: 'Unavailable', message: 'storage is unavailable for a moment, try again shortly' }, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } };
    }
  }

  private async runTurn(context: TurnContext): Promise<Outcome> {
    const { services } = this.deps.app;
    const { log, store } = services;
    const activity = context.activity;
    const isInvoke = activity.type === 'invoke';

    if (this.deps.appId) {
      const tenantId = tenantOf(activity);
      if (!tenantId || !this.servedTenants.has(tenantId.toLowerCase())) {
        log.warn({ tenantId: tenantId ?? null, activityId: activity.id, type: activity.type }, 'teams: refused an activity from a tenant this authority does not serve');
        return { status: 403, body: { code: 'Forbidden', message: 'this organisation is not served by this bot' } };
      }
    }

    await this.rememberRoute(activity);
    const event = toInboundEvent(activity, services.now());
    if (!event) {
      // type and name are free text from the request: logged only when they are ones Teams sends.
      log.debug({ activityId: activity.id, type: KNOWN_TYPES.has(activity.type) ? activity.type : 'other' }, 'teams: activity ignored');
      if (isInvoke) await this.invokeAnswer(context, "That isn't something this app does.");
      return {};
    }

    const claimKey = activity.id ? `teams:activity:${activity.id}` : undefined;
    if (claimKey && !(await store.claim(claimKey, services.config.limits.dedupeTtl))) {
      log.info({ activityId: activity.id }, 'teams: repeated activity ignored');
      if (isInvoke) await this.invokeAnswer(context, 'Already done.');
      return {};
    }
    // Teams sends both a conversationUpdate and an installationUpdate for one install: greet once.
    if (event.type === 'installed' && !(await store.claim(`teams:welcome:${event.conversation.id}`, services.config.limits.dedupeTtl))) return {};

    try {
      await store.withLock(`teams:conv:${event.conversation.id}`, () => this.handle(context, event), this.deps.lockWaitMs ? { waitMs: this.deps.lockWaitMs } : undefined);
      return {};
    } catch (err) {
      if (claimKey) await store.release(claimKey).catch(() => undefined);
      if (isStorageUnavailable(err)) throw err;
      const busy = err instanceof LockTimeoutError;
      log.error({ activityId: activity.id, conversationId: event.conversation.id, err }, busy ? 'teams: conversation busy' : 'teams: handling failed');
      return busy
        ? { status: 503, body: { code: 'Busy', message: 'try again shortly' } }
        : { status: 500, body: { code: 'Internal', message: 'internal error' } };
    }
  }

  /** Keeps each tenant's serviceUrl, so the bot can open a chat with someone there later. */
  private async rememberRoute(activity: Partial<Activity>): Promise<void> {
    const tenantId = tenantOf(activity)?.toLowerCase();
    const serviceUrl = activity.serviceUrl;
    const botId = activity.recipient?.id;
    if (!tenantId || !serviceUrl || !botId) return;
    const key = `${tenantId} ${serviceUrl} ${botId}`;
    if (this.routesKnown.has(key)) return;
    const route: TenantRoute = { serviceUrl, botId };
    await this.deps.app.services.store.put(TENANT_ROUTES, tenantId, route);
    this.routesKnown.add(key);
  }

  private async handle(context: TurnContext, event: InboundEvent): Promise<void> {
    const { app } = this.deps;
    const opts: HandleOptions = {};
    if (this.emulator) {
      const emulatorUserId = context.activity.from.id;
      const asked = this.emulator.parse(event.type === 'message' ? event.text : undefined, event.type === 'action' ? event.verb : undefined, event.type === 'action' ? event.inputs : {});
      if (asked) {
        const { reply } = await this.emulator.choose(emulatorUserId, asked.personId);
        await this.deliver(context, event, [reply], false);
        return;
      }
      if (!app.bot.identify(event)) {
        const personId = await this.emulator.actingAs(emulatorUserId);
        if (!personId) {
          await this.deliver(context, event, [this.emulator.picker()], false);
          return;
        }
        opts.personId = personId;
      }
    }
    const known = !!app.bot.identify(event, opts);
    const replies = await app.bot.handle(event, opts);
    await this.deliver(context, event, replies, known);
  }

  private async deliver(context: TurnContext, event: InboundEvent, replies: Reply[], known: boolean): Promise<void> {
    const { services } = this.deps.app;
    const tenantId = tenantOf(context.activity);
    const isExecute = context.activity.type === 'invoke' && context.activity.name === ADAPTIVE_CARD_ACTION;
    // The pressed card's new state: in the invoke response (Action.Execute), else an update.
    const replacement = event.type === 'action' ? replies.find((r) => r.replace && r.card) : undefined;
    const brief = isExecute && replies.length === 1 && replies[0].brief && !replies[0].card ? replies[0] : undefined;
    const messages = replies.filter((r) => r !== brief && !(r === replacement && (isExecute || context.activity.replyToId)));
    if (replacement && !isExecute && context.activity.replyToId) await this.updatePressed(context, replacement, messages);
    for (let i = 0; i < messages.length; i++) {
      try {
        await paceTeamsSend(services.store, event.conversation.id, tenantId);
        await context.sendActivity(toActivity(messages[i]));
      } catch (err) {
        // Waiting in line for Teams' pace is routine (debug); a refused or failed send is a warning.
        const paced = err instanceof NotYet;
        services.log[paced ? 'debug' : 'warn']({ activityId: context.activity.id, conversationId: event.conversation.id, err }, paced ? 'teams: reply paced, queued for delivery' : 'teams: reply not sent');
        if (!known) break;
        for (const later of messages.slice(i)) await services.notifier.toConversation(event.conversation, later);
        break;
      }
    }
    if (context.activity.type !== 'invoke') return;
    if (replacement && isExecute) return this.invokeCard(context, replacement);
    await this.invokeAnswer(context, replies[0]?.text.split('\n')[0] || 'Done.');
  }

  /** Action.Submit (an older card): the card's message is updated in place; if that fails it is sent anew. */
  private async updatePressed(context: TurnContext, replacement: Reply, messages: Reply[]): Promise<void> {
    try {
      await context.updateActivity({ ...toActivity(replacement), id: context.activity.replyToId });
    } catch (err) {
      this.deps.app.services.log.info({ activityId: context.activity.id, err: (err as Error).message }, 'teams: pressed card not updated; sending its new state');
      messages.unshift(replacement);
    }
  }

  /** Universal Actions: the refreshed card goes back in the invoke response and replaces the pressed one. */
  private async invokeCard(context: TurnContext, replacement: Reply): Promise<void> {
    await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: executeCardResponse(replacement) } });
  }

  private async invokeAnswer(context: TurnContext, message: string): Promise<void> {
    const activity: Partial<Activity> = context.activity;
    const body = activity.name === ADAPTIVE_CARD_ACTION ? executeResponse(message) : activity.name?.startsWith('task/') ? { task: { type: 'message', value: message } } : { message };
    await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body } });
  }
}
