// A citizen opens the link in their confirmation e-mail, moves the booking to
// an evening time, then cancels it; a second cancel is harmless.
import { run, checkPage, waitOutbox, manageLinkFor, readOutbox, nationalId, at, DAYS, fail } from './lib.mjs';
import * as flow from './flow.mjs';

const LANG = 'zh-Hant-TW';

run('move_and_cancel', async (ctx) => {
  const c = ctx.c;
  const server = await ctx.server();
  const tab = await ctx.tab({ server, width: 360 });
  const first = at(DAYS.wed, '10:00');
  const moved = at(DAYS.thu, '17:30');
  const id = nationalId(1301);
  const email = 'mover@example.com.tw';

  ctx.step('a booking, and the link in its e-mail');
  const booking = await server.book({ service: 'name_change', start: first, n: 1301, name: '林大明', email });
  const { code } = booking;
  const link = await manageLinkFor(server, email, 'the confirmation e-mail\'s link to the booking');
  c.eq(link.code, code, 'the e-mail links to this booking');
  const key = link.key;
  const manage = `/b/${code}?k=${encodeURIComponent(key)}`;

  await tab.goto(link.url, 'opening the e-mail\'s link');
  await tab.expectPage('the booking\'s page', { path: `/b/${code}` });
  await checkPage(tab, 'manage', { lang: LANG, hidden: [id] });
  c.eq(((await tab.text('#booking-code')) || '').trim(), code, 'the booking\'s page shows its code');
  c.check(((await tab.text('#booking-status')) || '').includes('已確認'), `the status says 已確認 (it says "${await tab.text('#booking-status')}")`);
  c.check(((await tab.text('main')) || '').includes('改名登記'), 'the booking\'s page names the service 改名登記');

  ctx.step('move to Thursday evening');
  await tab.followTo(`/b/${code}/move`, { k: key }, 'the link to move the booking');
  await tab.expectPage('moving: choose a day', { path: `/b/${code}/move` });
  await checkPage(tab, 'move-day', { lang: LANG, hidden: [id] });
  await flow.chooseDay(tab, { day: DAYS.thu, window: 'evening', lang: LANG });
  const formAction = await tab.eval(() => {
    const f = document.querySelector('main form');
    return f ? { method: (f.getAttribute('method') || 'get').toLowerCase(), action: new URL(f.action).pathname } : null;
  });
  c.eq(formAction, { method: 'post', action: `/b/${code}/move` }, 'the time form posts to the move address');
  await flow.chooseTime(tab, { start: moved, window: 'evening', lang: LANG, places: 2, next: `/b/${code}`, name: 'moved', hidden: [id] });
  c.eq(tab.response.redirects.map((r) => r.status), [303], 'the move is answered by 303 See Other');
  c.eq(flow.params(tab).get('done'), 'moved', 'the address says done=moved');
  c.check(await tab.exists('.fh-panel'), 'a panel confirms the move');
  const after = (await tab.text('main')) || '';
  c.check(after.includes('17:30'), 'the booking\'s page shows the new time 17:30');
  c.check(after.includes('夜間'), 'the booking\'s page says 夜間');
  c.check(/3月5日|2026-03-05|03-05|3\/5/.test(after), 'the booking\'s page shows the new day, 3月5日');
  c.check(!/10:00/.test(((await tab.text('.fh-panel')) || '')), 'the panel no longer shows the old time');
  const api = await server.booking(code, key);
  c.eq(api && api.start, moved, 'the booking now starts Thursday 17:30');
  const [msg] = await waitOutbox(server, (m) => m.code === code && m.kind === 'rescheduled' && m.channel === 'email', 'the "moved" e-mail');
  c.check(msg.text.includes('17:30'), 'the "moved" e-mail gives the new time');
  c.eq((await server.slot('name_change', moved) || {}).remaining, 1, 'the evening slot has one place fewer');

  ctx.step('cancel');
  await tab.followTo(`/b/${code}/cancel`, { k: key }, 'the link to cancel the booking');
  await tab.expectPage('cancelling: are you sure?', { path: `/b/${code}/cancel` });
  await checkPage(tab, 'cancel', { lang: LANG, hidden: [id] });
  const button = (await tab.text('main form button[type="submit"]')) || '';
  c.check(button.includes('取消預約'), `the button says 取消預約 (it says "${button}")`);
  c.check(await tab.exists('main form input[type="hidden"][name="csrf"]'), 'the cancel form has a csrf field');
  await tab.submit('confirming the cancellation');
  await tab.expectPage('the cancelled booking', { path: `/b/${code}` });
  c.eq(tab.response.redirects.map((r) => r.status), [303], 'the cancel is answered by 303 See Other');
  c.eq(flow.params(tab).get('done'), 'cancelled', 'the address says done=cancelled');
  c.check(await tab.exists('.fh-panel'), 'a panel confirms the cancellation');
  c.check(((await tab.text('#booking-status')) || '').includes('已取消'), `the status says 已取消 (it says "${await tab.text('#booking-status')}")`);
  await checkPage(tab, 'cancelled', { lang: LANG, hidden: [id] });
  await waitOutbox(server, (m) => m.code === code && m.kind === 'cancelled' && m.channel === 'email', 'the cancellation e-mail');
  c.eq((await server.slot('name_change', moved) || {}).remaining, 2, 'the evening place is free again');

  ctx.step('a second cancel is harmless');
  await tab.goto(`/b/${code}/cancel?k=${encodeURIComponent(key)}`, 'opening the cancel page again');
  const again = tab.response;
  if (again.status >= 500 || !again.type.startsWith('text/html')) {
    fail(`opening the cancel page of a cancelled booking answers ${again.status} ${again.type}`);
  }
  await checkPage(tab, 'cancel-again', { lang: LANG, hidden: [id] });
  if (await tab.exists('main form button[type="submit"]')) {
    const r = await tab.submit('cancelling a second time');
    c.check(r.status < 400, `a second cancel answers ${r.status}, not an error`);
    await checkPage(tab, 'cancelled-again', { lang: LANG, hidden: [id] });
  }
  await tab.goto(manage, 'opening the booking\'s page again');
  await tab.expectPage('the cancelled booking');
  c.check(((await tab.text('#booking-status')) || '').includes('已取消'), 'the booking stays cancelled');
  await new Promise((r) => setTimeout(r, 500));
  const cancels = readOutbox(server).filter((m) => m.code === code && m.kind === 'cancelled' && m.channel === 'email');
  c.eq(cancels.length, 1, 'one cancellation e-mail only');
});
