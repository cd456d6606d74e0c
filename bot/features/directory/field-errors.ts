/**
 * Turns the configuration schema's issues with a directory change into the form's field
 * errors: the path the schema names ("people.31.teams.tenantId", "schools.0.linkWorkers",
 * "covers.2.to") becomes the input it came from, in words business support can act on.
 *
 * @example
 *   fieldErrors(issues, services, 'id')
 *   // { id: 'must be lower-case letters, digits, dot, dash or underscore', schools: 'Werneth School would have no link worker left.' }
 */
import type { DirectoryIssue } from '../../core/directory-changes';
import type { Services } from '../../core/services';

function personField(rest: (string | number)[]): string {
  if (rest[0] === 'teams') return rest[1] === 'tenantId' ? 'teamsTenant' : 'teamsUser';
  if (rest[0] === 'slack') return rest[1] === 'teamId' ? 'slackTeam' : 'slackUser';
  return typeof rest[0] === 'string' ? rest[0] : 'id';
}

function fieldOf(path: (string | number)[]): string | undefined {
  const [head, second] = path;
  switch (head) {
    case 'person':
      return typeof second === 'string' ? personField(path.slice(1)) : 'person';
    case 'people':
      return personField(path.slice(2));
    case 'cover':
      return typeof second === 'string' ? second : undefined;
    case 'covers':
      return typeof path[2] === 'string' ? path[2] : undefined;
    case 'teams':
    case 'team':
      return 'team';
    case 'schools':
    case 'roles':
      return head;
    default:
      return undefined;
  }
}

/** The schema's words, or plainer ones where the schema's are a type checker's. */
function wording(issue: DirectoryIssue, services: Services): string {
  const [head, index, list] = issue.path;
  if (head === 'schools' && typeof index === 'number' && typeof list === 'string' && issue.path.length === 3) {
    const school = services.directory.current().schools[index]?.name ?? 'A school';
    if (list === 'linkWorkers') return `${school} would have no link worker left; link another worker first.`;
  }
  if (/^(Too small|Invalid input|Invalid string)/.test(issue.message)) return issue.path.at(-1) === 'roles' ? 'Choose at least one role.' : 'Fill this in.';
  return issue.message.replace(/^"from"/, 'The first day').replace(/"to"$/, 'the last day');
}

/** Field id -> message, the first issue per field; issues with no field go on `fallback`. */
export function fieldErrors(issues: DirectoryIssue[], services: Services, fallback: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const field = fieldOf(issue.path) ?? fallback;
    out[field] ??= wording(issue, services);
  }
  return out;
}
