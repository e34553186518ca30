// A counter clerk signs in, opens today's day board, checks a citizen in,
// books by phone for a citizen who gave only a landline (past the online
// cut-off: the demo office lets staff), and sees that booking on the board
// with its channel; then the printable board. Every page passes axe and the
// harness's checks at 360 and 1280 px.
import { execFileSync } from 'node:child_process';
import { run, checkPage, at, DAYS, MANAGER_TOKEN, nationalId } from './lib.mjs';

const LANG = 'zh-Hant-TW';
const PASSWORD = 'a-long-password-2';
const TODAY = '2026-03-02'; // NOW is Monday 10:00

run('counter_day', async (ctx) => {
  const c = ctx.c;
  const server = await ctx.server();
  execFileSync(server.bin, ['user', 'add', 'lin', '--name', '林雅婷', '--role', 'counter',
    '--offices', 'taichung-south', '--config', server.configPath, '--db', server.db],
  { input: PASSWORD + '\n', env: { ...process.env, FLEXHOURS_NOW: server.now }, stdio: ['pipe', 'ignore', 'inherit'] });
  // A citizen's booking of today noon, taken by the office's token past the cut-off.
  const citizen = await server.api('POST', '/api/v1/bookings', {
    office: 'taichung-south', service: 'name_change', start: `${TODAY}T12:00:00+08:00`,
    name: '王小明', national_id: nationalId(1601), phone: '0912345678', lang: 'zh-TW',
  }, { Authorization: `Bearer ${MANAGER_TOKEN}` });
  c.eq(citizen.status, 201, 'a booking of today noon');
  const code = citizen.json && citizen.json.code;

  const tab = await ctx.tab({ server, width: 1280 });
  ctx.step('signing in as the counter');
  await tab.goto('/admin/signin', 'the sign-in page');
  await tab.fill('#name', 'lin', 'the user name');
  await tab.fill('#password', PASSWORD, 'the password');
  await tab.submit('signing in');
  await tab.expectPage('the home page', { path: '/admin/' });

  ctx.step('the day board');
  await tab.followTo('/admin/day', {}, 'the link to the day board');
  await tab.expectPage('the day board', { path: '/admin/day' });
  await checkPage(tab, 'board', { lang: LANG });
  c.check(!(await tab.exists('meta[http-equiv="refresh"]')), 'the board reloads itself only when asked');
  c.check(await tab.exists('a[href*="refresh=1"]'), 'a link turns reloading on');
  const row = await tab.text(`#row-${code}`);
  c.check((row || '').includes('王小明') && row.includes('已確認'), `the booking is on the board, confirmed (${row})`);
  c.check(((await tab.text('main')) || '').includes('彈性時段'), 'the noon window is marked as flexible hours');

  ctx.step('checking the citizen in');
  await tab.submit('checking in', `#checked_in-${code}`);
  await tab.expectPage('the board after the check-in', { path: '/admin/day' });
  await checkPage(tab, 'board-checked-in', { lang: LANG });
  c.check(((await tab.text(`#row-${code}`)) || '').includes('已報到'), 'the row says checked in');
  c.check(((await tab.text('.fh-notice')) || '').includes(code), 'the notice names the booking');

  ctx.step('booking by phone with a landline');
  await tab.goto('/admin/book?office=taichung-south', 'the booking form');
  await checkPage(tab, 'book', { lang: LANG });
  await tab.eval(() => { document.querySelector('#service').value = 'name_change'; });
  await tab.fill('#date', TODAY, 'the day');
  await tab.submit('showing the times', 'main form[method="get"] button[type="submit"]');
  await tab.expectPage('the times of today', { path: '/admin/book' });
  await checkPage(tab, 'book-times', { lang: LANG });
  await tab.choose('start', `${TODAY}T12:30:00+08:00`, 'today 12:30, past the online cut-off');
  await tab.fill('#name', '李大同', 'the name');
  await tab.fill('#national_id', nationalId(1602), 'the ID number');
  await tab.fill('#phone', '04-2222-3333#123', 'a landline with an extension');
  await tab.choose('channel', 'phone', 'taken by phone');
  await tab.submit('booking it', 'main form[method="post"][action="/admin/book"] button[type="submit"]');
  await tab.expectPage('the booking made', { path: '/admin/book' });
  await checkPage(tab, 'book-done', { lang: LANG });
  const phoneCode = ((await tab.text('#booked-code')) || '').trim();
  c.check(/^[A-Z0-9]{8}$/.test(phoneCode), `the code to read out is shown (${phoneCode})`);
  const api = await server.api('GET', `/api/v1/bookings/${phoneCode}`, null, { Authorization: `Bearer ${MANAGER_TOKEN}` });
  c.eq(api.json && [api.json.channel, api.json.phone, api.json.email], ['phone', '+886422223333#123', ''],
    'the API has the channel and the landline');

  ctx.step('the phone booking on the board');
  await tab.goto('/admin/day', 'the day board again');
  await checkPage(tab, 'board-phone', { lang: LANG });
  const prow = (await tab.text(`#row-${phoneCode}`)) || '';
  c.check(prow.includes('李大同') && prow.includes('電話') && prow.includes('04 2222 3333 #123'),
    `the phone booking with its channel and the landline as people write it (${prow})`);

  ctx.step('the printable board, in English');
  await tab.goto(`/admin/day?office=taichung-south&date=${TODAY}&print=1&lang=en`, 'the printable board');
  await checkPage(tab, 'board-print-en', { lang: 'en' });
  c.check(!(await tab.exists('meta[http-equiv="refresh"]')), 'the printable board does not reload');
  c.check(!(await tab.exists('a[href*="refresh=1"]')), 'nor offers to');
  c.check(!(await tab.exists('.fh-board__table button')), 'and has no buttons');
  c.check(((await tab.text('main')) || '').includes('Phone'), 'the channel in English');
});
