// The harness checks itself: Chromium starts, checkPage passes an accessible
// page (JavaScript on and off) and reports every fault of faulty ones (so its
// checks are not vacuous), and the outbox reader decodes what the real
// server writes.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {
  run, checkPage, Checker, readOutbox, waitOutbox, manageLinkIn, nationalId, isMaskOf, masksOf, at, DAYS,
  MAX_PAGE_BYTES,
} from './lib.mjs';

const CSP = "default-src 'self'; frame-ancestors 'none'; form-action 'self'";
const CSS = `
body { margin: 0; font-family: system-ui, "Noto Sans CJK TC", sans-serif; color: #0b0c0c; background: #fff; }
main { padding: 16px; }
.fh-skip-link { position: absolute; left: -9999px; }
.fh-skip-link:focus { position: static; }
label { display: block; font-weight: bold; }
input { font-size: 1rem; border: 2px solid #0b0c0c; padding: 8px; max-width: 100%; box-sizing: border-box; }
button { font-size: 1rem; padding: 10px 16px; background: #00703c; color: #fff; border: 0; }
.faint { color: #c8c8c8; }
.wide { width: 600px; height: 20px; background: #1d70b8; }
`;
const ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" fill="#1d70b8"/></svg>';

function page({ lang = 'zh-Hant-TW', title = '補領國民身分證｜預約', head = '', body, skip = true }) {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/static/t.css">
<link rel="icon" href="/static/icon.svg" type="image/svg+xml">
${head}
</head>
<body>
${skip ? '<a class="fh-skip-link" href="#main">跳到主要內容</a>' : ''}
<header><p>臺中市南區戶政事務所</p></header>
<main id="main">
${body}
</main>
</body>
</html>`;
}

const GOOD = page({
  body: `<h1>您的資料</h1>
<form method="post" action="/good" novalidate>
<label for="name">姓名</label>
<input id="name" name="name" autocomplete="name">
<label for="national_id">身分證字號</label>
<input id="national_id" name="national_id" autocomplete="off">
<button type="submit">繼續</button>
</form>`,
});

// Faults: an input without a label, faint text, the wrong language, no skip
// link, two h1, a stylesheet that is not there, an image from another origin
// (localhost is not 127.0.0.1), and no CSP header (see the server below).
const BAD = (port) => page({
  lang: 'en',
  skip: false,
  head: '<link rel="stylesheet" href="/static/missing.css">',
  body: `<h1>Your details</h1><h1>Again</h1>
<p class="faint">Please bring your seal.</p>
<img src="http://localhost:${port}/static/icon.svg" alt="">
<form method="post" action="/bad"><input name="anything"><button type="submit">Continue</button></form>`,
});

const WIDE = page({ body: '<h1>寬的頁面</h1><div class="wide"></div>' });
const HEAVY = page({ head: '<link rel="stylesheet" href="/static/heavy.css">', body: '<h1>很重的頁面</h1>' });
const HEAVY_CSS = '/* ' + 'x'.repeat(MAX_PAGE_BYTES + 4096) + ' */';

function fixtures() {
  const srv = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    const html = (body, extra = {}) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...extra });
      res.end(body);
    };
    const secure = { 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' };
    switch (u.pathname) {
      case '/good': return html(GOOD, secure);
      case '/bad': return html(BAD(srv.address().port));
      case '/wide': return html(WIDE, secure);
      case '/heavy': return html(HEAVY, secure);
      case '/static/t.css': res.writeHead(200, { 'content-type': 'text/css' }); return res.end(CSS);
      case '/static/heavy.css': res.writeHead(200, { 'content-type': 'text/css' }); return res.end(HEAVY_CSS);
      case '/static/icon.svg': res.writeHead(200, { 'content-type': 'image/svg+xml' }); return res.end(ICON);
      default: res.writeHead(404, { 'content-type': 'text/plain' }); return res.end('not here');
    }
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve(srv)));
}

run('harness', async (ctx) => {
  const c = ctx.c;
  const srv = await fixtures();
  ctx.defer(() => new Promise((r) => srv.close(r)));
  const origin = `http://127.0.0.1:${srv.address().port}`;

  ctx.step('Chromium starts');
  const b = await ctx.browser();
  const version = await b.browser.version();
  c.check(/Chrom/.test(version), `the browser's version: ${version}`);
  console.log(`# ${version}`);

  ctx.step('an accessible page passes every check, with JavaScript on and off');
  for (const js of [true, false]) {
    const tab = await ctx.tab({ origin, js });
    await tab.goto(`${origin}/good`);
    await tab.expectPage('the good fixture');
    const r = await checkPage(tab, `good-js-${js ? 'on' : 'off'}`, { lang: 'zh-Hant-TW', hidden: [nationalId(1)] });
    c.eq(r.problems, [], `the good fixture (JavaScript ${js ? 'on' : 'off'}) has no problem`);
    c.check(r.bytes > 0 && r.bytes < MAX_PAGE_BYTES, `the good fixture's weight is counted: ${r.bytes} bytes`);
    if (!js) {
      c.eq(await tab.eval(() => document.title), '補領國民身分證｜預約', 'the page reads with JavaScript off');
      // Typing and a real click submit a form with JavaScript off.
      await tab.fill('#name', '王小明');
      const resp = await tab.submit('sending the good form');
      c.eq(resp.status, 200, 'a form is sent with JavaScript off');
      c.eq(tab.visit.doc && tab.visit.doc.method, 'POST', 'the form was sent by POST');
    }
    await tab.close();
  }
  // A page opened on a desk (a tab 1280 px wide): screenshots at both widths.
  const desk = await ctx.tab({ origin, width: 1280 });
  await desk.goto(`${origin}/good`);
  c.eq((await checkPage(desk, 'good-desk', { lang: 'zh-Hant-TW' })).problems, [], 'the good fixture at 1280 px');
  await desk.close();
  const shots = path.join(process.env.FLEXHOURS_BUILDDIR || process.cwd(), 'tests', 'browser', 'shots', 'harness');
  const files = fs.existsSync(shots) ? fs.readdirSync(shots) : [];
  const all = process.env.FH_BROWSER_SHOTS === 'all';
  c.check(files.some((f) => /^\d\d-good-js-on-360\.png$/.test(f)) &&
    files.some((f) => /-good-js-on-1280\.png$/.test(f)) === all &&
    files.some((f) => /-good-desk-1280\.png$/.test(f)) && files.some((f) => /-good-desk-360\.png$/.test(f)),
    `a phone's page is shot at 360 px, a desk's at 360 and 1280, in ${shots} (found: ${files.join(', ')})`);

  // A checker of its own for the faulty pages: their failures are expected.
  const expectFaults = async (url, name, opts, wanted) => {
    const scratch = new Checker(name, { quiet: true });
    const tab = await ctx.tab({ origin, checker: scratch });
    await tab.goto(url);
    const r = await checkPage(tab, name, opts);
    for (const m of scratch.messages) console.log(`# reported, as it should be: ${m}`);
    c.check(scratch.failures > 0, `${name}: the checker fails`);
    for (const [re, what] of wanted) {
      c.check(r.problems.some((p) => re.test(p)), `${name}: ${what} is reported (reported: ${r.problems.join(' | ')})`);
    }
    await tab.close();
    return r;
  };

  ctx.step('a faulty page is reported, fault by fault');
  const bad = await expectFaults(`${origin}/bad`, 'bad', { lang: 'zh-Hant-TW' }, [
    [/^axe label \(critical\)/, 'the input without a label (axe "label")'],
    [/^axe color-contrast \(serious\)/, 'the faint text (axe "color-contrast")'],
    [/<html lang> is "en", expected "zh-Hant-TW"/, 'the wrong language'],
    [/skip link/, 'the missing skip link'],
    [/2 <h1> elements/, 'two h1'],
    [/another origin: GET http:\/\/localhost:/, 'the request to another origin'],
    [/request failed: GET .*missing\.css: (HTTP 404|net::ERR)/, 'the failed request'],
    [/Content-Security-Policy lacks/, 'the missing CSP header'],
    [/nosniff/, 'the missing nosniff header'],
  ]);
  c.check(bad.violations.includes('label') && bad.violations.includes('color-contrast'),
    `axe's violations are returned: ${bad.violations.join(', ')}`);

  ctx.step('a page 600 px wide scrolls sideways at 360 px');
  await expectFaults(`${origin}/wide`, 'wide', { lang: 'zh-Hant-TW' }, [
    [/at 360 px wide the page scrolls sideways \(6\d\d px/, 'sideways scrolling'],
  ]);

  ctx.step('a page over 30 KiB is reported');
  await expectFaults(`${origin}/heavy`, 'heavy', { lang: 'zh-Hant-TW' }, [[/loaded \d+\.\d KiB, more than 30\.0 KiB/, 'the weight']]);

  ctx.step('a whole national ID on a page is reported; masks are recognised');
  await expectFaults(`${origin}/good`, 'hidden', { hidden: ['姓名'] }, [[/shows "姓名" whole/, 'a string that must not show']]);
  const id = nationalId(7);
  c.check(isMaskOf(id.slice(0, 3) + '****' + id.slice(7), id), 'A12****789 is a mask of its ID');
  c.check(isMaskOf(id[0] + '******' + id.slice(7), id), 'A******789 is a mask of its ID');
  c.check(!isMaskOf(id, id) && !isMaskOf('B' + id.slice(1, 3) + '****' + id.slice(7), id), 'an ID or a wrong letter is no mask');
  c.eq(masksOf(`身分證 ${id.slice(0, 3)}****${id.slice(7)}`, id).length, 1, 'a mask is found in text');

  ctx.step('the real server starts, books through the API, and its outbox is read');
  const server = await ctx.server();
  const start = at(DAYS.tue, '12:00');
  const before = await server.slot('id_replacement', start);
  c.eq(before && before.remaining, 2, 'the noon slot has 2 places at first');
  const booked = await server.book({ service: 'id_replacement', start, n: 9001, name: '王小明', email: 'harness@example.com.tw' });
  c.eq((await server.slot('id_replacement', start)).remaining, 1, 'a booking holds one place');
  const mail = await waitOutbox(server, (m) => m.channel === 'email' && m.to === 'harness@example.com.tw', 'the confirmation e-mail');
  c.eq(mail[0].kind, 'confirmed', 'the e-mail is a confirmation');
  c.eq(mail[0].code, booked.code, 'the e-mail is about the booking');
  c.check(mail[0].text.includes(booked.code) && mail[0].text.includes('王小明'), `the e-mail's text is decoded: ${mail[0].text.slice(0, 80)}`);
  c.check(/預約/.test(mail[0].subject), `the subject is decoded: ${mail[0].subject}`);
  c.check(/BEGIN:VCALENDAR/.test(mail[0].calendar || ''), 'the invite is decoded');
  const sms = await waitOutbox(server, (m) => m.channel === 'sms' && m.code === booked.code, 'the confirmation SMS');
  c.check(sms[0].text.includes(booked.code), `the SMS is read: ${sms[0].text}`);
  c.eq(readOutbox(server).length >= 2, true, 'readOutbox lists the messages');
  const link = manageLinkIn({ text: `查詢、改期或取消：\r\nhttp://127.0.0.1:8080/b/ABCD2345?k=0123abcdef_-XY\r\n` });
  c.eq(link && [link.code, link.key, link.path], ['ABCD2345', '0123abcdef_-XY', '/b/ABCD2345?k=0123abcdef_-XY'], 'a manage link is found in a text');
  c.eq(manageLinkIn({ text: 'http://127.0.0.1:8080/api/v1/bookings/ABCD2345?token=00' }), null, 'a JSON address is no manage link');
});
