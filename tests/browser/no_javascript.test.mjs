// The whole booking, home to confirmation, with JavaScript off: links and
// forms only.
import { run, nationalId, at, DAYS } from './lib.mjs';
import * as flow from './flow.mjs';

const LANG = 'zh-Hant-TW';

run('no_javascript', async (ctx) => {
  const c = ctx.c;
  const server = await ctx.server();
  const tab = await ctx.tab({ server, width: 360, js: false });
  const start = at(DAYS.wed, '17:30');
  const person = { name: '張雅婷', id: nationalId(1501, 'F', '2'), phone: '0934567890', email: 'nojs@example.com.tw', lang: 'zh-TW' };

  ctx.step('home, with JavaScript off');
  await flow.home(tab, { lang: LANG });
  await flow.startBooking(tab, { lang: LANG });
  await flow.chooseService(tab, { service: 'seal_registration', lang: LANG, documents: ['擬登記之印鑑章'] });
  await flow.chooseDay(tab, { day: DAYS.wed, window: 'evening', lang: LANG });
  await flow.chooseTime(tab, { start, window: 'evening', lang: LANG, places: 2 });
  await flow.fillDetails(tab, person);
  await flow.sendDetails(tab, person, { lang: LANG });
  const booked = await flow.book(tab, { lang: LANG, hidden: [person.id] });
  c.check(booked.text.includes('17:30') && booked.text.includes('夜間'), 'the confirmation shows 17:30 夜間');
  c.eq((await server.slot('seal_registration', start) || {}).remaining, 1, 'the booking holds a place of the evening slot');
  c.eq(tab.dialogs, [], 'no dialog opened');
});
