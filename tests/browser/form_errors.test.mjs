// Every form's errors, as a citizen meets them: the details sent empty, a
// wrong check digit, a bad phone, a bad e-mail, English errors in English,
// hostile text in the name shown as text, find-my-booking sent empty, and
// the radio steps sent without a choice.
import { run, checkPage, nationalId, wrongCheckDigit, at, DAYS, OFFICE, fail } from './lib.mjs';
import { BOOK } from './flow.mjs';

const LANG = 'zh-Hant-TW';
const SERVICE = 'id_first_issue';
const START = at(DAYS.thu, '09:00');
const DETAILS = `${BOOK}/details?service=${SERVICE}&start=${encodeURIComponent(START)}`;
const REQUIRED = ['name', 'national_id', 'phone', 'email'];
// Sent empty, the form asks for the name, the ID and a way to reach the
// person: a mobile number or an e-mail address, either will do (the message
// stands beside the phone, the first of the two).
const EMPTY_WRONG = ['name', 'national_id', 'phone'];
const HOSTILE = '<img src=x onerror=alert(1)> "\'& evil';
// A right-to-left override would reorder the text around a name wherever it
// is shown: refused as a name, with the name's own message.
const OVERRIDE = '王\u202Eevil';

/** The errors a page shows: the summary and, per field, its message and
 * marks. */
async function errorsOf(tab) {
  return tab.eval((fields) => {
    const s = document.querySelector('.fh-error-summary');
    const out = {
      summary: s ? {
        role: s.getAttribute('role'), tabindex: s.getAttribute('tabindex'), h2: !!s.querySelector('h2'),
        inMain: !!s.closest('main'), links: [...s.querySelectorAll('a')].map((a) => a.getAttribute('href')),
        text: s.innerText,
      } : null,
      fields: {},
    };
    for (const f of fields) {
      const input = document.getElementById(f);
      const msg = document.getElementById(`${f}-error`);
      out.fields[f] = {
        input: !!input,
        value: input ? input.value : null,
        invalid: input ? input.getAttribute('aria-invalid') === 'true' : false,
        describedBy: input ? (input.getAttribute('aria-describedby') || '').split(/\s+/).includes(`${f}-error`) : false,
        message: msg && msg.classList.contains('fh-error-message') ? msg.innerText.trim() : null,
        beside: !!(input && msg && input.closest('.fh-field') && input.closest('.fh-field').contains(msg)),
      };
    }
    return out;
  }, [...REQUIRED, 'partner_name', 'partner_national_id']);
}

/** Checks that exactly the fields wrong are marked, each as the contract
 * says; returns the errors. */
async function expectErrors(tab, what, wrong) {
  const c = tab.c;
  const e = await errorsOf(tab);
  if (!e.summary) fail(`${what}: no error summary (.fh-error-summary) at the top of the page`);
  c.eq(e.summary.role, 'alert', `${what}: the error summary has role="alert"`);
  c.eq(e.summary.tabindex, '-1', `${what}: the error summary has tabindex="-1"`);
  c.check(e.summary.h2 && e.summary.inMain, `${what}: the error summary is in <main> with an <h2>`);
  c.eq([...e.summary.links].sort(), wrong.map((f) => `#${f}`).sort(), `${what}: the summary links to each wrong field, and no other`);
  for (const f of REQUIRED) {
    const x = e.fields[f];
    if (!x.input) {
      c.check(false, `${what}: there is no field #${f}`);
      continue;
    }
    if (wrong.includes(f)) {
      c.check(x.message, `${what}: a message beside #${f} (p.fh-error-message#${f}-error)`);
      c.check(x.beside, `${what}: the message of #${f} is in the field's group (.fh-field)`);
      c.check(x.invalid, `${what}: #${f} has aria-invalid="true"`);
      c.check(x.describedBy, `${what}: #${f} is described by ${f}-error (aria-describedby)`);
    } else {
      c.check(!x.invalid && !x.message, `${what}: #${f} is not marked wrong`);
    }
  }
  return e;
}

