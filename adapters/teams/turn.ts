/**
 * One authenticated Teams activity, translated and handed to the core's turn pipeline: refuse
 * tenants the authority does not serve, remember the tenant's route, map to a core event,
 * offer the Emulator's `as <person id>` (Emulator mode only), and run it through the pipeline
 * with a Teams transport. Dedupe (a repeated activity id; the two install activities greet
 * once), the per-conversation lock, delivery with the outbox as fallback and the failure policy
 * (the person is always told) are the pipeline's, the same as Slack's and the terminal's. Every
 * invoke gets a non-empty invoke response: the pressed card's new state when the core gave one
 * (Universal Actions), else a short message.
 *
 * @example
 *   const outcome = await turns.run(context); // { status: 403 } for a tenant not served
 */
import type { Activity, TurnContext } from 'botbuilder';
import type { App } from '../../bot/app';
import type { Identify } from '../../bot/core/pipeline/pipeline';
import { RETRY_AFTER_SECONDS } from './auth-failures';
import { TENANT_ROUTE_DOC, type TenantRoute } from './documents';
import { EmulatorIdentity } from './emulator';
import { tenantOf, toInboundEvent } from './inbound';
import { answerInvoke, TeamsTransport } from './transport';

/** Activity types Teams sends, the only ones a log line names. */
const KNOWN_TYPES = new Set(['message', 'invoke', 'conversationUpdate', 'installationUpdate', 'messageReaction', 'messageUpdate', 'messageDelete', 'typing', 'event', 'endOfConversation']);

export interface Outcome {
  /** Set when the HTTP answer is not botbuilder's (refused tenant, storage away). */
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
  private readonly routesKnown = new Set<string>();

  constructor(private readonly deps: TurnDeps) {
    const { services } = deps.app;
    this.emulator = deps.emulator && !deps.appId ? new EmulatorIdentity(services) : undefined;
  }

  async run(context: TurnContext): Promise<Outcome> {
    const { app } = this.deps;
    const { log } = app.services;
    const activity = context.activity;

    if (this.deps.appId) {
      const tenantId = tenantOf(activity);
      if (!tenantId || !app.services.directory.servesTeamsTenant(tenantId)) {
        log.warn({ tenantId: tenantId ?? null, activityId: activity.id, type: activity.type }, 'teams: refused an activity from a tenant this authority does not serve');
        return { status: 403, body: { code: 'Forbidden', message: 'this organisation is not served by this bot' } };
      }
    }

    // Kept beside the turn, not before it: its write shares the event's round trip to the store.
    const routing = this.rememberRoute(activity).catch((err: unknown) => log.warn({ activityId: activity.id, err }, 'teams: could not keep the tenant route'));
    try {
      return await this.runEvent(context);
    } finally {
      await routing;
    }
  }

  private async runEvent(context: TurnContext): Promise<Outcome> {
    const { app } = this.deps;
    const { log, store } = app.services;
    const activity = context.activity;
    const event = toInboundEvent(activity, app.services.now());
    const transport = event && new TeamsTransport(context, event, store, log);
    if (!event || !transport) {
      // type and name are free text from the request: logged only when they are ones Teams sends.
      log.debug({ activityId: activity.id, type: KNOWN_TYPES.has(activity.type) ? activity.type : 'other' }, 'teams: activity ignored');
      await answerInvoke(context, "That isn't something this app does.");
      return {};
    }
    // Teams sends both a conversationUpdate and an installationUpdate for one install: greet once.
    const key = event.type === 'installed' ? `teams:welcome:${event.conversation.id}` : undefined;
    const outcome = await app.pipeline.run({ event, transport, key, identify: this.identify(context), lockWaitMs: this.deps.lockWaitMs });
    if (outcome === 'not-stored') {
      // Nothing was taken: Teams sends it again after Retry-After.
      log.warn({ activityId: activity.id }, 'teams: storage unreachable, asked Teams to try again');
      return { status: 503, body: { code: 'Unavailable', message: 'storage is unavailable for a moment, try again shortly' }, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } };
    }
    await transport.answerInvoke(outcome === 'duplicate' ? 'Already done.' : transport.firstText || 'Done.');
    return {};
  }

  /** Emulator mode: `as <person id>` chooses who this is; someone not chosen yet is shown the picker. */
  private identify(context: TurnContext): Identify | undefined {
    const emulator = this.emulator;
    if (!emulator) return undefined;
    const { app } = this.deps;
    return async (event) => {
      const emulatorUserId = context.activity.from.id;
      const asked = emulator.parse(event.type === 'message' ? event.text : undefined, event.type === 'action' ? event.verb : undefined, event.type === 'action' ? event.inputs : {});
      if (asked) return { replies: [(await emulator.choose(emulatorUserId, asked.personId)).reply] };
      if (app.bot.identify(event)) return {};
      const personId = await emulator.actingAs(emulatorUserId);
      return personId ? { personId } : { replies: [emulator.picker()] };
    };
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
    await TENANT_ROUTE_DOC.put(this.deps.app.services.store, tenantId, route);
    this.routesKnown.add(key);
  }
}
