// A manager signs in, opens the month's roster of the demo office (20
// staff), generates the draft, changes one duty (ticking a person the rules
// offer), publishes the month, and looks at compensatory time. Every page
// passes axe and the harness's checks (the grid scrolls inside its own box
// at 360 px) and is photographed at 360 and 1280 px.
import { execFileSync } from 'node:child_process';
import { run, checkPage, MAX_MONTH_PAGE_BYTES } from './lib.mjs';

const LANG = 'zh-Hant-TW';
const PASSWORD = 'a-long-password-1';
const MONTH = '2026-03';

run('roster_month', async (ctx) => {
  const c = ctx.c;
  const server = await ctx.server();
  execFileSync(server.bin, ['user', 'add', 'chen', '--name', '陳美玲', '--role', 'manager',
    '--offices', 'taichung-south', '--config', server.configPath, '--db', server.db],
  { input: PASSWORD + '\n', env: { ...process.env, FLEXHOURS_NOW: server.now }, stdio: ['pipe', 'ignore', 'inherit'] });

  const tab = await ctx.tab({ server, width: 1280 });
  ctx.step('signing in');
  await tab.goto('/admin/signin', 'the sign-in page');
  await tab.fill('#name', 'chen', 'the user name');
  await tab.fill('#password', PASSWORD, 'the password');
  await tab.submit('signing in');
  await tab.expectPage('the manager home', { path: '/admin/' });

  ctx.step('the month before any roster');
  await tab.followTo('/admin/roster', {}, 'the link to the roster');
  await tab.expectPage('the roster page', { path: '/admin/roster' });
  await checkPage(tab, 'roster-none', { lang: LANG, maxBytes: MAX_MONTH_PAGE_BYTES });
  c.check(((await tab.text('#roster-state')) || '').includes('尚未排班'), 'no roster yet');

  ctx.step('generating the draft');
  await tab.goto(`/admin/roster?office=taichung-south&month=${MONTH}`, 'the month of March');
  await tab.submit('generating the draft', 'form[action="/admin/roster/generate"] button[type="submit"]');
  await tab.expectPage('the draft', { path: '/admin/roster' });
  await checkPage(tab, 'roster-draft', { lang: LANG, maxBytes: MAX_MONTH_PAGE_BYTES });
  c.check(((await tab.text('#roster-state')) || '').includes('草稿'), 'the month is a draft');
  const rows = await tab.texts('#roster-grid tbody tr');
  c.eq(rows.length, 20, 'a row per person of the demo office');
  c.check(rows.some((t) => /[NESH]/.test(t)), 'duty letters in the grid');
  c.check(((await tab.text('#roster-legend')) || '').includes('N 午間'), 'the legend says what the letters mean');

  ctx.step('changing one duty');
  await tab.followTo('/admin/roster/duty', { date: '2026-03-04', duty: 'noon' }, 'changing Wednesday noon');
  await tab.expectPage('the duty page', { path: '/admin/roster/duty' });
  await checkPage(tab, 'roster-duty', { lang: LANG });
  const free = await tab.eval(() => [...document.querySelectorAll('#candidates input[type="checkbox"]')]
    .filter((e) => !e.checked).map((e) => e.id));
  c.check(free.length > 0, `people the rules allow are offered (${free.length} not on it yet)`);
  await tab.clickElement('#' + free[0], 'ticking a person');
  await tab.submit('saving the duty', 'form[action="/admin/roster/duty"] button[type="submit"]');
  await tab.expectPage('the month again', { path: '/admin/roster' });
  c.check(((await tab.text('main')) || '').includes('值班已更新'), 'the page says the duty changed');
  const id = free[0].slice(2);
  const r = await server.api('GET', `/api/v1/offices/taichung-south/roster/${MONTH}`, null,
    { Authorization: 'Bearer test-manager-token' });
  c.check(r.json.assignments.some((a) => a.date === '2026-03-04' && a.duty === 'noon' && a.staff === id),
    `${id} is on Wednesday noon`);

  ctx.step('publishing');
  await tab.submit('publishing', 'form[action="/admin/roster/publish"] button[type="submit"]');
  await tab.expectPage('published', { path: '/admin/roster' });
  await checkPage(tab, 'roster-published', { lang: LANG, maxBytes: MAX_MONTH_PAGE_BYTES });
  c.check(((await tab.text('#roster-state')) || '').includes('已公布'), 'the month is published');

  ctx.step('in English, and compensatory time');
  await tab.goto(`/admin/roster?office=taichung-south&month=${MONTH}&lang=en`, 'the month in English');
  await checkPage(tab, 'roster-en', { lang: 'en', maxBytes: MAX_MONTH_PAGE_BYTES });
  await tab.goto('/admin/comp?office=taichung-south', 'compensatory time');
  await tab.expectPage('compensatory time', { path: '/admin/comp' });
  await checkPage(tab, 'comp', { lang: 'en' });
});
