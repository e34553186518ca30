// A citizen on a phone (360 px, zh-TW) books a noon time to replace a lost ID
// card: home → start → 補領國民身分證 → a day → 12:00 → details → check →
// book; the confirmation, the .ics, and the e-mail and SMS whose links open
// the booking's page.
import { run, checkPage, request, waitOutbox, manageLinkIn, nationalId, at, DAYS, fail } from './lib.mjs';
import * as flow from './flow.mjs';

const LANG = 'zh-Hant-TW';

run('noon_id_card', async (ctx) => {
  const c = ctx.c;
  const server = await ctx.server();
  const tab = await ctx.tab({ server, width: 360 });
  const start = at(DAYS.tue, '12:00');
  const person = { name: '陳小華', id: nationalId(1101), phone: '0912345678', email: 'noon.citizen@example.com.tw', lang: 'zh-TW' };
  const docs = ['印章或簽名及附照片之身分證明文件', '最近二年內彩色半身照片一張'];

  ctx.step('home');
  await flow.home(tab, { lang: LANG });
  const home = (await tab.text('main')) || '';
  c.check(home.includes('午間') && home.includes('12:00'), 'the home page explains the noon window (午間 12:00-13:30)');

  ctx.step('booking: service, day, time');
  await flow.startBooking(tab, { lang: LANG });
  await flow.chooseService(tab, { service: 'id_replacement', lang: LANG, documents: docs });
  await flow.chooseDay(tab, { day: DAYS.tue, window: 'noon', lang: LANG });
  await flow.chooseTime(tab, { start, window: 'noon', lang: LANG, places: 2 });

  ctx.step('details and check');
  c.check(await tab.exists('main form[method="post" i] input[type="hidden"][name="csrf"]'), 'the details form is a POST form with a csrf field');
  c.eq(await tab.attr('#phone', 'type'), 'tel', 'the mobile number field is type tel (a phone shows digits)');
  c.eq(await tab.attr('#email', 'type'), 'email', 'the e-mail field is type email');
  await flow.fillDetails(tab, person);
  const summary = await flow.sendDetails(tab, person, { lang: LANG });
  c.check(summary.includes('補領國民身分證'), 'the check page names the service 補領國民身分證');
  c.check(summary.includes('12:00'), 'the check page shows the time 12:00');

  ctx.step('book');
  const booked = await flow.book(tab, { lang: LANG, hidden: [person.id] });
  const { code } = booked;
  c.check(booked.text.includes('午間'), 'the confirmation says 午間');
  c.check(booked.text.includes('12:00'), 'the confirmation shows 12:00');
  for (const d of docs) c.check(booked.text.includes(d), `the confirmation lists the document to bring "${d}"`);
  c.check(await tab.exists(`a[href*="/b/${code}/move?k="]`), 'the confirmation links to moving the booking');
  c.check(await tab.exists(`a[href*="/b/${code}/cancel?k="]`), 'the confirmation links to cancelling the booking');
  c.eq((await server.slot('id_replacement', start) || {}).remaining, 1, 'the noon slot has one place fewer');

  ctx.step('the calendar file');
  const ics = await tab.eval(() => {
    const a = document.querySelector('a[href*="/invite.ics"]');
    return a ? a.href : null;
  });
  if (!c.check(ics !== null, 'the confirmation links to the calendar file (a[href*="/invite.ics"])')) {
    // go on: the messages below are worth checking
  } else {
    const r = await request(ics);
    c.eq(r.status, 200, 'the calendar file downloads');
    c.check((r.headers['content-type'] || '').startsWith('text/calendar'), `the calendar file is text/calendar (got ${r.headers['content-type']})`);
    c.check(r.text.startsWith('BEGIN:VCALENDAR') && r.text.includes(code), 'the calendar file is an iCalendar of this booking');
  }

  ctx.step('the e-mail and the SMS, and their links');
  const [mail] = await waitOutbox(server, (m) => m.channel === 'email' && m.to === person.email && m.kind === 'confirmed', 'the confirmation e-mail');
  const [sms] = await waitOutbox(server, (m) => m.channel === 'sms' && m.code === code && m.kind === 'confirmed', 'the confirmation SMS');
  c.eq(sms.to, '+886912345678', 'the SMS goes to the mobile number');
  let opened = 0;
  for (const [what, msg] of [['e-mail', mail], ['SMS', sms]]) {
    const link = manageLinkIn(msg);
    const links = (msg.text.match(/https?:\/\/\S+/g) || []).join(' ');
    if (!c.check(link !== null, `the ${what} has the booking's link /b/${code}?k=… (its links: ${links || 'none'})`)) continue;
    c.eq(link.code, code, `the ${what}'s link is this booking's`);
    await tab.goto(link.url, `opening the ${what}'s link`);
    await tab.expectPage(`the ${what}'s link`, { path: `/b/${code}` });
    c.eq(((await tab.text('#booking-code')) || '').trim(), code, `the ${what}'s link opens the booking's page`);
    c.check(((await tab.text('#booking-status')) || '').includes('已確認'), 'the booking\'s page says 已確認');
    await checkPage(tab, `from-${what === 'SMS' ? 'sms' : 'email'}`, { lang: LANG, hidden: [person.id] });
    opened++;
  }
  if (opened === 0) fail('neither message links to the booking\'s page');
});
