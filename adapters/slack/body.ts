/**
 * Reads a Slack request body by hand (the shared server has no body parser, and the signature
 * must be checked over the exact bytes), then parses the three shapes Slack sends to one URL:
 * Events API JSON, form-encoded slash commands, and form-encoded interactivity (`payload=`).
 *
 * @example
 *   const raw = await readRaw(req, MAX_BODY_BYTES);         // throws BodyError(413) when too big
 *   const body = parseBody(req.headers['content-type'], raw); // throws BodyError(400 | 415)
 */
import type { IncomingMessage } from 'node:http';

/** Slack payloads are small; a view submission with 100 blocks stays far below this. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

export type SlackBody = Record<string, unknown>;

export async function readRaw(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyError(413, 'body too large');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > limit) throw new BodyError(413, 'body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** JSON for events; for forms, the `payload` JSON (interactivity) or the fields (slash command). */
export function parseBody(contentType: string | undefined, raw: Buffer): SlackBody {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const text = raw.toString('utf8');
  if (type === 'application/json') return object(text);
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(text);
    const payload = form.get('payload');
    if (payload !== null) return object(payload);
    const fields = Object.fromEntries(form.entries());
    if (!fields.command && !fields.ssl_check) throw new BodyError(400, 'form without command or payload');
    return fields;
  }
  throw new BodyError(415, 'unsupported content type');
}

function object(text: string): SlackBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BodyError(400, 'malformed JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new BodyError(400, 'body is not an object');
  return value as SlackBody;
}
