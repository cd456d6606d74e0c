/**
 * Evidence a council can use (issue 19): the MASH outcome loop (asking the school what
 * happened after advice to refer), re-referral and oversight flags, the worker's caseload,
 * correcting a consultation's activity type, the termly DSL confidence pulse, and the `report`
 * command that prints the service's figures per school and term.
 *
 * @example
 *   // manager: "report this term"  -> tables like the 2020 final report's, from the activity log
 *   // worker:  "caseload 14"       -> shown in the weekly digest beside school time
 *   // DSL (next working day after advice to refer): "Did you make the referral? What did the MASH decide?"
 */
import type { Feature } from '../../core/services';
import { registerActivityType } from './activity-type';
import { registerCaseload } from './caseload';
import { evidenceHook } from './hooks';
import { registerOutcomeLoop } from './outcome-loop';
import { registerPulse } from './pulse';
import { EvidenceRecords } from './records';
import { registerReport } from './report-command';

export const evidence: Feature = {
  name: 'evidence',
  register(router, services) {
    const records = new EvidenceRecords(services.store);
    services.activityLog.use(evidenceHook(services, records));
    registerOutcomeLoop(router, services, records);
    registerCaseload(router, services);
    registerActivityType(router, services);
    registerPulse(router, services);
    registerReport(router, services);
  },
};
