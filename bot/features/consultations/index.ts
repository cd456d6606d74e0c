/** "Is this a MASH referral?": consultations from school to link social worker (issue 6). */
import type { Feature } from '../../core/services';

export const consultations: Feature = { name: 'consultations', register() {} };
