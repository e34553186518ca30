// The waitlist on a phone (issue 15). Every name-change slot of Tuesday is
// booked (one place each); the citizen, on a 360 px phone in zh-TW, finds
// the day 額滿 on the month grid, follows it to the waitlist's form, joins,
// and sees their place in line. A booking is cancelled: the place is held
// for them and the offer's message (in the outbox file) links to a page
// showing the place and its expiry with Accept / Decline; Accept books it
// (the manage page, done=booked). A second person joins in English and
// declines. The manager's day board lists the day's waitlist. Every page
// passes axe and the harness's checks; the national IDs never show whole.
import { run, checkPage, waitOutbox, nationalId, OFFICE } from './lib.mjs';
import * as flow from './flow.mjs';

const ZH = 'zh-Hant-TW';
const TUE = '2026-03-03';
const SERVICE = 'name_change';
const PASSWORD = 'waitlist-browser-1';
const FIRST = { name: '林怡君', id: nationalId(2101), phone: '0912021010', email: 'p2101@example.com.tw' };
const SECOND = { name: 'Lee Ming', id: nationalId(2102), phone: '0912021020', email: 'p2102@example.com.tw' };
const OFFER_LINK = /https?:\/\/[^\s"'<>]+?(\/offer\/[0-9a-f]{32})/;

async function join(ctx, tab, person, { lang }) {
  const c = ctx.c;
  await tab.fill('#name', person.name, 'the name');
  await tab.fill('#national_id', person.id, 'the national ID');
  await tab.fill('#phone', person.phone, 'the mobile number');
  await tab.fill('#email', person.email, 'the e-mail address');
  const r = await tab.submit('joining the waitlist', '#join');
  await tab.expectPage('the entry\'s page', { path: /^\/w\/[A-Z0-9]+$/ });
  c.eq(r.redirects.map((x) => x.status), [303], 'joining is answered by 303 See Other');
  await checkPage(tab, `entry-${lang}`, { lang, hidden: [person.id] });
  return (await tab.text('#waitlist-position')) || '';
}

async function offerPath(server, person) {
  const msgs = await waitOutbox(server, (m) => m.kind === 'waitlist_offer' && m.to === person.email,
    `the offer's e-mail to ${person.email}`);
  const m = OFFER_LINK.exec(msgs[msgs.length - 1].text || '');
  if (!m) throw new Error(`the offer's e-mail has no /offer/ link: ${msgs[msgs.length - 1].text}`);
  return m[1];
}

run('waitlist', async (ctx) => {
  const c = ctx.c;
  const server = await ctx.server({
    adjust(cfg) {
      for (const w of cfg.offices[0].windows) w.capacity = 1;
      cfg.offices[0].waitlist_hold_minutes = 30;
    },
  });
  server.addStaff('chen', { name: '陳美玲', role: 'manager', password: PASSWORD });

  ctx.step('Tuesday\'s name-change slots all booked through the API');
  const slots = await server.api('GET', `/api/v1/offices/${OFFICE}/slots?service=${SERVICE}&from=${TUE}&to=${TUE}`);
  const booked = [];
  for (const [i, s] of (slots.json.slots || []).entries()) {
    booked.push(await server.book({ service: SERVICE, start: s.start, n: 2200 + i }));
  }
  c.check(booked.length > 3, `Tuesday had places to fill (${booked.length})`);

  ctx.step('the citizen on a phone finds Tuesday full and joins its waitlist');
  const phone = await ctx.tab({ server, width: 360 });
  await flow.home(phone, { lang: ZH });
  await flow.startBooking(phone, { lang: ZH });
  await flow.chooseService(phone, { service: SERVICE, lang: ZH });
  const sel = `a[href*="/waitlist?service=${SERVICE}&day=${TUE}"]`;
  const cell = await phone.eval((s) => {
    const a = document.querySelector(s);
    return a ? a.innerText : null;
  }, sel);
  c.check(cell !== null && cell.includes('額滿'), `the full day links to its waitlist and says 額滿 (${cell})`);
  await phone.follow(sel, 'the full day\'s waitlist');
  await phone.expectPage('the waitlist\'s form', { path: `/o/${OFFICE}/waitlist` });
  await checkPage(phone, 'waitlist-form', { lang: ZH });
  c.eq((await phone.text('h1') || '').trim(), '加入候補名單', 'the heading says 加入候補名單');
  const pos = await join(ctx, phone, FIRST, { lang: ZH });
  c.eq(pos.trim(), '1', 'the first in line');
  c.check(((await phone.text('main')) || '').includes('已加入候補名單'), 'the page says they joined');

  ctx.step('a second person joins in English');
  const en = await ctx.tab({ server, width: 360, acceptLanguage: 'en-GB,en;q=0.9' });
  await en.goto(`/o/${OFFICE}/waitlist?service=${SERVICE}&day=${TUE}`, 'the waitlist\'s form in English');
  await en.expectPage('the waitlist\'s form');
  await checkPage(en, 'waitlist-form-en', { lang: 'en' });
  c.eq((await en.text('h1') || '').trim(), 'Join the waitlist', 'the English heading');
  const pos2 = await join(ctx, en, SECOND, { lang: 'en' });
  c.eq(pos2.trim(), '2', 'second in line');

  ctx.step('a booking is cancelled: the place is offered to the first');
  const gone = booked[Math.floor(booked.length / 2)];
  const cancel = await server.api('DELETE', `/api/v1/bookings/${gone.code}`, null, { 'X-Manage-Token': gone.manage_token });
  c.eq(cancel.status, 200, 'the booking cancelled');
  const path = await offerPath(server, FIRST);
  await phone.goto(path, 'the offer\'s link');
  await phone.expectPage('the offer', { path });
  await checkPage(phone, 'offer', { lang: ZH, hidden: [FIRST.id] });
  const expiry = (await phone.text('#offer-expiry')) || '';
  c.check(expiry.includes('保留至 3月2日（一） 10:30'), `the offer says it is held until 10:30 today, with the date (${expiry})`);
  c.check(((await phone.text('main')) || '').includes(gone.start.slice(11, 16)), 'the offer shows the place\'s time');
  const accepted = await phone.submit('accepting the place', '#accept');
  await phone.expectPage('the booking', { path: /^\/b\/[A-Za-z0-9]+$/ });
  c.eq(accepted.redirects.map((x) => x.status), [303], 'accepting is answered by 303 See Other');
  await checkPage(phone, 'accepted', { lang: ZH, hidden: [FIRST.id] });
  c.check(((await phone.text('main')) || '').includes(FIRST.name), 'the booking is the waiting person\'s');

  ctx.step('another cancellation: the second person, in English, declines');
  const gone2 = booked[0];
  await server.api('DELETE', `/api/v1/bookings/${gone2.code}`, null, { 'X-Manage-Token': gone2.manage_token });
  const path2 = await offerPath(server, SECOND);
  await en.goto(path2, 'the second offer\'s link');
  await en.expectPage('the offer in English', { path: path2 });
  await checkPage(en, 'offer-en', { lang: 'en', hidden: [SECOND.id] });
  const expiryEn = (await en.text('#offer-expiry')) || '';
  c.check(expiryEn.includes('Held for you until Monday 2 March 10:30'), `the offer says until when, in English (${expiryEn})`);
  await en.submit('declining the place', '#decline');
  await en.expectPage('declined', { path: path2 });
  await checkPage(en, 'declined-en', { lang: 'en' });
  c.check(((await en.text('main')) || '').includes('You declined the place'), 'the page says it was declined');
  const free = await server.slot(SERVICE, gone2.start);
  c.check(free !== null, 'the declined place is free again');

  ctx.step('the manager\'s day board lists the waitlist');
  const desk = await ctx.tab({ server, width: 1280 });
  await desk.signIn('chen', PASSWORD);
  await desk.goto(`/admin/day?office=${OFFICE}&date=${TUE}`, 'the day board');
  await desk.expectPage('the day board', { path: '/admin/day' });
  await checkPage(desk, 'board-waitlist', { lang: ZH, hidden: [FIRST.id, SECOND.id] });
  const rows = await desk.count('#waitlist-table tbody tr');
  c.eq(rows, 2, 'the board lists the two who waited');
  await phone.close();
  await en.close();
  await desk.close();
});
