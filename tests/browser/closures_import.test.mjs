// A manager of every office closes a typhoon day: the preview lists the
// booking cancelled and the staff on duty told, the confirmation says how
// many, and the messages page shows the cancellation messages. Then the
// manager imports a calendar (.ics) that makes a booked Wednesday a holiday:
// the preview lists the booking left without a slot; applying cancels it.
// Every page passes axe and the harness's checks at 360 and 1280 px.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { run, checkPage, at, DAYS, MANAGER_TOKEN, OFFICE, MAX_LIST_PAGE_BYTES } from './lib.mjs';

const LANG = 'zh-Hant-TW';
const PASSWORD = 'a-long-password-1';
const MGR = { Authorization: `Bearer ${MANAGER_TOKEN}` };

run('closures_import', async (ctx) => {
  const c = ctx.c;
  const server = await ctx.server();
  execFileSync(server.bin, ['user', 'add', 'boss', '--name', '張主任', '--role', 'manager',
    '--offices', '*', '--config', server.configPath, '--db', server.db],
  { input: PASSWORD + '\n', env: { ...process.env, FLEXHOURS_NOW: server.now }, stdio: ['pipe', 'ignore', 'inherit'] });
  const tue = await server.book({ service: 'seal_registration', start: at(DAYS.tue, '12:00'), n: 2101 });
  const wed = await server.book({ service: 'seal_registration', start: at(DAYS.wed, '12:00'), n: 2102 });
  let r = await server.api('POST', `/api/v1/offices/${OFFICE}/roster/2026-03/generate`, {}, MGR);
  c.eq(r.status, 200, 'March generated');
  r = await server.api('POST', `/api/v1/offices/${OFFICE}/roster/2026-03/publish`, {}, MGR);
  c.eq(r.status, 200, 'March published');

  const tab = await ctx.tab({ server, width: 1280 });
  ctx.step('sign in');
  await tab.goto('/admin/signin', 'the sign-in page');
  await tab.fill('#name', 'boss', 'the user name');
  await tab.fill('#password', PASSWORD, 'the password');
  await tab.submit('signing in');
  await tab.expectPage('the manager home', { path: '/admin/' });

  ctx.step('close a day');
  await tab.followTo('/admin/closures', {}, 'the link to the closures');
  await tab.expectPage('the closures', { path: '/admin/closures' });
  await checkPage(tab, 'closures', { lang: LANG });
  await tab.fill('#date', DAYS.tue, 'the date');
  await tab.fill('#reason', '颱風停止上班', 'the reason');
  await tab.submit('previewing', 'main form[action="/admin/closures/preview"] button[type="submit"]');
  await tab.expectPage('the preview', { path: '/admin/closures/preview' });
  await checkPage(tab, 'closure-preview', { lang: LANG });
  const rows = await tab.texts('#cancelled tbody tr');
  c.check(rows.length === 1 && rows[0].includes(tue.code), `the preview lists the booking (${rows.length} rows)`);
  c.check((await tab.count('#staff tbody tr')) >= 1, 'the preview lists the staff on duty');
  await tab.submit('confirming', 'main form[action="/admin/closures"] button[type="submit"]');
  await tab.expectPage('closed', { path: '/admin/closures' });
  await checkPage(tab, 'closed', { lang: LANG });
  c.check(((await tab.text('#done')) || '').includes('已停止上班'), 'the page says the day is closed');
  c.check(((await tab.text('#closures')) || '').includes('颱風停止上班'), 'the closed day is listed with its reason');

  ctx.step('the messages');
  let listed = [];
  for (let i = 0; i < 40; i++) {
    await tab.goto('/admin/messages', 'the messages page');
    // Said in the page's words: "office closed: booking cancelled".
    listed = (await tab.texts('#messages tbody tr')).filter((t) => t.includes('停止上班，預約取消') && t.includes(tue.code));
    if (listed.length >= 2) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  await tab.expectPage('the messages', { path: '/admin/messages' });
  await checkPage(tab, 'messages', { lang: LANG, maxBytes: MAX_LIST_PAGE_BYTES });
  c.check(listed.length === 2, `the cancellation e-mail and SMS are listed (${listed.length})`);
  c.check(!((await tab.text('main')) || '').includes('p2101@'), 'the recipient is masked');

  ctx.step('import a calendar');
  const ics = path.join(server.dir, 'typhoon.ics');
  fs.writeFileSync(ics, 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:1@t\r\n' +
    'DTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20260304\r\nSUMMARY:颱風假\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n');
  await tab.goto('/admin/calendar', 'the calendar import');
  await tab.expectPage('the calendar import', { path: '/admin/calendar' });
  await checkPage(tab, 'calendar', { lang: LANG });
  const input = await tab.page.$('#file');
  await input.uploadFile(ics);
  await tab.submit('uploading', 'main form[action="/admin/calendar/preview"] button[type="submit"]');
  await tab.expectPage('the import preview', { path: '/admin/calendar/preview' });
  await checkPage(tab, 'calendar-preview', { lang: LANG });
  c.check(((await tab.text('#changes')) || '').includes('颱風假'), 'the preview shows the day made a holiday');
  const moved = await tab.texts('#displaced tbody tr');
  c.check(moved.length === 1 && moved[0].includes(wed.code), `the preview lists the booking left without a slot (${moved.length})`);
  await tab.submit('applying', 'main form[action="/admin/calendar/apply"] button[type="submit"]');
  await tab.expectPage('applied', { path: '/admin/calendar' });
  await checkPage(tab, 'calendar-applied', { lang: LANG });
  c.check(((await tab.text('#done')) || '').includes('日曆已套用'), 'the page says the calendar is applied');
  const b = await server.booking(wed.code, wed.manage_token);
  c.eq(b.status, 'cancelled', 'the booking left without a slot is cancelled');
});
