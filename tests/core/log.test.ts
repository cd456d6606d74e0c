/**
 * The logger's error serializer: stack frames, type, code and the cause chain are kept; what an
 * error message quotes from a request (JSON.parse quotes the body it choked on) is redacted, and
 * the error's other properties (request options, response bodies) are dropped.
 */
import { Writable } from 'node:stream';
import { SwisError } from '../../bot/core/errors';
import { createLogger } from '../../bot/core/log';

function logged(err: unknown): any {
  let line = '';
  const log = createLogger('info', new Writable({ write: (c, _e, cb) => { line += String(c); cb(); } }) as never);
  log.error({ err }, 'failed');
  return JSON.parse(line).err;
}

describe('the error serializer', () => {
  it('keeps the stack and code, redacts quoted values, follows the cause, drops other properties', () => {
    let parseError: Error;
    try {
      JSON.parse('Zebulon Quixote born 19/07/2013');
      throw new Error('unreachable');
    } catch (e) {
      parseError = e as Error;
    }
    const err = Object.assign(new SwisError('storage_unreachable', 'could not save', { cause: parseError }), { request: { headers: { authorization: 'Bearer secret-token' } } });
    const out = logged(err);
    expect(out).toMatchObject({ type: 'SwisError', code: 'storage_unreachable', message: 'could not save' });
    expect(out.stack).toMatch(/^SwisError: could not save\n\s+at /);
    expect(out.cause.type).toBe('SyntaxError');
    const all = JSON.stringify(out);
    for (const secret of ['Zebulon', 'Quixote', '19/07/2013', 'secret-token']) expect(all).not.toContain(secret);
  });
});
