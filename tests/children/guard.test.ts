/**
 * The child reference guard and the free-text date-of-birth check, as a table: every example
 * from the issue, then a few hundred generated variants (dates of birth in every common UK
 * written form, names in every case and script). The figure refused / tried is printed and goes
 * in the README's "Children's data" section.
 */
import { checkReference } from '../../bot/features/consultations/child-reference';
import { checkFreeText } from '../../bot/core/free-text';
import { findDateOfBirth } from '../../bot/core/dates-of-birth';
import { firstNames, namesIn } from '../../bot/core/first-names';
import { AuthorityConfigSchema } from '../../bot/config/schema';
import { sampleConfigData, settingsFrom } from '../helpers/app';

const TODAY = new Date('2026-11-30T10:00:00Z');
const childData = settingsFrom(sampleConfigData()).config.childData;
const ref = (r: string, school?: string) => checkReference(r, childData, school, TODAY);

const ISSUE_HOSTILE_REFERENCES = [
  'ZEBULON', 'ZebQuixote', "O'Quixote", 'Zeb-Quixote', 'z quixote', 'zeb', 'Zoë', 'José', 'Siobhán', 'Зебулон',
  '030314', '3March14', 'DOB030314', 'b19072013', '19Jul2013', 'Jayden Smith', 'JS 03/04/2015',
];
const ISSUE_FREE_TEXT = ['born 19/07/2013', 'b. 19th July 2013', 'dob 19072013'];

const FIRST = ['Zebulon', 'Jayden', 'Amira', 'Oliver', 'Siobhán', 'Zoë', 'José', 'Muhammad', 'Aaliyah', 'Quixote'];
const LAST = ['Smith', 'Quixote', "O'Neill", 'McDonald', 'Nowak', 'Khan'];

function nameVariants(): string[] {
  const out: string[] = [];
  for (const f of FIRST) {
    out.push(f, f.toUpperCase(), f.toLowerCase(), `${f}.`);
    for (const l of LAST.slice(0, 3)) out.push(`${f} ${l}`.slice(0, 12), `${f[0]} ${l}`, `${f}${l}`.slice(0, 12), `${f[0]}-${l}`.slice(0, 12), `${f[0]}.${l}`.slice(0, 12).toLowerCase());
  }
  return out;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ord = (d: number) => `${d}${d % 10 === 1 && d !== 11 ? 'st' : d % 10 === 2 && d !== 12 ? 'nd' : d % 10 === 3 && d !== 13 ? 'rd' : 'th'}`;
const p2 = (n: number) => String(n).padStart(2, '0');

/** One birthday in every common UK written form. */
function dateForms(d: number, m: number, y: number): string[] {
  const mon = MONTH_NAMES[m - 1];
  const yy = p2(y % 100);
  return [
    `${d}/${m}/${y}`, `${p2(d)}/${p2(m)}/${y}`, `${p2(d)}/${p2(m)}/${yy}`, `${d}.${m}.${yy}`, `${p2(d)}-${p2(m)}-${y}`,
    `${y}-${p2(m)}-${p2(d)}`, `${p2(d)}${p2(m)}${y}`, `${p2(d)}${p2(m)}${yy}`, `${ord(d)} ${mon} ${y}`, `${d} ${mon.slice(0, 3)} ${yy}`,
    `${d}${mon.slice(0, 3)}${y}`, `${d}${mon}${yy}`, `${mon} ${ord(d)}, ${y}`, `${d}-${mon.slice(0, 3)}-${y}`, `the ${ord(d)} of ${mon} ${y}`,
    `${d} ${mon.slice(0, 3)}. '${yy}`,
  ];
}

const BIRTHDAYS: [number, number, number][] = [
  [19, 7, 2013], [3, 3, 2014], [1, 1, 2010], [31, 12, 2008], [29, 2, 2016], [12, 11, 2019], [5, 9, 2003], [23, 4, 2022],
];

describe('child reference guard: allows, rather than guesses', () => {
  it.each(['JS', 'js', 'J.S.', 'J S', 'JSK', 'J.S.K.W', 'KM', '40213', 'ZQ7', 'AB-12', 'K7', 'GP12'])('accepts %s', (r) => {
    expect(ref(r)).toBeUndefined();
  });

  it.each(ISSUE_HOSTILE_REFERENCES)('refuses the issue example %s, without echoing it', (r) => {
    const why = ref(r);
    expect(why).toBeDefined();
    expect(why).not.toContain(r);
  });

  it('gives a date reason for dates and a name reason for names', () => {
    expect(ref('DOB030314')).toMatch(/date/);
    expect(ref('19Jul2013')).toMatch(/date/);
    expect(ref('Zeb-Quixote')).toMatch(/name/);
    expect(ref('AMY')).toMatch(/name/);
    expect(ref('A.M.Y.')).toBeUndefined();
  });

  it("a school's own pattern is allowed at that school only, and bad patterns stop start-up naming the field", () => {
    const data = sampleConfigData();
    data.childData = { references: { schools: { werneth: '^UPN[0-9]{4}$' } } };
    const cd = AuthorityConfigSchema.parse(data).childData;
    expect(checkReference('UPN1234', cd, 'werneth', TODAY)).toBeUndefined();
    expect(checkReference('UPN1234', cd, 'greave', TODAY)).toBeDefined();
    data.childData = { references: { pupilNumber: '([0-9' } };
    const bad = AuthorityConfigSchema.safeParse(data);
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues.map((i) => i.path))).toContain('pupilNumber');
    data.childData = { references: { schools: { nowhere: '^[0-9]+$' } } };
    expect(AuthorityConfigSchema.safeParse(data).error?.issues[0].message).toContain('not a school');
  });
});

