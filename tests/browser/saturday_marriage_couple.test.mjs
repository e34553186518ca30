// A couple books their marriage registration on a Saturday morning, in
// English: the language switch on the home page, the choice sticking without
// the query parameter, both people on the check page (IDs masked), and the
// booking holding exactly one place.
import { run, checkPage, nationalId, at, DAYS, OFFICE } from './lib.mjs';
import * as flow from './flow.mjs';

run('saturday_marriage_couple', async (ctx) => {
  const c = ctx.c;
  const server = await ctx.server();
  // A phone set to Chinese: the first visit is in zh-TW; the couple switch.
  const tab = await ctx.tab({ server, width: 360, acceptLanguage: 'zh-TW,zh;q=0.9' });
  const start = at(DAYS.sat, '08:00');
  const couple = {
    name: 'Chen Wei-Ting', id: nationalId(1201, 'B', '1'),
    partnerName: 'Lin Mei-Ling', partnerId: nationalId(1202, 'B', '2'),
    phone: '0923456789', email: 'wedding.couple@example.com.tw', lang: 'en',
  };

  ctx.step('home in zh-TW, then English by the switch');
  await flow.home(tab, { lang: 'zh-Hant-TW' });
  const homePath = new URL(tab.url).pathname;
  const sw = await tab.eval(() => {
    const a = document.querySelector('a.fh-lang-switch');
    return a ? { href: a.getAttribute('href'), hreflang: a.getAttribute('hreflang'), text: a.innerText } : null;
  });
  if (!c.check(sw !== null, 'the home page has a language switch (a.fh-lang-switch)')) return;
  c.eq(sw.hreflang, 'en', 'the switch says where it goes (hreflang="en")');
  await tab.follow('a.fh-lang-switch', 'switching to English');
  await tab.expectPage('the home page in English');
  c.eq(flow.params(tab).get('lang'), 'en', 'the switch adds lang=en to the address');
  c.eq(new URL(tab.url).pathname, homePath, 'the switch stays on the same page');
  await checkPage(tab, 'home-en', { lang: 'en' });

  ctx.step('the choice sticks without the query parameter');
  await tab.goto(`/o/${OFFICE}`, 'opening the office home again, without lang=');
  await tab.expectPage('the office home');
  await checkPage(tab, 'office-en', { lang: 'en' });

  ctx.step('marriage on a Saturday');
  await flow.startBooking(tab, { lang: 'en' });
  c.check(!flow.params(tab).has('lang') || flow.params(tab).get('lang') === 'en', 'step 1 stays in English');
  await flow.chooseService(tab, { service: 'marriage', lang: 'en', documents: ["Both parties' national ID cards"] });
  await flow.chooseDay(tab, { day: DAYS.sat, window: 'saturday', lang: 'en' });
  const before = await server.slot('marriage', start);
  c.eq(before && before.remaining, 3, 'the Saturday 08:00 slot has 3 places before');
  await flow.chooseTime(tab, { start, window: 'saturday', lang: 'en', places: 3 });

  ctx.step('both people\'s details');
  c.check(await tab.exists('#partner_name') && await tab.exists('#partner_national_id'), 'a marriage asks for the partner\'s name and ID');
  await flow.fillDetails(tab, couple);
  await flow.sendDetails(tab, couple, { lang: 'en' });

  ctx.step('book');
  const booked = await flow.book(tab, { lang: 'en', hidden: [couple.id, couple.partnerId] });
  c.check(!flow.params(tab).has('lang'), `the booking's address carries no lang= (${tab.path}), and the page is still in English`);
  c.check(booked.text.includes('Saturday'), 'the confirmation says Saturday');
  c.check(booked.text.includes('08:00'), 'the confirmation shows 08:00');
  c.check(booked.text.includes('Written marriage agreement signed or sealed by two adult witnesses'), 'the confirmation lists the documents to bring');
  c.check(!/[\u4e00-\u9fff]/.test((await tab.text('.fh-panel')) || ''), 'the confirmation panel is all in English');

  const after = await server.slot('marriage', start);
  c.eq(after && after.remaining, before.remaining - 1, 'the booking holds exactly one place of the Saturday slot');
});
