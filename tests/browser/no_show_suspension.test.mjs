// No-shows and the suspension they lead to (issue 15), as the people meet
// them. A citizen books three noons through the API; on Thursday at 12:10
// the counter's day board offers the no-show of that day's booking only
// disabled, saying from when (the start plus the 15 minutes' grace); at
// 12:20 the first two are marked through the API and the third with the
// board's button, which suspends the person's online booking until
// 2026-09-01. The citizen then goes through the booking pages on a phone
// and is refused in words, in zh-TW and in English, with the date and what
// to do instead. A manager lifts the suspension on /admin/suspensions
// (masked IDs only, a reason asked), sees it gone and audited, and the
// citizen books. Every page passes axe and the harness's checks.
import { run, checkPage, at, nationalId, MANAGER_TOKEN, OFFICE } from './lib.mjs';
import * as flow from './flow.mjs';

const ZH = 'zh-Hant-TW';
const PASSWORD = 'noshow-browser-1';
const PERSON = 1901;
const NID = nationalId(PERSON);
const TUE = '2026-03-03';
const WED = '2026-03-04';
const THU = '2026-03-05';
const NEXT_TUE = '2026-03-10';
// The third no-show is on Thursday 5 March: 180 days on.
const UNTIL = '2026-09-01';
const REASON = '住院證明，經主任同意';
const AUTH = { Authorization: `Bearer ${MANAGER_TOKEN}` };

/** The citizen's details as typed on step 4. */
const CITIZEN = {
  name: '王小明', id: NID, phone: '0912019010', email: 'p1901@example.com.tw',
};

