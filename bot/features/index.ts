/**
 * Every feature the bot runs, in the order their commands appear in `help`.
 *
 * @example
 *   for (const f of features) f.register(router, services);
 */
import type { Feature } from '../core/services';
import { help } from './help';

export const features: Feature[] = [help];
