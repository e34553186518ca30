// A manager signs in to the manager pages (after one wrong password), sees
// their home page, opens the audit trail (which lists the check-in the
// office's token made and their own sign-in), switches it to English and
// signs out; the pages after sign-out open nothing. Every page passes axe
// and the harness's checks at 360 and 1280 px.
import { execFileSync } from 'node:child_process';
import { run, checkPage, MANAGER_TOKEN, nationalId } from './lib.mjs';

const LANG = 'zh-Hant-TW';
const PASSWORD = 'a-long-password-1';

run('admin_audit', async (ctx) => {
  const c = ctx.c;
  const server = await ctx.server();
  execFileSync(server.bin, ['user', 'add', 'chen', '--name', '陳美玲', '--role', 'manager',
    '--offices', 'taichung-south', '--config', server.configPath, '--db', server.db],
  { input: PASSWORD + '\n', env: { ...process.env, FLEXHOURS_NOW: server.now }, stdio: ['pipe', 'ignore', 'inherit'] });
  // A change by the office's token, for the audit to show.
  // Today's, since a check-in is only on the booking's day: taken by the
  // token past the online cut-off (the demo office lets staff).
  const made = await server.api('POST', '/api/v1/bookings', {
    office: 'taichung-south', service: 'name_change', start: '2026-03-02T12:00:00+08:00',
    name: '測試 1501', national_id: nationalId(1501), phone: '0900001501', lang: 'zh-TW',
  }, { Authorization: `Bearer ${MANAGER_TOKEN}` });
  c.eq(made.status, 201, 'a booking of today by the token');
  const booking = made.json || {};
  const r0 = await server.api('POST', `/api/v1/bookings/${booking.code}/check-in`, null,
    { Authorization: `Bearer ${MANAGER_TOKEN}` });
  c.eq(r0.status, 200, 'the check-in by the token');

  const tab = await ctx.tab({ server, width: 1280 });
  ctx.step('the manager pages ask for a sign-in');
  let r = await tab.goto('/admin/', 'opening the manager pages');
  await tab.expectPage('the sign-in page', { path: '/admin/signin' });
  c.eq(r.redirects.map((x) => x.status), [303], '/admin/ without a session answers 303');
  await checkPage(tab, 'signin', { lang: LANG });
  c.eq(await tab.attr('#password', 'type'), 'password', 'the password field hides what is typed');
  c.eq(await tab.attr('#name', 'autocomplete'), 'username', 'the name field is a username for password managers');

  ctx.step('a wrong password');
  await tab.fill('#name', 'chen', 'the user name');
  await tab.fill('#password', 'not-the-password', 'a wrong password');
  r = await tab.submit('signing in with a wrong password');
  await tab.expectPage('the wrong password', { status: 401, path: '/admin/signin' });
  await checkPage(tab, 'signin-wrong', { lang: LANG });
  c.check(await tab.eval(() => document.activeElement && document.activeElement.classList.contains('fh-error-summary')) ||
    await tab.exists('.fh-error-summary'), 'the error summary is shown');
  c.check(((await tab.text('.fh-error-summary')) || '').includes('帳號或密碼不正確'), 'it says the name or password is not right');
  c.eq(await tab.eval(() => document.querySelector('#password').value), '', 'the password is not shown again');

  ctx.step('the right password');
  await tab.fill('#name', 'chen', 'the user name');
  await tab.fill('#password', PASSWORD, 'the password');
  r = await tab.submit('signing in');
  await tab.expectPage('the manager home', { path: '/admin/' });
  await checkPage(tab, 'home', { lang: LANG });
  c.check(((await tab.text('.fh-admin-bar')) || '').includes('陳美玲'), 'the page says who is signed in');
  c.check(((await tab.text('main')) || '').includes('臺中市南區'), 'the home page names the office');

  ctx.step('the audit trail');
  await tab.followTo('/admin/audit', {}, 'the link to the audit trail');
  await tab.expectPage('the audit trail', { path: '/admin/audit' });
  await checkPage(tab, 'audit', { lang: LANG });
  const rows = await tab.texts('#audit tbody tr');
  c.check(rows.some((t) => t.includes('booking-checked_in') && t.includes(booking.code) && t.includes('token:test manager')),
    `the check-in is listed with who made it (${rows.length} rows)`);
  c.check(rows.some((t) => t.includes('signin') && t.includes('user:chen')), 'the sign-in is listed');
  c.check(rows.some((t) => t.includes('user-add')), 'the account\'s creation is listed');

  ctx.step('filtered, in English');
  await tab.goto('/admin/audit?action=booking-checked_in&lang=en', 'the audit filtered, in English');
  await tab.expectPage('the audit in English', { path: '/admin/audit' });
  await checkPage(tab, 'audit-en', { lang: 'en' });
  const en = await tab.texts('#audit tbody tr');
  c.check(en.length === 1 && en[0].includes(booking.code), `the action filter leaves the check-in only (${en.length} rows)`);
  c.eq(await tab.eval(() => document.querySelector('#action').value), 'booking-checked_in', 'the filter is shown as chosen');

  ctx.step('signing out');
  r = await tab.submit('signing out', '.fh-admin-bar form button[type="submit"]');
  await tab.expectPage('signed out', { path: '/admin/signin' });
  await checkPage(tab, 'signed-out', { lang: 'en' });
  c.check(((await tab.text('main')) || '').includes('You have signed out'), 'the page says the person signed out');
  r = await tab.goto('/admin/audit', 'the audit after signing out');
  await tab.expectPage('the sign-in page again', { path: '/admin/signin' });
});
