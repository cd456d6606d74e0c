/**
 * One booking end to end through each platform: the real server with the adapter mounted, a
 * local Bot Connector / Slack Web API on loopback, people pressing the buttons the bot rendered.
 * These run on the real clock, so the term is set around today and the timetable starts today.
 */
import { pressableBlocks } from '../cards/pressable';
import { DateTime } from 'luxon';
import { sampleConfigData } from '../helpers/app';
import { startSlack, type SlackTest, modalState } from '../slack/harness';
import { startTeams, type TeamsTest, cardActions, shownText } from '../teams/harness';

const today = DateTime.now().setZone('Europe/London');
const date = (d: DateTime) => d.toISODate()!;

function termAroundToday(data: Record<string, any>): void {
  data.authority.terms = [{ name: 'Test term', from: date(today.minus({ days: 7 })), to: date(today.plus({ days: 60 })) }];
  data.authority.closures = [];
}

const SETUP = {
  school: 'werneth',
  weekdays: 'mon,tue,wed,thu,fri',
  start: '08:00',
  end: '18:00',
  slotMinutes: '60',
  capacity: '1',
  audience: 'staff,parents',
  place: 'SWIS office, room 12',
  firstDate: date(today),
  lastDate: date(today.plus({ days: 21 })),
};



describe('a drop-in booked end to end on Teams', () => {
  let t: TeamsTest;
  beforeEach(async () => {
    t = await startTeams({ config: termAroundToday });
  });
  afterEach(() => t.close());

  it('Amira sets up a timetable, Priya books from the card, Amira is told in her Teams chat', async () => {
    const amira = t.person('sw.amira');
    const priya = t.person('dsl.werneth');

    await t.post(t.activities.personal(amira, 'dropin setup'));
    const [form] = await t.connector.waitForSent(1);
    expect(JSON.stringify(form.body.attachments[0].content)).toContain('"id":"weekdays"');
    t.connector.clear();
    await t.post(t.activities.submit(amira, 'dropin.setup.save', {}, SETUP));
    const [setUp] = await t.connector.waitForSent(1);
    expect(shownText(setUp)).toMatch(/^Drop-ins set up at Werneth School/);
    t.connector.clear();

    await t.post(t.activities.personal(priya, 'book a drop-in'));
    const [list] = await t.connector.waitForSent(1);
    const pick = cardActions(list).find((a) => a.verb === 'dropin.pick')!;
    expect(pick.title).toMatch(/with Amira$/);
    t.connector.clear();

    await t.post(t.activities.submit(priya, pick.verb, pick.data));
    const [hold] = await t.connector.waitForSent(1);
    expect(shownText(hold)).toMatch(/^Holding .* for you for 10m/);
    const confirm = cardActions(hold).find((a) => a.verb === 'dropin.confirm')!;
    t.connector.clear();

    // Universal Actions: the confirm form pressed turns into the booking's final state in place.
    const res = await t.post(t.activities.execute(priya, confirm.verb, { swis: { verb: confirm.verb, data: confirm.data }, topic: 'attendance worries', for: 'staff' }));
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(res.body.value)).toMatch(/Drop-in booked.*Booked by Priya at \d\d:\d\d/);
    expect(cardActions({ body: { attachments: [{ content: res.body.value }] } })).toEqual([]);
    await t.settle();
    const sent = await t.connector.waitForSent(1);
    const toAmira = sent.find((s) => s.conversationId === `a:personal-${amira.aadObjectId}`)!;
    expect(shownText(toAmira)).toMatch(/^New drop-in booking: Priya Shah \(Werneth School\), .* Topic: attendance worries.$/);
    expect(toAmira.replyToId).toBeUndefined();
  });
});

describe('a drop-in booked end to end on Slack', () => {
  let s: SlackTest;
  beforeEach(async () => {
    const data = sampleConfigData();
    termAroundToday(data);
    s = await startSlack({ config: data });
  });
  afterEach(() => s.close());

  it('Priya books from the buttons in her DM, confirms in the modal, and Amira gets a DM', async () => {
    const AMIRA = 'U0SWIS0004';
    const PRIYA = 'U0SWIS0010';
    await s.send(s.command(AMIRA, 'dropin setup'));
    await s.idle();
    const [setupModal] = await s.fake.waitFor('views.open');
    expect(setupModal.params.view.callback_id).toBe('dropin.setup.save');
    await s.send(s.submit(AMIRA, 'dropin.setup.save', modalState(setupModal.params.view, SETUP), setupModal.params.view.private_metadata));
    await s.idle();
    const posts = () => s.fake.of('chat.postMessage');
    expect(posts().at(-1)!.params).toMatchObject({ channel: 'D0SWIS0004', text: expect.stringMatching(/^Drop-ins set up at Werneth School/) });

    await s.send(s.dm(PRIYA, 'book'));
    await s.idle();
    const list = posts().at(-1)!;
    expect(list.params.channel).toBe('D0SWIS0010');
    // Five slots show as a drop-down and one Book button on a phone: choosing one sends its slot.
    const pickButton = pressableBlocks(list.params.blocks).find((v) => v.verb === 'dropin.pick')!;
    expect(pickButton).toBeDefined();

    await s.send(s.click(PRIYA, 'dropin.pick', pickButton.data));
    await s.idle();
    const open = (await s.fake.waitFor('views.open', 2))[1];
    expect(open.params.view.callback_id).toBe('dropin.confirm');
    const blockIds = open.params.view.blocks.map((b: any) => b.block_id);
    expect(blockIds).toEqual(expect.arrayContaining(['for', 'topic']));

    const res = await s.send(
      s.submit(PRIYA, 'dropin.confirm', {
        for: { for: { type: 'static_select', selected_option: { value: 'parents' } } },
        topic: { topic: { type: 'plain_text_input', value: 'sleep routines' } },
      }, open.params.view.private_metadata),
    );
    expect(res.status).toBe(200);
    await s.idle();
    for (let i = 0; i < 200 && !posts().some((p) => p.params.channel === 'D0SWIS0004' && /New drop-in booking/.test(p.params.text)); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    // The slot list Priya clicked becomes the booking's final state (chat.update), not a new message.
    const toPriya = s.fake.of('chat.update').find((p) => p.params.channel === 'D0SWIS0010')!;
    expect(toPriya.params.text).toMatch(/^Booked: .* with Amira at SWIS office, room 12. Amira has been told.$/);
    expect(JSON.stringify(toPriya.params.blocks)).toMatch(/Booked by Priya at \d\d:\d\d/);
    const toAmira = posts().find((p) => p.params.channel === 'D0SWIS0004' && /New drop-in booking/.test(p.params.text))!;
    expect(toAmira.params.text).toMatch(/^New drop-in booking: Priya Shah \(Werneth School\), .* For: a parent or carer. Topic: sleep routines.$/);
  });
});