run('no_show_suspension', async (ctx) => {
  const c = ctx.c;
  const server = await ctx.server({
    adjust(cfg) {
      const o = cfg.offices[0];
      o.lapse_minutes = 15;
      // Lapses do not count here: the counting is left to the marks the
      // scenario makes (the lapse pass runs at each start).
      o.no_show_policy = { count: 3, within_days: 365, suspend_days: 180, count_lapsed: false };
    },
  });
  server.addStaff('chen', { name: '陳美玲', role: 'manager', password: PASSWORD });

  ctx.step('Monday: three noon bookings of the person, Tuesday to Thursday');
  const codes = [];
  for (const [day, service] of [[TUE, 'name_change'], [WED, 'id_replacement'], [THU, 'seal_change']]) {
    const b = await server.book({ service, start: at(day, '12:00'), n: PERSON, phone: CITIZEN.phone, email: CITIZEN.email });
    codes.push(b.code);
  }

  const restart = async (now) => {
    await server.stop();
    server.now = now;
    await server.start();
  };

  ctx.step('Thursday 12:10: the board offers the no-show only after the grace');
  await restart(at(THU, '12:10'));
  let tab = await ctx.tab({ server, width: 1280 });
  await tab.signIn('chen', PASSWORD);
  await tab.followTo('/admin/day', {}, 'the link to the day board');
  await tab.expectPage('the day board', { path: '/admin/day' });
  await checkPage(tab, 'board-early', { lang: ZH, hidden: [NID] });
  const early = await tab.eval((code) => {
    const b = document.getElementById(`no_show-${code}`);
    const row = document.getElementById(`row-${code}`);
    return b ? { disabled: b.disabled, row: row ? row.innerText : '', described: b.getAttribute('aria-describedby') } : null;
  }, codes[2]);
  c.check(early !== null, `the board has the no-show button of ${codes[2]}`);
  if (early) {
    c.check(early.disabled, 'before the grace the no-show button is disabled');
    c.check(/12:15/.test(early.row), `the row says from when a no-show can be marked, 12:15 (${early.row.replace(/\s+/g, ' ')})`);
    const hint = early.described ? await tab.text(`#${early.described.split(' ')[0]}`) : null;
    c.check(hint && hint.includes('12:15'), `the disabled button is described by the time it opens (${hint})`);
  }
  await tab.close();

  ctx.step('Thursday 12:20: two no-shows through the API, the third with the board\'s button');
  await restart(at(THU, '12:20'));
  for (const code of codes.slice(0, 2)) {
    const r = await server.api('POST', `/api/v1/bookings/${code}/no-show`, null, AUTH);
    c.eq([r.status, r.json && r.json.status], [200, 'no_show'], `the no-show of ${code}`);
  }
  tab = await ctx.tab({ server, width: 1280 });
  await tab.signIn('chen', PASSWORD);
  await tab.goto(`/admin/day?office=${OFFICE}&date=${THU}`, 'the day board after the grace');
  await tab.expectPage('the day board', { path: '/admin/day' });
  await checkPage(tab, 'board-after-grace', { lang: ZH, hidden: [NID] });
  c.eq(await tab.eval((code) => {
    const b = document.getElementById(`no_show-${code}`);
    return b ? b.disabled : null;
  }, codes[2]), false, 'after the grace the no-show button is enabled');
  await tab.submit('marking the no-show', `#no_show-${codes[2]}`);
  await tab.expectPage('the board after the no-show', { path: '/admin/day' });
  await checkPage(tab, 'board-no-show', { lang: ZH, hidden: [NID] });
  c.check(((await tab.text(`#row-${codes[2]}`)) || '').includes('未到'), 'the row says no-show');
  const api = await server.api('GET', `/api/v1/bookings/${codes[2]}`, null, AUTH);
  c.eq(api.json && api.json.status, 'no_show', 'the API has the no-show');
  await tab.close();

  ctx.step('the citizen on a phone, in zh-TW: the booking pages and the refusal');
  const phone = await ctx.tab({ server, width: 360 });
  const lang = ZH;
  const start = at(NEXT_TUE, '12:30');
  await flow.home(phone, { lang });
  await flow.startBooking(phone, { lang });
  await flow.chooseService(phone, { service: 'id_replacement', lang });
  await flow.chooseDay(phone, { day: NEXT_TUE, window: 'noon', lang });
  await flow.chooseTime(phone, { start, window: 'noon', lang, hidden: [NID] });
  await flow.fillDetails(phone, CITIZEN);
  await flow.sendDetails(phone, CITIZEN, { lang });
  const refused = await phone.submit('step 5, booking while suspended');
  await phone.expectPage('the refusal', { status: 409, path: `${flow.BOOK}/check` });
  c.eq(refused.redirects.map((x) => x.status), [303], 'the refused booking is answered by 303 See Other');
  await checkPage(phone, 'refused', { lang, hidden: [NID] });
  let main = (await phone.text('main')) || '';
  c.eq((await phone.text('h1') || '').trim(), '目前無法線上預約', 'the heading says booking online is not possible now');
  c.check(main.includes('線上預約已暫停'), 'the page says online booking is suspended (線上預約已暫停)');
  c.eq(((await phone.text('#suspended-until')) || '').trim(), '可以再線上預約的日期：2026年9月1日（二）',
    'the page says from when the person can book online again, as people read dates');
  c.check(main.includes('沒有完成'), 'the page says nothing was booked');
  const instead = (await phone.texts('#suspended-instead li')).join(' | ');
  c.check(/致電/.test(instead) && /親自/.test(instead) && instead.includes('臺中市南區（示範地址）'),
    `the page says to call, or to come in person, and where (${instead})`);
  c.check(!/suspended|error|SCHED_|409/i.test(main), 'no code of the refusal is shown in the zh-TW page');
  c.check(!(await phone.exists('main form button[type="submit"]')), 'no button offers to book what cannot be booked');
  c.check(!(await phone.exists('.fh-error-summary')), 'the refusal is no "fix these problems" box: nothing on the form can change it');

  ctx.step('the same page in English');
  await phone.follow('a.fh-lang-switch', 'the language switch');
  await phone.expectPage('the refusal in English', { status: 409, path: `${flow.BOOK}/check` });
  await checkPage(phone, 'refused-en', { lang: 'en', hidden: [NID] });
  main = (await phone.text('main')) || '';
  c.check(/online booking at this office is suspended/i.test(main), 'the English page says online booking is suspended');
  c.check(main.includes('1 September 2026'), `the English page says until 1 September 2026 (${main.slice(0, 300)})`);
  c.check(/call the office/.test(main) && /in person/.test(main), 'the English page says to call or come in person');
  c.eq(((await phone.text('#suspended-until')) || '').trim(), 'You can book online again from Tuesday 1 September 2026',
    'the English page says from when, as people read dates');
  c.check(!/error=|SCHED_|\b409\b|^suspended$/m.test(main), 'no code of the refusal is shown in the English page');

  ctx.step('the manager lifts the suspension, at 1280 px');
  tab = await ctx.tab({ server, width: 1280 });
  await tab.signIn('chen', PASSWORD);
  await tab.followTo('/admin/suspensions', {}, 'the home page\'s link to the suspensions');
  await tab.expectPage('the suspensions', { path: '/admin/suspensions' });
  await checkPage(tab, 'suspensions', { lang: ZH, hidden: [NID] });
  const html = await tab.eval(() => document.documentElement.outerHTML);
  c.check(!html.includes(NID), 'the page holds no whole national ID, not even in its markup');
  const masked = `${NID[0]}******${NID.slice(-3)}`;
  const rows = await tab.texts('#suspensions tbody tr');
  const row = rows.find((t) => t.includes(masked)) || '';
  c.check(row !== '', `the person is listed masked as ${masked} (${rows.join(' | ')})`);
  c.check(row.includes('2026年9月1日'), `the row says until when (${row.replace(/\s+/g, ' ')})`);
  c.check(row.includes(codes[2]), 'the row names the latest missed booking');
  await tab.follow('#suspensions tbody tr a[href*="lift="]', 'the Lift button of the person');
  await tab.expectPage('the question before the lift', { path: '/admin/suspensions' });
  await checkPage(tab, 'lift-confirm', { lang: ZH, hidden: [NID] });
  const who = (await tab.text('#lift-who')) || '';
  c.check(who.includes(masked) && who.includes('2026年9月1日') && who.includes(codes[2]),
    `the question names the person (masked), the date and the missed booking (${who.replace(/\s+/g, ' ')})`);
  c.check(!(await tab.eval(() => document.documentElement.outerHTML)).includes(NID), 'the question holds no whole national ID');
  await tab.submit('lifting without a reason', 'main form[action="/admin/suspensions/lift"] button[type="submit"]');
  await tab.expectPage('the question again, with its error', { status: 422, path: '/admin/suspensions' });
  await checkPage(tab, 'lift-no-reason', { lang: ZH, hidden: [NID] });
  c.check(((await tab.text('#reason-error')) || '').includes('請輸入解除暫停的原因'), 'the reason is asked for, beside the field');
  c.check(((await tab.text('.fh-error-summary')) || '').includes('請輸入解除暫停的原因'), 'and in the error summary');
  const still = await server.api('GET', `/api/v1/offices/${OFFICE}/suspensions`, null, AUTH);
  c.eq((still.json && still.json.suspensions || []).length, 1, 'a lift without a reason changed nothing');
  await tab.fill('#reason', REASON, 'the reason of the lift');
  await tab.submit('lifting the suspension', 'main form[action="/admin/suspensions/lift"] button[type="submit"]');
  await tab.expectPage('the suspensions after the lift', { path: '/admin/suspensions' });
  await checkPage(tab, 'suspensions-lifted', { lang: ZH, hidden: [NID] });
  c.check(((await tab.text('.fh-notice')) || '').includes('已解除暫停'), 'the page says the suspension is lifted');
  c.check(!((await tab.text('main')) || '').includes(masked), 'the person is gone from the list');

  ctx.step('the lift in the audit trail');
  await tab.goto('/admin/audit?action=suspension-lifted', 'the audit trail of lifts');
  await tab.expectPage('the audit trail', { path: '/admin/audit' });
  await checkPage(tab, 'audit', { lang: ZH, hidden: [NID] });
  const audit = await tab.texts('#audit tbody tr');
  c.check(audit.length === 1 && audit[0].includes('suspension-lifted') && audit[0].includes('user:chen') &&
    audit[0].includes(codes[2]), `the lift is audited: by whom, the missed booking (${audit.join(' | ')})`);
  c.check(audit.length === 1 && audit[0].includes(REASON), 'the audit entry keeps the reason');
  await tab.close();

  ctx.step('the citizen books again');
  await phone.goto(`${flow.BOOK}/check?service=id_replacement&start=${encodeURIComponent(start)}&lang=zh-TW`,
    'the check page again');
  await phone.expectPage('step 5 again', { path: `${flow.BOOK}/check` });
  await checkPage(phone, 'check-again', { lang, hidden: [NID] });
  c.check(!(await phone.exists('.fh-error-summary')), 'no refusal is shown any more');
  const done = await flow.book(phone, { lang, hidden: [NID] });
  c.check(/^[A-Z0-9]{8}$/.test(done.code), `the citizen has booked (${done.code})`);
});
