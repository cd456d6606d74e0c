/**
 * The platform-neutral inbound event every adapter produces and the core consumes.
 * `bot/` never sees Teams activities or Slack payloads, only these.
 *
 * @example
 *   const event: InboundEvent = {
 *     id: 'teams:abc', platform: 'teams', receivedAt: new Date(),
 *     user: { platform: 'teams', userId: '00000000-…', tenantId: '1111…' },
 *     conversation: { platform: 'teams', id: 'a:1', kind: 'personal', address: { … } },
 *     type: 'message', text: 'is this a MASH referral?',
 *   };
 */
export type Platform = 'teams' | 'slack' | 'console';

/** Who sent it, as the platform knows them. */
export interface PlatformUser {
  platform: Platform;
  /** Teams: aadObjectId. Slack: user id. Console: person id. */
  userId: string;
  /** Teams: tenant id. Slack: team (workspace) id. */
  tenantId?: string;
  /** As the platform shows it; never stored for people outside the directory. */
  displayName?: string;
}

/**
 * Where to reply, now or later. `address` is opaque to the core: each adapter stores what it
 * needs to send proactively (Teams: a ConversationReference with serviceUrl; Slack: channel id).
 */
export interface ConversationRef {
  platform: Platform;
  id: string;
  kind: 'personal' | 'group' | 'channel';
  /** Reply in this thread (Slack thread_ts, Teams reply chain id) when set. */
  threadId?: string;
  address: Record<string, unknown>;
}

interface EventBase {
  /** Platform event id, prefixed by platform, for dedupe. */
  id: string;
  platform: Platform;
  user: PlatformUser;
  conversation: ConversationRef;
  receivedAt: Date;
}

export interface MessageEvent extends EventBase {
  type: 'message';
  /**
   * With any @mention of the bot already removed. Mentions of other people are written as
   * `@<name>` in the text, in the order they appear in `mentions`.
   */
  text: string;
  /** People (not the bot) mentioned in the message, as the platform identifies them. */
  mentions?: { user: PlatformUser; text: string }[];
}

/** A button press or a form submission. */
export interface ActionEvent extends EventBase {
  type: 'action';
  verb: string;
  data: Record<string, string>;
  /** Input values by input id; multi-selects as comma-separated strings. */
  inputs: Record<string, string>;
}

/** The app was installed or the person was added to a conversation with the bot. */
export interface InstalledEvent extends EventBase {
  type: 'installed';
}

export type InboundEvent = MessageEvent | ActionEvent | InstalledEvent;
