// A manager reads the office's figures: six charts, each an image with its
// name and the same numbers in a table, on a phone and on a desktop, in
// Chinese and in English, signed in to the manager pages and from the link
// on the manager home; without a session the page leads to the sign-in.
import { run, checkPage, at, DAYS, OFFICE } from './lib.mjs';

const PAGE = `/admin/offices/${OFFICE}/figures`;
// A manager's report with six tables: heavier than a citizen's page, but
// still small for a desktop that keeps it open.
const MAX_BYTES = 64 * 1024;
const PASSWORD = 'figures-password-1';

run('figures', async (ctx) => {
  const c = ctx.c;
  // No grace and no lapse: the no-show below is marked at its start (the
  // clock moved to it and back), and the figures count no lapse.
  const server = await ctx.server({ adjust: (cfg) => { cfg.offices[0].lapse_minutes = 0; } });
  server.addStaff('chen', { name: '陳美玲', role: 'manager', password: PASSWORD });

  ctx.step('a week of bookings: noon, evening, Saturday and Sunday weddings');
  const made = [];
  const plan = [
    ['id_replacement', DAYS.tue, '12:00'], ['id_replacement', DAYS.tue, '12:30'],
    ['household_transcript', DAYS.tue, '17:30'], ['moving', DAYS.wed, '12:00'],
    ['moving', DAYS.wed, '09:00'], ['moving', DAYS.thu, '13:00'], ['moving', DAYS.thu, '17:30'],
    ['household_transcript', DAYS.fri, '12:00'], ['marriage', DAYS.sat, '08:00'],
    ['name_change', DAYS.sat, '10:00'], ['marriage', DAYS.sun, '09:00'], ['moving', DAYS.mon, '12:00'],
  ];
  for (const [i, [service, day, hhmm]] of plan.entries()) {
    made.push(await server.book({ service, start: at(day, hhmm), n: 4700 + i }));
  }
  const before = server.now;
  await server.stop();
  server.now = at(DAYS.tue, '12:00');
  await server.start();
  const noShow = await server.api('POST', `/api/v1/bookings/${made[0].code}/no-show`, null, server.manager());
  c.eq(noShow.status, 200, 'a manager records a no-show');
  await server.stop();
  server.now = before;
  await server.start();

  ctx.step('without a session: the sign-in page');
  const stranger = await ctx.tab({ server, width: 360 });
  await stranger.goto(PAGE, 'opening the figures without signing in');
  await stranger.expectPage('the sign-in page', { path: '/admin/signin' });
  c.check(!(await stranger.exists('svg.fh-chart')), 'no chart without a session');

  for (const [width, lang, query] of [[360, 'zh-Hant-TW', ''], [1280, 'en', '?lang=en']]) {
    ctx.step(`the figures at ${width} px in ${lang}`);
    const tab = await ctx.tab({ server, width });
    await tab.signIn('chen', PASSWORD);
    await tab.followTo('/admin/figures', {}, 'the link to the figures on the manager home');
    await tab.expectPage('the figures', { path: PAGE });
    if (query) {
      await tab.goto(PAGE + query, 'the figures in English');
      await tab.expectPage('the figures in English');
    }
    await checkPage(tab, `figures-${lang}`, { lang, maxBytes: MAX_BYTES });
    const charts = await tab.eval(() => [...document.querySelectorAll('svg.fh-chart')].map((svg) => {
      const ids = (svg.getAttribute('aria-labelledby') || '').split(' ');
      const section = svg.closest('section');
      const table = section ? section.querySelector('table') : null;
      return {
        role: svg.getAttribute('role'),
        name: ids.map((id) => (document.getElementById(id) || {}).textContent || '').join(' ').trim(),
        described: !!document.getElementById(svg.getAttribute('aria-describedby') || '-'),
        caption: table && table.caption ? table.caption.textContent.trim() : '',
        rowHeaders: table ? table.querySelectorAll('tbody th[scope="row"]').length : 0,
        rows: table ? table.tBodies[0].rows.length : 0,
        width: svg.getBoundingClientRect().width,
      };
    }));
    c.eq(charts.length, 6, 'six charts');
    for (const ch of charts) {
      c.eq(ch.role, 'img', 'each chart is an image');
      c.check(ch.name.length > 0 && ch.described, `chart "${ch.name}" has a name and a description`);
      c.check(ch.caption.length > 0, `chart "${ch.name}" has a table with a caption`);
      c.check(ch.rows > 0 && ch.rowHeaders === ch.rows, `chart "${ch.name}": every row has its header`);
      c.check(ch.width >= 300, `chart "${ch.name}" is ${Math.round(ch.width)} px wide, enough to read`);
    }
    // Tuesday's two noon bookings are in the table of demand, in the week of 2 March.
    const demand = await tab.eval(() => {
      const t = document.querySelector('section[aria-labelledby="fig-demand-heading"] table');
      const row = [...t.tBodies[0].rows].find((r) => ['2026/3/2', '2 Mar 2026'].includes(r.cells[0].textContent.trim()));
      return row ? [...row.cells].map((x) => x.textContent.trim()) : null;
    });
    // Noon is 12:00-13:30: Tue 12:00 and 12:30, Wed 12:00, Thu 13:00, Fri 12:00;
    // evening 17:30 on Tue and Thu; no roster published, so nobody on duty.
    c.eq(demand, [demand ? demand[0] : '', '5', '0', '2', '0'], 'the week of 2 March: noon and evening bookings and staff');
    const csv = await tab.eval(() => {
      const a = document.querySelector('a[href*="figures.csv"]');
      return a ? a.getAttribute('href') : null;
    });
    c.check(csv !== null, 'the page links the CSV');
  }
});