describe('free text: dates of birth refused, first names warned of', () => {
  it.each(ISSUE_FREE_TEXT)('refuses the issue example "%s"', (t) => {
    expect(checkFreeText(`Y9 JS, ${t}, said dad hit him`, TODAY)).toMatch(/date of birth/);
  });

  it.each([
    'seen on 3 March about attendance',
    'TAS meeting on 12/12/2026 at 9.30',
    'spent 3.5 hours, call MASH on 0161 474 1234',
    'Y9 JS said her mum was not home on Monday',
    'due by 2026-12-04',
    'ref 40213 in year 10',
  ])('lets "%s" through', (t) => {
    expect(checkFreeText(t, TODAY)).toBeUndefined();
  });

  it('finds common first names as words, whatever the case or accents; config adds and ignores', () => {
    const names = firstNames(childData.firstNames);
    expect(namesIn('spoke to JAYDEN and zoë at lunch', names)).toEqual(['JAYDEN', 'zoë']);
    expect(namesIn('will may hope to attend; grace period', names)).toEqual([]);
    const own = firstNames({ add: ['Zebulon'], ignore: ['Jayden'] });
    expect(namesIn('Zebulon and Jayden', own)).toEqual(['Zebulon']);
  });

  it('a table of the issue examples and generated variants: every date of birth and every name refused', () => {
    const refs = [...ISSUE_HOSTILE_REFERENCES, ...nameVariants(), ...BIRTHDAYS.flatMap(([d, m, y]) => dateForms(d, m, y).filter((f) => f.length <= 12))];
    const texts = [
      ...ISSUE_FREE_TEXT,
      ...BIRTHDAYS.flatMap(([d, m, y]) => dateForms(d, m, y).flatMap((f) => [`Y9 JS ${f} dad shouted`, `born ${f}`, `dob: ${f}`])),
      ...BIRTHDAYS.map(([d, m]) => `born ${ord(d)} ${MONTH_NAMES[m - 1]}`),
      ...BIRTHDAYS.map(([d, m]) => `b. ${d}/${m}`),
      ...BIRTHDAYS.map(([d, m]) => `birthday ${d} ${MONTH_NAMES[m - 1].slice(0, 3)}`),
    ];
    const missedRefs = refs.filter((r) => ref(r) === undefined);
    const missedTexts = texts.filter((t) => checkFreeText(t, TODAY) === undefined);
    const tried = refs.length + texts.length;
    const refused = tried - missedRefs.length - missedTexts.length;
    process.stdout.write(`child data guard: ${refused} refused of ${tried} tried (${refs.length} references, ${texts.length} free-text lines)\n`);
    expect({ missedRefs, missedTexts }).toEqual({ missedRefs: [], missedTexts: [] });
    expect(tried).toBeGreaterThan(300);
  });

  it('finds the date itself, for every form of one birthday', () => {
    for (const f of dateForms(19, 7, 2013)) expect([f, findDateOfBirth(`x ${f} y`, TODAY)]).toEqual([f, expect.any(String)]);
  });
});
