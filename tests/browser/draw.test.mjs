// A lucky-date draw on a phone (issue 15). Sunday 2026-03-22's marriage
// places (two hours of the holiday window, one place an hour) are given by
// a draw: requests 2026-03-02 09:00 to 2026-03-05 09:00, first come for
// what is left from 2026-03-06 09:00. A couple on a 360 px phone in zh-TW
// finds the date marked 抽籤 on the booking flow's month grid, reads the
// draw (period, first come, the commitment in a <code> that fits the
// phone), files a request through the form (its errors first), and gets the
// request's page; the same couple asking again (the partner this time) is
// told they already have. Three other couples ask through the API. The
// server is restarted after the close (it runs the draw at start): the
// request's page shows the rank and the outcome (a booked one its code and
// a link to its manage page, a waiting one the waitlist), the day's page
// the seed (whose SHA-256 is the commitment) and the published result.
// Every page passes the harness's checks; the national IDs never show.
import crypto from 'node:crypto';
import { run, checkPage, nationalId, OFFICE, at } from './lib.mjs';
import * as flow from './flow.mjs';

const ZH = 'zh-Hant-TW';
const LUCKY = '2026-03-22';
const SERVICE = 'marriage';
const CLOSED = '2026-03-05T09:30:00+08:00';
const DRAW_API = `/api/v1/offices/${OFFICE}/draws/${LUCKY}`;
const FORM = `/o/${OFFICE}/draw/${LUCKY}`;
const COUPLE = {
  name: '王小明', id: nationalId(2401), phone: '0912024010', email: 'p2401@example.com.tw',
  partnerName: '陳美華', partnerId: nationalId(2451),
};

