// A couple registers their marriage on a working day to take effect on the
// Sunday after (issue 15: a designated date, without holiday staff), on a
// phone in zh-TW. Step 4 of a marriage offers an optional "指定生效日" with
// what it is for and how many office days ahead it may lie; a date four
// office days ahead is refused on the field, in words, the page still
// passing axe; the Sunday three office days ahead goes through to the
// answers, the booking's page and the API. Another service's step 4 does
// not ask for the date.
import { run, checkPage, nationalId, at, DAYS, OFFICE } from './lib.mjs';
import * as flow from './flow.mjs';

const ZH = 'zh-Hant-TW';

run('designated_date', async (ctx) => {
  const c = ctx.c;
  const server = await ctx.server();
  const tab = await ctx.tab({ server, width: 360, acceptLanguage: 'zh-TW,zh;q=0.9' });
  const start = at(DAYS.wed, '12:00');
  const couple = {
    name: '陳威廷', id: nationalId(1401, 'B', '1'),
    partnerName: '林美玲', partnerId: nationalId(1402, 'B', '2'),
    phone: '0923451401', email: 'designated.couple@example.com.tw', lang: 'zh-TW',
  };

  ctx.step('a noon marriage on Wednesday');
  await flow.home(tab, { lang: ZH });
  await flow.startBooking(tab, { lang: ZH });
  await flow.chooseService(tab, { service: 'marriage', lang: ZH });
  await flow.chooseDay(tab, { day: DAYS.wed, window: 'noon', lang: ZH });
  await flow.chooseTime(tab, { start, window: 'noon', lang: ZH, name: 'details-designated',
    hidden: [] });

  ctx.step('step 4 offers the designated date, optional, explained');
  const field = await tab.eval(() => {
    const e = document.querySelector('#effective_date');
    if (!e) return null;
    const label = document.querySelector('label[for="effective_date"]');
    const hint = (e.getAttribute('aria-describedby') || '').split(' ')
      .map((id) => document.getElementById(id)).filter(Boolean).map((x) => x.innerText).join(' ');
    const why = document.getElementById('effective-why');
    return { type: e.type, required: e.required, label: label ? label.innerText : null, hint,
      why: why ? why.innerText : null };
  });
  if (!c.check(field !== null, 'a marriage\'s step 4 has #effective_date')) return;
  c.eq(field.type, 'date', 'the effective date is a date field (the phone\'s date picker)');
  c.check(!field.required, 'it is optional');
  c.check(field.label && field.label.includes('指定生效日'), `its label says 指定生效日 ("${field.label}")`);
  c.check(field.hint.includes('2027-05-20'), `it is described by an example of the form ("${field.hint}")`);
  c.check(field.why && field.why.includes('3 個上班日') && field.why.includes('假日'),
    `the page says what it is for and how far ahead ("${field.why}")`);

  ctx.step('a date four office days ahead is refused on the field');
  await flow.fillDetails(tab, couple);
  const setDate = (v) => tab.eval((value) => {
    const e = document.querySelector('#effective_date');
    e.value = value;
    return e.value;
  }, v);
  c.eq(await setDate('2026-03-10'), '2026-03-10', 'the date is entered');
  const refused = await tab.submit('step 4 with a date too far');
  c.eq(refused.status, 422, 'a date four office days ahead is answered 422');
  await checkPage(tab, 'details-designated-too-far', { lang: ZH, hidden: [couple.id, couple.partnerId] });
  const error = await tab.text('#effective_date-error');
  c.check(error && error.includes('指定生效日離辦理日太遠'), `the field says why ("${error}")`);
  const summary = await tab.texts('.fh-error-summary a');
  c.check(summary.some((s) => s.includes('指定生效日')), `the error summary links the field (${summary.join(' | ')})`);
  const described = await tab.attr('#effective_date', 'aria-describedby');
  c.check(described && described.includes('effective_date-error'), `the field is described by its error (${described})`);
  c.eq(await tab.eval(() => document.querySelector('#effective_date').value), '2026-03-10',
    'what was entered is shown again');

  ctx.step('the Sunday three office days ahead');
  await flow.fillDetails(tab, couple);
  await setDate(DAYS.sun);
  const answers = await flow.sendDetails(tab, couple, { lang: ZH });
  c.check(answers.includes('指定生效日') && answers.includes('（指定日期生效）'),
    `the answers show the designated date ("${answers.replace(/\s+/g, ' ').slice(0, 400)}")`);
  const booked = await flow.book(tab, { lang: ZH, hidden: [couple.id, couple.partnerId] });
  c.check(booked.text.includes('指定生效日') && booked.text.includes('3月8日'),
    'the booking\'s page shows the effective date');
  const b = await server.api('GET', `/api/v1/bookings/${booked.code}`, null, server.manager());
  c.eq(b.json && b.json.effective_date, DAYS.sun, 'the booking is stored with its effective date');

  ctx.step('another service does not ask for it');
  await tab.goto(`/o/${OFFICE}/book/details?service=id_replacement&start=${encodeURIComponent(at(DAYS.thu, '12:00'))}`);
  await tab.expectPage('step 4 of an ID card');
  c.check(!(await tab.exists('#effective_date')), 'an ID card\'s step 4 has no effective date');
});