async function fillAll(tab, p) {
  await tab.fill('#name', p.name);
  await tab.fill('#national_id', p.id);
  await tab.fill('#phone', p.phone);
  await tab.fill('#email', p.email);
}

async function openDetails(tab, lang, suffix = '') {
  await tab.goto(DETAILS + suffix, 'opening step 4, your details');
  await tab.expectPage('step 4, your details');
  await checkPage(tab, `details${suffix ? '-en' : ''}`, { lang });
}

async function expect422(tab, what, r) {
  if (r.status !== 422) {
    fail(`${what}: answered ${r.status} (${tab.path}), expected 422 with the form again`);
  }
  await tab.expectPage(what, { status: 422 });
}

run('form_errors', async (ctx) => {
  const c = ctx.c;
  const server = await ctx.server();
  const tab = await ctx.tab({ server, width: 360 });
  const good = { name: '吳志強', id: nationalId(1601), phone: '0945678901', email: 'errors@example.com.tw' };

  ctx.step('the details sent empty');
  await openDetails(tab, LANG);
  let r = await tab.submit('sending the details empty');
  await expect422(tab, 'the details sent empty', r);
  await checkPage(tab, 'details-empty', { lang: LANG });
  await expectErrors(tab, 'the details sent empty', EMPTY_WRONG);
  for (const f of REQUIRED) {
    const link = `.fh-error-summary a[href="#${f}"]`;
    if (!(await tab.exists(link))) continue;
    await tab.clickElement(link, `the summary's link to #${f}`);
    await new Promise((res) => setTimeout(res, 100));
    c.eq(await tab.eval(() => document.activeElement && document.activeElement.id), f, `the summary's link to #${f} moves the focus to the field`);
  }

  ctx.step('a national ID with a wrong check digit');
  await fillAll(tab, { ...good, id: wrongCheckDigit(good.id) });
  r = await tab.submit('sending a wrong check digit');
  await expect422(tab, 'a wrong check digit', r);
  await checkPage(tab, 'details-check-digit', { lang: LANG });
  let e = await expectErrors(tab, 'a wrong check digit', ['national_id']);
  const digitMsg = e.fields.national_id.message || '';
  c.check(/檢查碼/.test(digitMsg), `the message explains the check digit in words: "${digitMsg}"`);
  c.check(!/check digit|mismatch|invalid/i.test(digitMsg), `the message is not jargon: "${digitMsg}"`);
  c.eq(e.fields.name.value, good.name, 'the name typed is kept');
  c.eq(e.fields.national_id.value, wrongCheckDigit(good.id), 'the ID typed is kept, so it can be fixed');

  ctx.step('a bad mobile number');
  await fillAll(tab, { ...good, phone: '12345' });
  r = await tab.submit('sending a bad mobile number');
  await expect422(tab, 'a bad mobile number', r);
  await checkPage(tab, 'details-phone', { lang: LANG });
  await expectErrors(tab, 'a bad mobile number', ['phone']);

  ctx.step('a bad e-mail address');
  // The browser's own check takes this form; the server wants a full domain.
  await fillAll(tab, { ...good, email: 'someone@example' });
  r = await tab.submit('sending a bad e-mail address');
  await expect422(tab, 'a bad e-mail address', r);
  await checkPage(tab, 'details-email', { lang: LANG });
  await expectErrors(tab, 'a bad e-mail address', ['email']);

  ctx.step('hostile text in the name is shown as text');
  await fillAll(tab, { ...good, name: HOSTILE, phone: '12345' });
  r = await tab.submit('sending a hostile name with a bad phone');
  await expect422(tab, 'a hostile name', r);
  await checkPage(tab, 'details-hostile', { lang: LANG });
  e = await expectErrors(tab, 'a hostile name with a bad phone', ['phone']);
  c.eq(e.fields.name.value, HOSTILE, 'the hostile name comes back in its field unchanged');
  const noMarkup = async (where) => {
    const found = await tab.eval(() => ({
      img: [...document.querySelectorAll('img')].filter((i) => i.getAttribute('src') === 'x').length,
      onerror: document.querySelectorAll('[onerror]').length,
    }));
    c.eq(found, { img: 0, onerror: 0 }, `${where}: the name made no element (no img, no onerror)`);
    c.eq(tab.dialogs, [], `${where}: no dialog opened`);
  };
  await noMarkup('the details page');
  await tab.fill('#phone', good.phone);
  r = await tab.submit('sending the hostile name with good details');
  await tab.expectPage('step 5, check your answers', { path: `${BOOK}/check` });
  await checkPage(tab, 'check-hostile', { lang: LANG, hidden: [good.id] });
  const summary = (await tab.text('dl.fh-summary')) || '';
  c.check(summary.includes('<img src=x onerror=alert(1)>'), 'the check page shows <img src=x onerror=alert(1)> as text');
  c.check(summary.includes('"\'&'), 'the check page shows "\'& as text');
  await noMarkup('the check page');

  ctx.step('a right-to-left override in a name is refused');
  await openDetails(tab, LANG);
  await fillAll(tab, { ...good, name: OVERRIDE });
  r = await tab.submit('sending a name with a right-to-left override');
  await expect422(tab, 'a name with a right-to-left override', r);
  await checkPage(tab, 'details-override', { lang: LANG });
  await expectErrors(tab, 'a name with a right-to-left override', ['name']);

  ctx.step('English errors in English');
  const en = await ctx.tab({ server, width: 360 });
  await openDetails(en, 'en', '&lang=en');
  await fillAll(en, { ...good, id: wrongCheckDigit(good.id) });
  r = await en.submit('sending a wrong check digit in English');
  await expect422(en, 'a wrong check digit in English', r);
  await checkPage(en, 'details-en-check-digit', { lang: 'en' });
  e = await expectErrors(en, 'a wrong check digit in English', ['national_id']);
  const enMsg = e.fields.national_id.message || '';
  c.check(/ID number/i.test(enMsg), `the English message speaks of the ID number: "${enMsg}"`);
  c.check(!/[\u3400-\u9fff]/.test(enMsg + e.summary.text), `the English errors have no Chinese: "${e.summary.text.replace(/\s+/g, ' ')}"`);
  await en.close();

  ctx.step('find my booking sent empty');
  await tab.goto('/find', 'opening find my booking');
  await tab.expectPage('find my booking');
  r = await tab.submit('sending find my booking empty');
  c.check(r.status >= 400 && r.status < 500, `find my booking sent empty answers ${r.status}, a 4xx with the form again`);
  await tab.expectPage('find my booking sent empty', { status: r.status });
  await checkPage(tab, 'find-empty', { lang: LANG });
  c.check(await tab.exists('.fh-error-summary'), 'find my booking sent empty shows an error summary');

  ctx.step('step 1 without a service, step 3 without a time');
  await tab.goto(BOOK, 'opening step 1');
  await tab.expectPage('step 1, choose a service');
  r = await tab.submit('sending step 1 without a service');
  if (r.status >= 500 || !r.type.startsWith('text/html')) fail(`step 1 without a service: answered ${r.status} ${r.type}`);
  await checkPage(tab, 'service-none', { lang: LANG });
  c.check(await tab.exists('.fh-error-summary'), `step 1 without a service shows an error summary (status ${r.status}, ${tab.path})`);

  await tab.goto(`${BOOK}/time?service=${SERVICE}&day=${DAYS.thu}`, 'opening step 3');
  await tab.expectPage('step 3, choose a time');
  r = await tab.submit('sending step 3 without a time');
  if (r.status >= 500 || !r.type.startsWith('text/html')) fail(`step 3 without a time: answered ${r.status} ${r.type}`);
  await checkPage(tab, 'time-none', { lang: LANG });
  c.check(await tab.exists('.fh-error-summary'), `step 3 without a time shows an error summary (status ${r.status}, ${tab.path})`);

  ctx.step('an unknown address is a page, not JSON');
  await tab.goto(`/o/${OFFICE}/nowhere`, 'opening an address that does not exist');
  await tab.expectPage('an unknown address', { status: 404 });
  await checkPage(tab, 'not-found', { lang: LANG });
});
