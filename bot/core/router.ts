/**
 * Routes an inbound event to a feature's handler, with listeners registered by kind:
 * text commands (one or more words, e.g. "tas agenda"), natural phrases that stand for a
 * command, card actions by verb, and the installed event. Roles gate who may use what.
 *
 * @example
 *   router.command({ name: 'book', summary: 'Book a drop-in slot', roles: ['dsl', 'school_staff'] }, book);
 *   router.phrase(/\bbook (a )?drop[- ]?in\b/i, 'book');
 *   router.action(DROPIN.pick, (turn, { slot }) => hold(turn, slot)); // a verb declared with defineAction
 */
import type { z } from 'zod';
import type { Role } from '../config/schema';
import type { ActionDef, ActionSchema } from './actions';
import type { Turn } from './turn';

export type Handler = (turn: Turn) => Promise<void>;

/** A card action's handler: the turn and the press's data, parsed by the verb's schema. */
export type ActionHandler<D> = (turn: Turn, data: D) => Promise<void>;

/** The brief answer to a press whose data does not fit its verb (an old or altered card). */
export const BAD_ACTION_DATA = "That button's details didn't come through as expected, so nothing was done. Type help to start again.";

export interface CommandSpec {
  /** Lower-case words, e.g. "consult" or "tas actions". */
  name: string;
  aliases?: string[];
  /** Who may use it; everyone in the directory when absent. */
  roles?: Role[];
  /** One line for `help`. */
  summary: string;
  /** How to type it, e.g. "log 10m direct work Y9 attendance". */
  usage?: string;
  /** Shows something about a child: its replies only ever go to a 1:1 chat. */
  private?: boolean;
}

/** Told when someone's words mean a child may be in danger now; true when it answered fully. */
export type DangerListener = (turn: Turn, route: string | undefined) => Promise<boolean | void>;

interface Command {
  spec: CommandSpec;
  handler: Handler;
}

export interface Resolved {
  handler: Handler;
  /** Text after the command words. */
  args: string;
  roles?: Role[];
  name: string;
  private?: boolean;
}

export class Router {
  private readonly commands: Command[] = [];
  private readonly words = new Map<string, Command>();
  private readonly phrases: { pattern: RegExp; command: string }[] = [];
  private readonly actions = new Map<string, { handler: Handler; roles?: Role[]; private?: boolean }>();
  readonly dangerListeners: DangerListener[] = [];
  private readonly privatePrefixes: string[] = [];
  private installedHandler?: Handler;
  private fallbackHandler?: Handler;

  command(spec: CommandSpec, handler: Handler): void {
    const c = { spec, handler };
    for (const w of [spec.name, ...(spec.aliases ?? [])]) {
      const key = normalise(w);
      if (this.words.has(key)) throw new Error(`command "${key}" is registered twice`);
      this.words.set(key, c);
    }
    this.commands.push(c);
  }

  /** Natural wording that means a command ("is this a MASH referral?" means consult). */
  phrase(pattern: RegExp, command: string): void {
    this.phrases.push({ pattern, command: normalise(command) });
  }

  /**
   * Registers the handler of a declared verb. The press's data is parsed with the verb's schema
   * first: data that does not fit is refused briefly and logged by verb and field names. It is
   * read as the handler has always read it (`turn.values`: the button's data with the form's
   * inputs), so a field chosen from a choice list folded from buttons (cards/layout.ts) counts.
   */
  action<S extends ActionSchema>(def: ActionDef<string, S>, handler: ActionHandler<z.output<S>>, opts: { roles?: Role[]; private?: boolean } = {}): void {
    const { verb } = def;
    if (this.actions.has(verb)) throw new Error(`action "${verb}" is registered twice`);
    const parsed: Handler = async (turn) => {
      const read = def.read(turn.values);
      if (read.ok) return handler(turn, read.data);
      turn.services.log.warn({ verb, fields: read.fields, personId: turn.person.id }, 'card action refused: its data does not fit the verb');
      turn.reply({ text: BAD_ACTION_DATA, brief: true });
    };
    this.actions.set(verb, { handler: parsed, roles: opts.roles, private: opts.private });
  }

  /** Every action whose verb starts with `prefix` shows something about a child: 1:1 only. */
  privateActions(prefix: string): void {
    this.privatePrefixes.push(prefix);
  }

  /** Runs when danger wording is found in a message or form, after the core's own 999 answer. */
  onDanger(listener: DangerListener): void {
    this.dangerListeners.push(listener);
  }

  installed(handler: Handler): void {
    this.installedHandler = handler;
  }

  /** What runs when no command or phrase matches a message. */
  fallback(handler: Handler): void {
    this.fallbackHandler = handler;
  }

  hasAction(verb: string): boolean {
    return this.actions.has(verb);
  }

  hasCommand(name: string): boolean {
    return this.words.has(normalise(name));
  }

  /** Commands this person may use, in registration order. */
  commandsFor(roles: Role[]): CommandSpec[] {
    return this.commands.filter((c) => allowed(c.spec.roles, roles)).map((c) => c.spec);
  }

  resolveText(text: string): Resolved | undefined {
    const clean = normalise(text.replace(/^\/?(swis\s+)?/i, ''));
    const tokens = clean.split(' ');
    for (let n = Math.min(tokens.length, 3); n >= 1; n--) {
      const c = this.words.get(tokens.slice(0, n).join(' '));
      if (c) {
        const raw = text.trim().replace(/^\/?(swis\s+)?/i, '').split(/\s+/).slice(n).join(' ');
        return { handler: c.handler, args: raw, roles: c.spec.roles, name: c.spec.name, private: c.spec.private };
      }
    }
    for (const p of this.phrases) {
      if (p.pattern.test(text)) {
        const c = this.words.get(p.command);
        if (c) return { handler: c.handler, args: '', roles: c.spec.roles, name: c.spec.name, private: c.spec.private };
      }
    }
    return this.fallbackHandler ? { handler: this.fallbackHandler, args: text.trim(), name: 'fallback' } : undefined;
  }

  resolveAction(verb: string): Resolved | undefined {
    const a = this.actions.get(verb);
    return a && { handler: a.handler, args: '', roles: a.roles, name: verb, private: a.private || this.privatePrefixes.some((p) => verb.startsWith(p)) };
  }

  resolveInstalled(): Resolved | undefined {
    return this.installedHandler && { handler: this.installedHandler, args: '', name: 'installed' };
  }
}

export function allowed(required: Role[] | undefined, has: Role[]): boolean {
  return !required || required.some((r) => has.includes(r));
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[?!.,]+$/g, '')
    .trim()
    .replace(/\s+/g, ' ');
}