run('draw', async (ctx) => {
  const c = ctx.c;
  const server = await ctx.server({
    adjust(cfg) {
      const office = cfg.offices[0];
      for (const w of office.windows) {
        w.capacity = 1;
        if (w.name === 'holiday') w.end = '11:00';
      }
      office.releases = [{
        date: LUCKY,
        release: {
          on: '2026-03-06', at: '09:00',
          draw: { opens: { on: '2026-03-02', at: '09:00' }, closes: { on: '2026-03-05', at: '09:00' } },
        },
      }];
    },
  });
  const published = await server.api('GET', DRAW_API);
  c.eq(published.status, 200, 'the draw is published');
  const commitment = (published.json && published.json.commitment) || '';
  c.check(/^[0-9a-f]{64}$/.test(commitment), `a commitment before requests (${commitment})`);
  const hidden = [COUPLE.id, COUPLE.partnerId];

  ctx.step('the office page names the draw among the dates released at a set time');
  let phone = await ctx.tab({ server, width: 360 });
  await flow.home(phone, { lang: ZH });
  const releases = (await phone.text('#releases')) || '';
  c.check(releases.includes(LUCKY) && releases.includes('抽籤登記 2026-03-02 09:00 至 2026-03-05 09:00'),
    `the office page says when the draw takes requests (${releases})`);

  ctx.step('the couple finds the date marked 抽籤 on the month grid');
  await flow.startBooking(phone, { lang: ZH });
  await flow.chooseService(phone, { service: SERVICE, lang: ZH });
  const sel = `a[href*="day=${LUCKY}"]`;
  const cell = await phone.eval((s) => {
    const a = document.querySelector(s);
    return a ? a.innerText : null;
  }, sel);
  c.check(cell !== null && cell.includes('抽籤'), `the draw's day is a link that says 抽籤 (${cell})`);
  await phone.follow(sel, 'the draw\'s day');
  await phone.expectPage('the draw\'s day', { path: `/o/${OFFICE}/book/time` });
  await checkPage(phone, 'day-with-draw', { lang: ZH });
  const panel = (await phone.text('.fh-draw')) || '';
  c.check(panel.includes('這一天的名額以抽籤分配'), 'the day says its places are drawn');
  c.check(panel.includes('2026年3月2日（一） 09:00') && panel.includes('2026年3月5日（四） 09:00'),
    `the day gives the draw's period (${(await phone.text('#draw-period')) || ''})`);
  c.check(((await phone.text('#draw-first-come')) || '').includes('2026年3月6日（五） 09:00 起，先到先得'),
    'the day says when first come opens for what is left');
  c.eq(((await phone.text('#draw-commitment code')) || '').trim(), commitment, 'the commitment shown is the published one');
  const fits = await phone.eval(() => {
    const e = document.querySelector('#draw-commitment code');
    const r = e.getBoundingClientRect();
    return r.right <= window.innerWidth;
  });
  c.check(fits, 'the commitment wraps within the phone\'s width');
  c.check(!(await phone.exists('#waitlist-link')), 'no waitlist link before the draw\'s date opens');

  ctx.step('the request form: its errors, then the couple\'s request');
  await phone.follow('#draw-request', 'the link to ask for a place');
  await phone.expectPage('the draw\'s form', { path: FORM });
  await checkPage(phone, 'draw-form', { lang: ZH });
  c.eq((await phone.text('h1') || '').trim(), '登記抽籤', 'the form\'s heading');
  c.check(((await phone.text('#start-hint')) || '').includes('最接近的空檔'), 'the time is said to be a preference');
  await phone.submit('sending the form empty', '#send');
  await phone.expectPage('the form with its faults', { status: 422, path: FORM });
  await checkPage(phone, 'draw-form-errors', { lang: ZH });
  const summary = (await phone.text('.fh-error-summary')) || '';
  c.check(summary.includes('請選擇希望的時間') && summary.includes('請輸入姓名'),
    `the error summary names the time and the name (${summary.replace(/\s+/g, ' ')})`);
  await phone.choose('start', at(LUCKY, '10:00'), 'the time asked for');
  await flow.fillDetails(phone, COUPLE);
  const sent = await phone.submit('sending the request', '#send');
  await phone.expectPage('the request\'s page', { path: /^\/d\/[A-Z0-9]+$/ });
  c.eq(sent.redirects.map((x) => x.status), [303], 'the request is answered by 303 See Other');
  await checkPage(phone, 'request-pending', { lang: ZH, hidden });
  const requestPath = phone.path.replace(/&done=requested$/, '');
  const number = ((await phone.text('#draw-number')) || '').trim();
  c.check(/^[A-Z0-9]{8}$/.test(number), `the request's number is shown (${number})`);
  const pending = (await phone.text('main')) || '';
  c.check(pending.includes('已收到您的抽籤登記'), 'the page says the request is in');
  c.check(((await phone.text('#draw-outcome')) || '').includes('尚未抽籤'), 'pending: not drawn yet, told by e-mail or SMS');
  c.check(pending.includes('10:00') && pending.includes('2026年3月22日（日）'), 'the page shows the date and the time asked for');
  c.eq(((await phone.text('#draw-commitment code')) || '').trim(), commitment, 'the request\'s page shows the commitment');

  ctx.step('the same couple again, the partner asking: refused in words');
  await phone.goto(`${FORM}?service=${SERVICE}`, 'the form again');
  await phone.choose('start', at(LUCKY, '09:00'), 'another time');
  await flow.fillDetails(phone, { ...COUPLE, name: COUPLE.partnerName, id: COUPLE.partnerId, partnerName: COUPLE.name, partnerId: COUPLE.id });
  await phone.submit('asking a second time', '#send');
  await phone.expectPage('the second request refused', { status: 409, path: FORM });
  await checkPage(phone, 'draw-form-already', { lang: ZH, hidden });
  const refused = (await phone.text('.fh-error-summary')) || '';
  c.check(refused.includes('已經登記過這次抽籤') && refused.includes('每對新人只能登記一次'),
    `the refusal says they have asked already (${refused.replace(/\s+/g, ' ')})`);

  ctx.step('three other couples ask through the API');
  const others = [];
  for (let i = 0; i < 3; i++) {
    const n = 2402 + i;
    const r = await server.api('POST', `${DRAW_API}/requests`, {
      service: SERVICE, start: at(LUCKY, i % 2 ? '10:00' : '09:00'), name: `新人 ${n}`, national_id: nationalId(n),
      phone: `09120${n}0`, email: `p${n}@example.com.tw`, lang: 'zh-TW',
      partner_name: `伴侶 ${n}`, partner_national_id: nationalId(n + 50),
    });
    c.eq(r.status, 201, `couple ${n}'s request`);
    if (r.status === 201) others.push(r.json);
  }

  ctx.step('after the close the server draws; the page shows the outcome');
  await server.stop();
  server.now = CLOSED;
  await server.start();
  let drawn = null;
  for (let i = 0; i < 50; i++) {
    drawn = (await server.api('GET', DRAW_API)).json;
    if (drawn && drawn.done) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  c.check(drawn && drawn.done, 'the draw is done after the restart');
  const seed = (drawn && drawn.seed) || '';
  c.eq(crypto.createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex'), commitment,
    'the revealed seed\'s SHA-256 is the commitment');
  const listed = Object.fromEntries(((drawn && drawn.request_list) || []).map((q) => [q.number, q]));
  const mine = listed[number] || {};
  // The server listens on another port now: the couple opens their link anew.
  await phone.close();
  phone = await ctx.tab({ server, width: 360 });
  await phone.goto(requestPath, 'the request\'s page after the draw');
  await phone.expectPage('the request\'s page after the draw', { path: `/d/${number}` });
  await checkPage(phone, `request-${mine.outcome}`, { lang: ZH, hidden });
  c.eq(((await phone.text('#draw-rank')) || '').trim(), String(mine.rank), 'the page shows the rank the draw gave');
  const outcome = (await phone.text('#draw-outcome')) || '';
  c.eq(((await phone.text('#draw-seed code')) || '').trim(), seed, 'the page shows the revealed seed');
  c.check(await phone.exists(`a#draw-result[href="${DRAW_API}"]`), 'the page links to the published result');
  if (mine.outcome === 'booked') {
    c.check(outcome.includes('您抽中了') && /[A-Z0-9]{6,}/.test(((await phone.text('#draw-booking-code')) || '')),
      `booked: the page says so with the booking's code (${outcome})`);
    await phone.follow('#draw-manage', 'the booking\'s manage page');
    await phone.expectPage('the booking\'s manage page', { path: /^\/b\/[A-Za-z0-9]+$/ });
    await checkPage(phone, 'drawn-booking', { lang: ZH, hidden });
  } else {
    c.check(outcome.includes('候補名單'), `waiting: the page says they are on the day's waitlist (${outcome})`);
  }

  ctx.step('another couple\'s page, the other outcome, in English');
  const other = others.find((q) => listed[q.number] && listed[q.number].outcome !== mine.outcome);
  c.check(other !== undefined, 'the draw gave both outcomes');
  const en = await ctx.tab({ server, width: 360, acceptLanguage: 'en-GB,en;q=0.9' });
  if (other) {
    await en.goto(`/d/${other.number}?k=${other.token}`, 'another request\'s page in English');
    await en.expectPage('another request\'s page', { path: `/d/${other.number}` });
    await checkPage(en, `request-${listed[other.number].outcome}-en`, { lang: 'en' });
    const words = (await en.text('#draw-outcome')) || '';
    c.check(listed[other.number].outcome === 'waiting' ? words.includes('waitlist') : words.includes('You were drawn and booked'),
      `the English page says the outcome (${words})`);
    if (listed[other.number].outcome === 'booked') {
      await en.follow('#draw-manage', 'the booking\'s manage page');
      await en.expectPage('the booking\'s manage page', { path: /^\/b\/[A-Za-z0-9]+$/ });
      await checkPage(en, 'drawn-booking-en', { lang: 'en' });
    }
  }

  ctx.step('the day\'s page after the draw: the seed, the result, how to check it');
  await phone.goto(`/o/${OFFICE}/book/time?service=${SERVICE}&day=${LUCKY}`, 'the draw\'s day after the draw');
  await phone.expectPage('the draw\'s day after the draw');
  await checkPage(phone, 'day-drawn', { lang: ZH });
  c.eq(((await phone.text('#draw-seed code')) || '').trim(), seed, 'the day shows the revealed seed');
  c.check(((await phone.text('#draw-verify')) || '').includes('flexhours draw verify'), 'the day says how to check the draw');
  c.check(!(await phone.exists('#draw-request')), 'no link to ask once the draw is closed');

  ctx.step('a wrong token: one 404 page');
  await en.goto(`/d/${number}?k=${'0'.repeat(32)}`, 'a wrong token');
  await en.expectPage('a wrong token', { status: 404 });
  await checkPage(en, 'request-not-found-en', { lang: 'en' });
  await phone.close();
  await en.close();
});
