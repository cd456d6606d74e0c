/**
 * Loads and validates the environment and the authority's configuration file at start-up.
 * A problem stops start-up with one line naming the file, the field and what is wrong.
 *
 * @example
 *   const { env, config, source } = loadSettings(process.env);
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { SwisError } from '../core/errors';
import type { ZodError } from 'zod';
import { AuthorityConfigSchema, EnvSchema, type AuthorityConfig, type Env } from './schema';

export const SAMPLE_CONFIG_PATH = path.join(__dirname, 'sample.yaml');

/** A configuration problem, with a message fit to print as it is (no stack trace needed). */
export class ConfigError extends SwisError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('config_invalid', message, options);
  }
}

export interface Settings {
  env: Env;
  config: AuthorityConfig;
  /** Where the configuration came from (a path), for the start-up log line. */
  source: string;
}

function describe(error: ZodError, where: string): string {
  const lines = error.issues.slice(0, 5).map((issue) => {
    const field = issue.path.length ? issue.path.join('.') : '(top level)';
    return `${where}: field "${field}": ${issue.message}`;
  });
  if (error.issues.length > 5) lines.push(`...and ${error.issues.length - 5} more problems`);
  return lines.join('\n');
}

/** Validates environment variables; empty strings count as unset. */
export function loadEnv(raw: NodeJS.ProcessEnv): Env {
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) throw new ConfigError(describe(parsed.error, 'environment'));
  return parsed.data;
}

/** Parses a configuration text (YAML is a superset of JSON, so one parser reads both). */
export function parseConfig(text: string, where: string): AuthorityConfig {
  let data: unknown;
  try {
    data = YAML.parse(text);
  } catch (err) {
    throw new ConfigError(`${where}: not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  const parsed = AuthorityConfigSchema.safeParse(data);
  if (!parsed.success) throw new ConfigError(describe(parsed.error, where));
  return parsed.data;
}

export function loadConfigFile(file: string): AuthorityConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseConfig(text, file);
}

export function loadSettings(raw: NodeJS.ProcessEnv = process.env): Settings {
  const env = loadEnv(raw);
  const source = env.BOT_CONFIG ? path.resolve(env.BOT_CONFIG) : SAMPLE_CONFIG_PATH;
  return { env, config: loadConfigFile(source), source };
}
