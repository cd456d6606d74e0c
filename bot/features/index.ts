/**
 * Every feature the bot runs, in the order their commands appear in `help`.
 * Each feature lives in its own folder and is registered here once.
 *
 * @example
 *   for (const f of features) f.register(router, services);
 */
import type { Feature } from '../core/services';
import { consultations } from './consultations';
import { dashboard } from './dashboard';
import { directory } from './directory';
import { digest } from './digest';
import { dropIns } from './dropins';
import { evidence } from './evidence';
import { freeText } from './free-text';
import { help } from './help';
import { records } from './records';
import { tas } from './tas';

export const features: Feature[] = [help, consultations, dropIns, tas, digest, records, directory, dashboard, evidence, freeText];
