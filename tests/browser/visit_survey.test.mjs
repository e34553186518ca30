// After the visit (issue 15), as people meet it on a phone. A citizen books
// a Saturday time of a residents-only window (the 本轄居民 Saturdays): step 4
// asks whether they are registered in the district (the counter checks the
// address), and the optional help the counter should prepare (wheelchair,
// 愛心櫃檯, an interpreter); the check page and the booking's page show both.
// The counter's day board shows them where the person's name is. Another
// visit is completed at the counter; its survey e-mail links the survey page,
// which a phone without JavaScript answers: nothing chosen is refused with
// the error summary, the answers are taken once (thanks), and the page then
// says they were. The manager reads the averages and the comment. Every page
// passes axe and the harness's checks at 360 px.
import { run, checkPage, waitOutbox, at, nationalId, OFFICE } from './lib.mjs';
import * as flow from './flow.mjs';

const ZH = 'zh-Hant-TW';
const PASSWORD = 'visit-browser-1';
const SAT = '2026-03-07';
const TUE = '2026-03-03';
const CITIZEN = {
  name: '阮氏梅', id: nationalId(2101), phone: '0912021010', email: 'p2101@example.com.tw',
};
const COMMENT = '櫃檯人員很親切，<b>等候</b>稍久。';

run('visit_survey', async (ctx) => {
  const c = ctx.c;
  const server = await ctx.server({
    adjust(cfg) {
      const o = cfg.offices[0];
      for (const w of o.windows) if (w.name === 'saturday') w.residents_only = true;
      o.satisfaction_survey = true;
    },
  });
  server.addStaff('lin', { name: '林怡君', role: 'manager', password: PASSWORD });

  ctx.step('a phone books a residents-only Saturday with needs');
  const tab = await ctx.tab({ server, width: 360 });
  const start = at(SAT, '09:00');
  await flow.home(tab, { lang: ZH });
  await flow.startBooking(tab, { lang: ZH });
  await flow.chooseService(tab, { service: 'id_replacement', lang: ZH });
  await flow.chooseDay(tab, { day: SAT, window: 'saturday', lang: ZH });
  await flow.chooseTime(tab, { start, window: 'saturday', lang: ZH });
  const question = (await tab.text('main')) || '';
  c.check(question.includes('您是否設籍本區') && question.includes('臨櫃時會核對您的戶籍地址'),
    'step 4 asks whether the person is registered in the district, saying the counter checks it');
  c.check(await tab.exists('fieldset input[type="checkbox"][name="wheelchair"]') &&
    await tab.exists('fieldset select[name="interpreter"]'), 'step 4 offers the needs in a fieldset');
  await flow.fillDetails(tab, CITIZEN);
  await tab.submit('step 4 without the residents\' answer');
  await tab.expectPage('step 4 again, the answer missing', { status: 422 });
  c.check(((await tab.text('.fh-error-summary')) || '').includes('請回答您是否設籍本區'),
    'the error summary asks for the answer');
  await checkPage(tab, 'details-resident-missing', { lang: ZH, hidden: [CITIZEN.id] });
  await tab.choose('resident', 'yes', 'answering yes, registered in the district');
  await tab.clickElement('#wheelchair', 'ticking wheelchair access');
  await tab.eval(() => {
    const s = document.querySelector('#interpreter');
    s.value = 'vi';
  });
  await tab.fill('#national_id', CITIZEN.id, 'the national ID again');
  await checkPage(tab, 'details-needs', { lang: ZH, hidden: [CITIZEN.id] });
  const summary = await flow.sendDetails(tab, CITIZEN, { lang: ZH });
  c.check(summary.includes('設籍本區（臨櫃核對戶籍地址）'), 'the check page shows the resident claim');
  c.check(summary.includes('輪椅通行') && summary.includes('越南語'), 'the check page shows the needs');
  const booked = await flow.book(tab, { lang: ZH, hidden: [CITIZEN.id] });
  c.check(booked.text.includes('輪椅通行') && booked.text.includes('通譯：越南語'),
    'the booking\'s page shows the needs');

  ctx.step('the day board shows the claim and the needs');
  const desk = await ctx.tab({ server, width: 1280 });
  await desk.signIn('lin', PASSWORD);
  await desk.goto(`/admin/day?office=${OFFICE}&date=${SAT}`, 'Saturday\'s board');
  await desk.expectPage('Saturday\'s board');
  c.check(((await desk.text(`#needs-${booked.code}`)) || '').includes('越南語'), 'the board shows the interpreter');
  c.check(await desk.exists(`#resident-${booked.code}`), 'the board shows the resident claim to check');
  await checkPage(desk, 'board-needs', { lang: ZH });

  ctx.step('Tuesday: a visit completed at the counter; its survey');
  const visit = await server.book({ service: 'name_change', start: at(TUE, '10:00'), n: 2102 });
  await server.stop();
  server.now = at(TUE, '10:05');
  await server.start();
  for (const step of ['check-in', 'complete']) {
    const r = await server.api('POST', `/api/v1/bookings/${visit.code}/${step}`, null, server.manager());
    c.eq(r.status, 200, `the counter's ${step}`);
  }
  const [mail] = await waitOutbox(server, (m) => m.channel === 'email' && m.code === visit.code && m.kind === 'survey', 'the survey e-mail');
  const link = (mail.text.match(/https?:\/\/\S+\/b\/[A-Z0-9]+\/survey\?k=\S+/) || [])[0];
  if (!c.check(link !== undefined, 'the e-mail links the survey page')) return;
  const path = new URL(link).pathname + new URL(link).search;

  const phone = await ctx.tab({ server, width: 360, js: false });
  await phone.goto(path, 'the survey link, JavaScript off');
  await phone.expectPage('the survey page');
  c.eq(await phone.count('fieldset input[type="radio"]'), 15, 'three questions of five scores');
  await checkPage(phone, 'survey', { lang: ZH });
  await phone.submit('the survey sent with nothing chosen');
  await phone.expectPage('the survey again', { status: 422 });
  c.eq(await phone.count('.fh-error-summary li'), 3, 'the summary names the three questions');
  await checkPage(phone, 'survey-errors', { lang: ZH });
  await phone.choose('waiting', '3', 'waiting time 3');
  await phone.choose('courtesy', '5', 'courtesy 5');
  await phone.choose('overall', '4', 'overall 4');
  await phone.fill('#comment', COMMENT, 'the comment');
  await phone.submit('the survey sent');
  await phone.expectPage('thanks');
  c.check(((await phone.text('#survey-notice')) || '').includes('謝謝您的回饋'), 'thanks');
  await checkPage(phone, 'survey-thanks', { lang: ZH });
  await phone.goto(path, 'the survey link again');
  await phone.expectPage('the answered survey');
  c.check(((await phone.text('#survey-notice')) || '').includes('已經填過'), 'the page says it was answered');
  c.eq(await phone.count('input[type="radio"]'), 0, 'and asks nothing more');
  await checkPage(phone, 'survey-answered', { lang: ZH });

  ctx.step('the manager reads the averages and the comment');
  // The server restarted on another port: a new tab of its origin.
  const office = await ctx.tab({ server, width: 1280 });
  await office.signIn('lin', PASSWORD);
  await office.goto(`/admin/offices/${OFFICE}/figures`, 'the figures');
  await office.expectPage('the figures');
  const row = (await office.text('#satisfaction tbody')) || '';
  c.check(row.includes('2026-03') && row.includes('3.00') && row.includes('5.00') && row.includes('4.00'),
    `the satisfaction table shows March's averages (${row.replace(/\s+/g, ' ')})`);
  await checkPage(office, 'figures-satisfaction', { lang: ZH });
  await office.follow('#comments-link', 'the link to the comments');
  await office.expectPage('the comments');
  c.check(((await office.text('#comments')) || '').includes(COMMENT), 'the comment shown as typed, as text');
  await checkPage(office, 'comments', { lang: ZH });
  const narrow = await ctx.tab({ server, width: 360 });
  await narrow.signIn('lin', PASSWORD);
  await narrow.goto(`/admin/offices/${OFFICE}/comments`, 'the comments on a phone');
  await narrow.expectPage('the comments on a phone');
  await checkPage(narrow, 'comments-phone', { lang: ZH });
});
