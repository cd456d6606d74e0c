/**
 * A benchmark authority: the sample configuration plus `n` generated school staff spread over
 * the ten schools, half on Teams (one tenant per school) and half on Slack, so load comes from
 * many different people (as it would on a school morning) rather than the same few
 * conversations.
 *
 * @example
 *   const { file, people } = writeBenchConfig(1000); // BOT_CONFIG=file
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { SAMPLE_CONFIG_PATH } from '../../bot/config/load';

export interface BenchPerson {
  id: string;
  platform: 'teams' | 'slack';
  aadObjectId?: string;
  tenantId?: string;
  userId?: string;
  teamId?: string;
}

export const BENCH_TENANT = '11111111-2222-4333-8444-555555555555';
export const BENCH_WORKSPACE = 'T0SWIS0001';

/**
 * Schools commonly run their own Microsoft 365 tenant, and Teams limits a bot to 50 requests/s
 * per tenant, which the bot honours; so bench staff sit in one tenant per school.
 */
export function schoolTenant(school: number): string {
  return `bbbbbbbb-1111-4111-8111-${String(school).padStart(12, '0')}`;
}

/**
 * @param tenants how many Microsoft 365 tenants the Teams people are spread over (default: one
 * per school). Teams allows a bot 50 requests/s per tenant, and the bot paces itself to that.
 */
export function writeBenchConfig(n: number, tenants?: number): { file: string; people: BenchPerson[] } {
  const data = YAML.parse(fs.readFileSync(SAMPLE_CONFIG_PATH, 'utf8'));
  const people: BenchPerson[] = [];
  for (let i = 0; i < n; i++) {
    // Pairs of people (one Teams, one Slack) per school, so every school and tenant gets load.
    const schoolIndex = Math.floor(i / 2) % data.schools.length;
    const school = data.schools[schoolIndex];
    const id = `bench.staff.${i}`;
    const hex = i.toString(16).padStart(12, '0');
    const p: BenchPerson =
      i % 2 === 0
        ? { id, platform: 'teams', aadObjectId: `bbbbbbbb-0000-4000-8000-${hex}`, tenantId: schoolTenant(tenants ? Math.floor(i / 2) % tenants : schoolIndex) }
        : { id, platform: 'slack', userId: `UB${String(i).padStart(7, '0')}`, teamId: BENCH_WORKSPACE };
    people.push(p);
    data.people.push({
      id,
      name: `Bench Staff ${i}`,
      roles: ['school_staff'],
      ...(p.platform === 'teams' ? { teams: { aadObjectId: p.aadObjectId, tenantId: p.tenantId } } : { slack: { userId: p.userId, teamId: p.teamId } }),
    });
    school.staff = [...(school.staff ?? []), id];
  }
  const file = path.join(os.tmpdir(), `swis-bench-${process.pid}-${n}-${tenants ?? 'schools'}.yaml`);
  fs.writeFileSync(file, YAML.stringify(data));
  return { file, people };
}
