// flow.mjs: the steps of booking through the citizens' pages, as
// WEB-CONTRACT.md describes them, each followed by checkPage. The scenarios
// put their own checks between the steps.
import { OFFICE, checkPage, fail, masksOf } from './lib.mjs';

export const BOOK = `/o/${OFFICE}/book`;

export const WORDS = {
  'zh-Hant-TW': {
    window: { noon: '午間', evening: '夜間', saturday: '週六', holiday: '假日' },
    places: '有名額',
    left: (n) => new RegExp(`剩\\s*${n}\\s*個名額`),
    change: '修改',
    officeName: '臺中市南區戶政事務所',
  },
  en: {
    window: { noon: 'Noon', evening: 'Evening', saturday: 'Saturday', holiday: 'Holiday' },
    places: 'places',
    left: (n) => new RegExp(`\\b${n}\\s+places?\\s+left`, 'i'),
    change: 'Change',
    officeName: 'Taichung South District Household Registration Office',
  },
};

function words(lang) {
  return WORDS[lang];
}

/** The query parameters of the current address. */
export function params(tab) {
  return new URL(tab.url).searchParams;
}

/** Opens / (the office home: one office is configured). */
export async function home(tab, { lang }) {
  await tab.goto('/', 'opening the home page');
  await tab.expectPage('the home page');
  await checkPage(tab, 'home', { lang });
  const text = await tab.text('main');
  tab.c.check(text && text.includes(words(lang).officeName), `the home page names the office (it says: "${(text || '').slice(0, 120)}")`);
}

/** Home → the start link → step 1 (choose a service). */
export async function startBooking(tab, { lang }) {
  await tab.followTo(BOOK, {}, 'the home page\'s link to start booking');
  await tab.expectPage('step 1, choose a service', { path: BOOK });
  await checkPage(tab, 'service', { lang });
}

/** Step 1: chooses a service, checks that its documents are listed, sends the
 * form (GET) to step 2, the day. */
export async function chooseService(tab, { service, lang, documents = [] }) {
  const main = (await tab.text('main')) || '';
  for (const d of documents) tab.c.check(main.includes(d), `step 1 lists the document to bring "${d}"`);
  await tab.choose('service', service, `choosing the service ${service}`);
  await tab.submit('step 1, the service chosen');
  await tab.expectPage('step 2, choose a day', { path: `${BOOK}/day` });
  tab.c.eq(params(tab).get('service'), service, 'step 2 carries the service in its address');
  await checkPage(tab, `day-${service}`, { lang });
}

/** Step 2: the month grid; follows the link of day. */
export async function chooseDay(tab, { day, window, lang }) {
  const grid = await tab.eval(() => {
    const t = document.querySelector('table');
    if (!t) return null;
    return {
      caption: t.caption ? t.caption.innerText : null,
      headers: t.querySelectorAll('th').length,
    };
  });
  if (!grid) fail(`step 2: there is no month grid (<table>) on ${tab.path}`);
  tab.c.check(grid.caption && grid.caption.trim() !== '', 'the month grid has a caption');
  tab.c.check(grid.headers >= 7, `the month grid has weekday headers (${grid.headers} <th>)`);
  const sel = `a[href*="day=${day}"]`;
  const cell = await tab.eval((s) => {
    const a = document.querySelector(s);
    if (!a) return null;
    const td = a.closest('td') || a;
    return td.innerText;
  }, sel);
  if (cell === null) fail(`step 2: the day ${day} is not offered (no link ${sel} on ${tab.path}), although it has places`);
  const w = words(lang);
  tab.c.check(cell.includes(w.window[window]), `the day ${day} says ${w.window[window]} (it says "${cell.replace(/\s+/g, ' ')}")`);
  tab.c.check(cell.includes(w.places), `the day ${day} says ${w.places} (it says "${cell.replace(/\s+/g, ' ')}")`);
  await tab.follow(sel, `choosing the day ${day}`);
  await tab.expectPage('step 3, choose a time');
  tab.c.eq(params(tab).get('day'), day, 'step 3 carries the day in its address');
  await checkPage(tab, `time-${day}`, { lang });
}

