/** Weekly workload digest, quick log and export (issue 9). */
import type { Feature } from '../../core/services';

export const digest: Feature = { name: 'digest', register() {} };
