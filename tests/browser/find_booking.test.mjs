// A citizen who lost the e-mail finds the booking by its code and their ID;
// a wrong ID and a wrong code get the same single message, with no hint
// which half was wrong.
import { run, checkPage, nationalId, at, DAYS } from './lib.mjs';

const LANG = 'zh-Hant-TW';

/** What a wrong try shows: the texts and which fields are marked. */
async function refusal(tab) {
  return tab.eval(() => {
    const s = document.querySelector('.fh-error-summary');
    return {
      summary: s ? s.innerText.trim() : null,
      links: s ? [...s.querySelectorAll('a')].map((a) => a.getAttribute('href')) : [],
      messages: [...document.querySelectorAll('.fh-error-message')].map((e) => `${e.id}: ${e.innerText.trim()}`),
      invalid: [...document.querySelectorAll('[aria-invalid="true"]')].map((e) => e.id),
    };
  });
}

run('find_booking', async (ctx) => {
  const c = ctx.c;
  const server = await ctx.server();
  const tab = await ctx.tab({ server, width: 360 });
  const id = nationalId(1401);
  const booking = await server.book({ service: 'household_transcript', start: at(DAYS.thu, '09:00'), n: 1401, name: '黃美華' });
  const { code } = booking;

  const tryFind = async (what, codeTyped, idTyped) => {
    await tab.goto('/find', 'opening find my booking');
    await tab.expectPage('find my booking');
    await tab.fill('#code', codeTyped, 'the booking code');
    await tab.fill('#national_id', idTyped, 'the national ID');
    return tab.submit(what);
  };

  ctx.step('the right code and ID');
  await tab.goto('/find', 'opening find my booking');
  await tab.expectPage('find my booking');
  await checkPage(tab, 'find', { lang: LANG });
  c.check(await tab.exists('main form[method="post" i] input[type="hidden"][name="csrf"]'), 'find my booking is a POST form with a csrf field');
  let r = await tryFind('finding the booking', code, id);
  await tab.expectPage('the booking found', { path: `/b/${code}` });
  c.eq(r.redirects.map((x) => x.status), [303], 'a match is answered by 303 See Other');
  c.check(new URL(tab.url).searchParams.has('k'), 'the booking\'s page address carries its key (k=)');
  c.eq(((await tab.text('#booking-code')) || '').trim(), code, 'the booking found is the one asked for');
  await checkPage(tab, 'found', { lang: LANG, hidden: [id] });

  ctx.step('a wrong ID, then a wrong code');
  r = await tryFind('a wrong ID', code, nationalId(1499));
  c.eq(r.status, 422, 'a wrong ID is answered 422');
  await tab.expectPage('a wrong ID', { status: 422 });
  await checkPage(tab, 'find-wrong-id', { lang: LANG, hidden: [nationalId(1499), id] });
  const wrongId = await refusal(tab);
  c.check(wrongId.summary, 'a wrong ID shows an error summary');

  const otherCode = code.slice(0, -1) + (code.endsWith('X') ? 'Y' : 'X');
  r = await tryFind('a wrong code', otherCode, id);
  c.eq(r.status, 422, 'a wrong code is answered 422');
  await tab.expectPage('a wrong code', { status: 422 });
  await checkPage(tab, 'find-wrong-code', { lang: LANG, hidden: [id] });
  const wrongCode = await refusal(tab);

  c.eq(wrongCode, wrongId, 'a wrong code and a wrong ID give the same message, marking the same fields');
  c.check(wrongId.invalid.length === 0 || wrongId.invalid.length === 2,
    `the message does not point at one half (fields marked: ${wrongId.invalid.join(', ') || 'none'})`);
  c.check(!((await tab.text('main')) || '').includes(code), 'the refusal does not show the code of the booking that exists');
});