/** Step 3: checks the time's label, chooses it, sends the form to step 4. */
export async function chooseTime(tab, { start, window, lang, places = null, next = `${BOOK}/details`, name = 'details', hidden = [] }) {
  const sel = `input[type="radio"][name="start"][value="${start}"]`;
  const label = await tab.labelOf(sel);
  if (label === null) {
    const offered = await tab.eval(() => [...document.querySelectorAll('input[name="start"]')].map((e) => e.value));
    fail(`step 3: the time ${start} is not offered (times offered: ${offered.join(', ') || 'none'})`);
  }
  const w = words(lang);
  const hhmm = start.slice(11, 16);
  tab.c.check(label.includes(hhmm), `the time's label shows ${hhmm}: "${label}"`);
  tab.c.check(label.includes(w.window[window]), `the time's label names the window ${w.window[window]}: "${label}"`);
  if (places !== null) tab.c.check(w.left(places).test(label), `the time's label says ${places} places are left: "${label}"`);
  await tab.choose('start', start, `choosing the time ${hhmm}`);
  await tab.submit('step 3, the time chosen');
  await tab.expectPage(next.endsWith('/details') ? 'step 4, your details' : 'the page after the time', { path: next });
  if (next.endsWith('/details')) tab.c.eq(params(tab).get('start'), start, 'step 4 carries the time in its address');
  await checkPage(tab, name, { lang, hidden });
}

/** Step 4: fills in the details of a person {name, id, phone, email, lang,
 * partnerName, partnerId}; does not send. */
export async function fillDetails(tab, p) {
  await tab.fill('#name', p.name, 'the name');
  await tab.fill('#national_id', p.id, 'the national ID');
  await tab.fill('#phone', p.phone, 'the mobile number');
  await tab.fill('#email', p.email, 'the e-mail address');
  if (p.partnerName !== undefined) await tab.fill('#partner_name', p.partnerName, 'the partner\'s name');
  if (p.partnerId !== undefined) await tab.fill('#partner_national_id', p.partnerId, 'the partner\'s national ID');
  if (p.lang) await tab.choose('lang', p.lang, `choosing messages in ${p.lang}`);
}

/** Step 4 sent: 303 to step 5, check your answers. */
export async function sendDetails(tab, p, { lang }) {
  const r = await tab.submit('step 4, the details sent');
  if (r.status === 422) {
    const errors = await tab.texts('.fh-error-message, .fh-error-summary li');
    fail(`step 4: the details were refused (422): ${errors.join(' | ') || '(no message shown)'}`);
  }
  await tab.expectPage('step 5, check your answers', { path: `${BOOK}/check` });
  tab.c.eq(r.redirects.map((x) => x.status), [303], 'the details are answered by 303 See Other');
  const hidden = [p.id, p.partnerId].filter(Boolean);
  await checkPage(tab, 'check', { lang, hidden });
  const summary = await tab.text('dl.fh-summary');
  if (summary === null) fail('step 5: there is no summary of the answers (dl.fh-summary)');
  for (const [what, v] of [['name', p.name], ['mobile number', p.phone], ['e-mail address', p.email],
    ['partner\'s name', p.partnerName]]) {
    if (v === undefined) continue;
    tab.c.check(summary.includes(v), `step 5 shows the ${what} ${JSON.stringify(v)}`);
  }
  for (const id of hidden) {
    tab.c.check(masksOf(summary, id).length > 0, `step 5 shows the ID ${id} masked (such as ${id[0]}******${id.slice(7)})`);
  }
  const changes = await tab.eval((word) => [...document.querySelectorAll('dl.fh-summary a')].filter((a) => a.innerText.includes(word)).length, WORDS[lang].change);
  tab.c.check(changes >= 4, `step 5 has a "${WORDS[lang].change}" link beside each answer (${changes} found)`);
  return summary;
}

/** Step 5's button: 303 to the booking's page with done=booked. Returns
 * {code, key, text}. */
export async function book(tab, { lang, hidden = [] }) {
  const r = await tab.submit('step 5, booking');
  await tab.expectPage('the confirmation', { path: /^\/b\/[A-Za-z0-9_-]+$/ });
  tab.c.eq(r.redirects.map((x) => x.status), [303], 'booking is answered by 303 See Other');
  const q = params(tab);
  tab.c.eq(q.get('done'), 'booked', 'the confirmation\'s address says done=booked');
  const code = (await tab.text('#booking-code')) || '';
  const fromPath = new URL(tab.url).pathname.split('/')[2];
  tab.c.check(code.trim() === fromPath, `the booking code is shown in #booking-code (shown: "${code}", address: ${fromPath})`);
  tab.c.check(await tab.exists('.fh-panel'), 'the confirmation panel (.fh-panel) is shown');
  await checkPage(tab, 'booked', { lang, hidden });
  return { code: fromPath, key: q.get('k'), text: (await tab.text('main')) || '' };
}
