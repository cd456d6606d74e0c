/**
 * Need to know: who may see a consultation, and who may change or close it. Not "everyone at
 * the school": whoever raised it, the school's DSLs (deputies are listed with them), the
 * school's link workers, whoever holds it now (cover, or after escalation), and the team
 * manager see it; other school staff see only what they raised; business support sees none.
 * Only the raiser, the school's DSLs and the worker who holds it may change or close it.
 *
 * @example
 *   canSee(directory, 'staff.werneth.nurse', c);   // false unless the nurse raised it
 *   canChange(directory, 'sw.amira', c);          // true while Amira holds it
 */
import type { Directory } from '../../core/directory';
import type { Consultation } from './model';

export function isSchoolDsl(directory: Directory, personId: string, schoolId: string): boolean {
  return !!directory.school(schoolId)?.dsls.includes(personId);
}

function isTeamManager(directory: Directory, personId: string, c: Consultation): boolean {
  const team = directory.teamForSchool(c.schoolId) ?? (c.teamId ? directory.team(c.teamId) : undefined);
  return !!team && team.manager === personId;
}

export function canSee(directory: Directory, personId: string, c: Consultation): boolean {
  if (c.status === 'draft') return c.raisedBy === personId;
  return (
    c.raisedBy === personId ||
    c.holderId === personId ||
    isSchoolDsl(directory, personId, c.schoolId) ||
    directory.linkWorkersOf(c.schoolId).includes(personId) ||
    isTeamManager(directory, personId, c)
  );
}

export function canChange(directory: Directory, personId: string, c: Consultation): boolean {
  if (c.status === 'draft') return c.raisedBy === personId;
  return c.raisedBy === personId || c.holderId === personId || isSchoolDsl(directory, personId, c.schoolId);
}
