// lib.mjs: the harness of the real-browser tests of the citizens' pages (see
// README.md beside this file). Starts the real flexhours binary on a free
// loopback port with a pinned clock and a scratch database, drives Debian's
// Chromium through puppeteer-core, and checks every page a scenario visits
// (axe-core, no sideways scrolling at 360 px, language, skip link, one h1, no
// request to another origin, no failed request, the page's weight, the
// headers of the contract), with screenshots at 360 and 1280 px. Not a test
// itself: each *.test.mjs imports it and calls run().
//
// Works on Node 18 (Debian 12) and later: node: modules only, no fetch.

import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

// ---- the pinned world ---------------------------------------------------------

export const OFFICE = 'taichung-south';
// A Monday early in a month with no national holiday near it. With the demo
// office's rules (booking opens 7 calendar days ahead at 00:00 and closes the
// day before at 15:00; holiday weddings open 30 days ahead and close 3 working
// days before at 15:00), from now on these can be booked:
export const NOW = '2026-03-02T10:00:00+08:00';
export const DAYS = {
  tue: '2026-03-03', // noon 12:00-13:30, evening 17:30-18:30 (places: 2), regular 3
  wed: '2026-03-04',
  thu: '2026-03-05',
  fri: '2026-03-06',
  sat: '2026-03-07', // Saturday morning 08:00-12:00, 3 places (marriage among its services)
  sun: '2026-03-08', // holiday window: marriage 09:00-12:00, 2 places, needs the office's confirmation
  mon: '2026-03-09', // the last day booking is open for (7 days ahead)
};
export const MANAGER_TOKEN = 'test-manager-token';
export const MAX_PAGE_BYTES = 30 * 1024;
// A manager's month (a grid of 20 people by 31 days and every duty of the
// month) opened on a desktop once a month: its own, larger budget.
export const MAX_MONTH_PAGE_BYTES = 80 * 1024;
// A manager's list that grows with the office's traffic (the messages, the
// day board): a desktop page on the office's network, not a phone's.
export const MAX_LIST_PAGE_BYTES = 64 * 1024;
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
export const CHROMIUM_FLAGS = [
  '--no-sandbox', // the tests run as root
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking', // the network is closed: no calls home
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-dev-shm-usage',
  '--font-render-hinting=none',
];

/** An RFC 3339 start of the office (+08:00) of a day and HH:MM. */
export function at(day, hhmm) {
  return `${day}T${hhmm}:00+08:00`;
}

/* The letters of national IDs and the numbers they stand for in the check
 * digit: the Ministry of the Interior's assignment, written out from it (the
 * place of first registration), not from validate/val.c. */
const ID_LETTERS = {
  A: 10, B: 11, C: 12, D: 13, E: 14, F: 15, G: 16, H: 17, I: 34, J: 18, K: 19, L: 20, M: 21,
  N: 22, O: 35, P: 23, Q: 24, R: 25, S: 26, T: 27, U: 28, V: 29, W: 32, X: 30, Y: 31, Z: 33,
};
const LETTERS = Object.keys(ID_LETTERS).sort();

/** The n-th valid national ID (check digit computed), distinct per n. Tests
 * use their own ranges of n so that no two files share a person. Unless
 * named, the letter goes round all 26 with n and the sex digit alternates
 * every 26, so that the tests' people use every letter of the table. */
export function nationalId(n, letter = LETTERS[n % 26], sex = '12'[Math.floor(n / 26) % 2]) {
  const body = sex + String(n % 10_000_000).padStart(7, '0');
  const v = ID_LETTERS[letter];
  let total = Math.floor(v / 10) + (v % 10) * 9;
  for (let i = 0; i < body.length; i++) total += Number(body[i]) * (8 - i);
  return letter + body + String((10 - (total % 10)) % 10);
}

/** The same ID with a wrong check digit. */
export function wrongCheckDigit(id) {
  return id.slice(0, -1) + String((Number(id.slice(-1)) + 1) % 10);
}

/** Whether shown is a masked form of id: the same length, at least four
 * characters hidden, and every character shown is the real one. */
export function isMaskOf(shown, id) {
  if (shown.length !== id.length) return false;
  let hidden = 0;
  for (let i = 0; i < id.length; i++) {
    if (shown[i] === '*' || shown[i] === '•' || shown[i] === '＊') hidden++;
    else if (shown[i] !== id[i]) return false;
  }
  return hidden >= 4;
}

/** The masked forms of id found in a text. */
export function masksOf(text, id) {
  const found = [];
  const re = /[A-Z0-9*•＊]{10}/g;
  for (const m of text.matchAll(re)) if (isMaskOf(m[0], id)) found.push(m[0]);
  return found;
}

// ---- outcomes ---------------------------------------------------------------------

/** Ends a scenario at once with a message a person can act on. */
export class Failure extends Error {}

/** The environment cannot run the tests (no Chromium, no node_modules, no
 * binary): a hard error for automake (exit 99), never a silent skip. */
export class SetupError extends Error {}

export function fail(msg) {
  throw new Failure(msg);
}

/** Counts failed checks; a test ends with finish(), printing PASS or FAIL
 * like the Python tests. */
export class Checker {
  constructor(name, { quiet = false } = {}) {
    this.name = name;
    this.failures = 0;
    this.checks = 0;
    this.messages = [];
    this.quiet = quiet;
  }

  check(cond, what) {
    this.checks++;
    if (!cond) {
      this.failures++;
      this.messages.push(what);
      if (!this.quiet) console.log('FAIL: ' + what);
    }
    return Boolean(cond);
  }

  eq(got, want, what) {
    return this.check(same(got, want), `${what}: got ${show(got)}, expected ${show(want)}`);
  }

  finish() {
    if (this.failures) {
      console.log(`FAIL (${this.failures} of ${this.checks} checks)`);
      return 1;
    }
    console.log(`PASS (${this.checks} checks)`);
    return 0;
  }
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function show(v) {
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > 300 ? s.slice(0, 300) + '…' : s;
}

function clip(s, n = 200) {
  s = String(s ?? '').replace(/\s+/g, ' ').trim();
  return s.length > n ? s.slice(0, n) + '…' : s;
}

function kib(n) {
  return (n / 1024).toFixed(1) + ' KiB';
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- the environment --------------------------------------------------------------

let puppeteerModule = null;

/** puppeteer-core from tests/browser/node_modules, or a setup error that says
 * how to get it. */
export function puppeteer() {
  if (puppeteerModule) return puppeteerModule;
  const require = createRequire(path.join(HERE, 'package.json'));
  try {
    puppeteerModule = require('puppeteer-core');
  } catch (e) {
    throw new SetupError(
      `puppeteer-core is not installed in ${HERE}/node_modules (${clip(e.message, 120)}): ` +
        'run `npm ci` in tests/browser, or scripts/setup.sh --with-tests');
  }
  return puppeteerModule;
}

let axeSource = null;

function axe() {
  if (axeSource) return axeSource;
  const require = createRequire(path.join(HERE, 'package.json'));
  try {
    axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  } catch (e) {
    throw new SetupError(
      `axe-core is not installed in ${HERE}/node_modules: run \`npm ci\` in tests/browser, ` +
        'or scripts/setup.sh --with-tests');
  }
  return axeSource;
}

export function chromiumPath() {
  const exe = process.env.FLEXHOURS_CHROMIUM || '/usr/bin/chromium';
  try {
    fs.accessSync(exe, fs.constants.X_OK);
  } catch {
    throw new SetupError(
      `Chromium is not at ${exe}: install Debian's chromium and fonts-noto-cjk ` +
        '(scripts/setup.sh --with-tests), or set FLEXHOURS_CHROMIUM');
  }
  return exe;
}

function flexhoursBin() {
  const bin = process.env.FLEXHOURS_BIN;
  if (!bin) {
    throw new SetupError(
      'FLEXHOURS_BIN is not set: run through `make check`, or by hand with ' +
        'FLEXHOURS_BIN=_build/dev/flexhours node tests/browser/NAME.test.mjs');
  }
  try {
    fs.accessSync(bin, fs.constants.X_OK);
  } catch {
    throw new SetupError(`FLEXHOURS_BIN=${bin} is not an executable: build first`);
  }
  return path.resolve(bin); // the server runs in its scratch folder
}

function shotsRoot() {
  return path.join(process.env.FLEXHOURS_BUILDDIR || process.cwd(), 'tests', 'browser', 'shots');
}

// ---- HTTP from the test itself ----------------------------------------------------

/** A request from Node (not the browser): {status, headers, body (Buffer),
 * text, json}. Headers have lower-case names. */
export function request(url, { method = 'GET', headers = {}, body = null, timeout = 15000 } = {}) {
  return new Promise((resolve, reject) => {
    let payload = body;
    const h = { ...headers };
    if (payload !== null && typeof payload === 'object' && !Buffer.isBuffer(payload)) {
      payload = JSON.stringify(payload);
      h['content-type'] ??= 'application/json';
    }
    const req = http.request(url, { method, headers: h, timeout }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        const text = buf.toString('utf8');
        let json = null;
        if ((res.headers['content-type'] || '').startsWith('application/json')) {
          try {
            json = JSON.parse(text);
          } catch {
            json = null;
          }
        }
        resolve({ status: res.statusCode, headers: res.headers, body: buf, text, json });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} in ${timeout} ms`)));
    req.on('error', reject);
    if (payload !== null) req.write(payload);
    req.end();
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// ---- the server ---------------------------------------------------------------------

/** The demo configuration, adjusted for a test: messages to an outbox file in
 * the scratch folder, a known manager token, a quick outbox worker. */
export function testConfig(bin, dir) {
  const cfg = JSON.parse(execFileSync(bin, ['demo-config'], { encoding: 'utf8' }));
  cfg.database = path.join(dir, 'flexhours.db');
  cfg.outbox_log = path.join(dir, 'outbox.log');
  cfg.managers = [
    { name: 'test manager', token_sha256: crypto.createHash('sha256').update(MANAGER_TOKEN).digest('hex') },
  ];
  cfg.notifier = { ...(cfg.notifier || {}), poll_ms: 100 };
  // Every request comes from 127.0.0.1: no rate limits in the browser tests.
  cfg.rate_limit = { per_minute: 0, failures_per_minute: 0, connections_per_client: 0 };
  return cfg;
}

/** The flexhours binary serving on a free loopback port. */
export class FlexServer {
  constructor(ctx, { now = NOW, adjust = null, env = {} } = {}) {
    this.ctx = ctx;
    this.bin = flexhoursBin();
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fh-browser-'));
    this.config = testConfig(this.bin, this.dir);
    if (adjust) adjust(this.config);
    this.configPath = path.join(this.dir, 'config.json');
    fs.writeFileSync(this.configPath, JSON.stringify(this.config, null, 1));
    this.db = path.join(this.dir, 'flexhours.db');
    this.outboxPath = this.config.outbox_log;
    this.logPath = path.join(this.dir, 'server.log');
    this.now = now;
    this.env = env;
    this.proc = null;
    this.exit = null;
  }

  async start() {
    for (let attempt = 0; attempt < 5; attempt++) {
      this.port = await freePort();
      this.url = `http://127.0.0.1:${this.port}`;
      const log = fs.openSync(this.logPath, 'a');
      const proc = spawn(
        this.bin,
        ['serve', '--config', this.configPath, '--db', this.db, '--listen', `127.0.0.1:${this.port}`],
        { cwd: this.dir, env: { ...process.env, FLEXHOURS_NOW: this.now, ...this.env }, stdio: ['ignore', log, log] });
      fs.closeSync(log);
      this.proc = proc;
      this.exit = new Promise((resolve) => proc.on('exit', (code, sig) => resolve(sig ? `signal ${sig}` : code)));
      let exited = false;
      this.exit.then(() => (exited = true));
      const deadline = Date.now() + 15000;
      while (Date.now() < deadline && !exited) {
        try {
          const r = await request(this.url + '/healthz', { timeout: 2000 });
          if (r.status === 200) return this;
        } catch {
          await sleep(25);
        }
      }
      if (!exited) {
        proc.kill('SIGKILL');
        await this.exit;
      }
    }
    throw new Failure('the flexhours server did not start; its log:\n' + this.log());
  }

  log() {
    try {
      return fs.readFileSync(this.logPath, 'utf8');
    } catch {
      return '';
    }
  }

  /** SIGTERM, then the exit status (a number, "signal X", or "timeout"). */
  async stop(timeoutMs = 15000) {
    if (!this.proc) return null;
    const proc = this.proc;
    this.proc = null;
    if (proc.exitCode !== null || proc.signalCode !== null) return this.exit;
    proc.kill('SIGTERM');
    const status = await Promise.race([this.exit, sleep(timeoutMs).then(() => 'timeout')]);
    if (status === 'timeout') {
      proc.kill('SIGKILL');
      await this.exit;
    }
    return status;
  }

  cleanup() {
    if (process.env.FH_KEEP) console.log(`# kept ${this.dir}`);
    else fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** A JSON API call: {status, headers, json, text}. */
  async api(method, p, body = null, headers = {}) {
    try {
      return await request(this.url + p, { method, body, headers });
    } catch (e) {
      const gone = this.proc && this.proc.exitCode !== null ? ` (the server exited with ${this.proc.exitCode})` : '';
      throw new Failure(`${method} ${p}: the server did not answer${gone}: ${e.message}`);
    }
  }

  manager() {
    return { authorization: 'Bearer ' + MANAGER_TOKEN };
  }

  /** A staff account for the manager pages, made as an administrator makes
   * it: `flexhours user add`, the password on standard input. */
  addStaff(id, { name = id, role = 'manager', offices = OFFICE, password }) {
    execFileSync(this.bin, ['user', 'add', id, '--name', name, '--role', role, '--offices', offices,
      '--config', this.configPath, '--db', this.db],
    { input: password + '\n', env: { ...process.env, FLEXHOURS_NOW: this.now }, stdio: ['pipe', 'ignore', 'inherit'] });
  }

  /** A booking made through the JSON API, for scenarios about what follows:
   * {code, manage_token, ...}. */
  async book({ service, start, n, name = `測試 ${n}`, lang = 'zh-TW', ...over }) {
    const body = {
      office: OFFICE, service, start, name, national_id: nationalId(n),
      phone: '09' + String(n % 100_000_000).padStart(8, '0'), email: `p${n}@example.com.tw`, lang, ...over,
    };
    const r = await this.api('POST', '/api/v1/bookings', body);
    if (r.status !== 201) fail(`booking through the API failed (${r.status}): ${clip(r.text)}`);
    return { ...r.json, request: body };
  }

  /** The slot of a service that starts at start, as the JSON slots API lists
   * it ({start, end, window, remaining}), or null when it is not bookable. */
  async slot(service, start) {
    const day = start.slice(0, 10);
    const r = await this.api('GET', `/api/v1/offices/${OFFICE}/slots?service=${service}&from=${day}&to=${day}`);
    if (r.status !== 200) fail(`the slots API answered ${r.status}: ${clip(r.text)}`);
    return (r.json.slots || []).find((s) => s.start === start) || null;
  }

  /** The booking as the JSON API shows it to its holder. */
  async booking(code, token) {
    const r = await this.api('GET', `/api/v1/bookings/${code}?token=${encodeURIComponent(token)}`);
    return r.json;
  }
}

// ---- the outbox -----------------------------------------------------------------------

/** The messages the worker wrote to the outbox file (no SMTP server or SMS
 * gateway configured), oldest first: {stamp, channel, id, kind, code, to,
 * raw, subject, text}. text is what a person reads: the decoded text/plain
 * part of an e-mail, the SMS itself. */
export function readOutbox(server) {
  let data;
  try {
    data = fs.readFileSync(server.outboxPath, 'utf8');
  } catch {
    return [];
  }
  const out = [];
  for (const chunk of data.split(/^==== /m).slice(1)) {
    const nl = chunk.indexOf('\n');
    const head = chunk.slice(0, nl).trim().split(/\s+/);
    // ==== STAMP CHANNEL #ID KIND CODE to ADDRESS
    const raw = chunk.slice(nl + 1).replace(/\r?\n$/, '');
    const msg = {
      stamp: head[0], channel: head[1], id: Number((head[2] || '').replace('#', '')), kind: head[3],
      code: head[4], to: head[6], raw, subject: '', text: raw,
    };
    if (msg.channel === 'email') {
      const m = parseMime(raw);
      msg.subject = decodeWords(m.headers.subject || '');
      msg.text = textOf(m) ?? '';
      msg.calendar = partOf(m, 'text/calendar');
    }
    out.push(msg);
  }
  return out;
}

/** Waits until the outbox holds messages that pred accepts; returns them. */
export async function waitOutbox(server, pred, what, timeoutMs = 6000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = readOutbox(server);
    const found = all.filter(pred);
    if (found.length) return found;
    if (Date.now() > deadline) {
      const held = all.map((m) => `${m.channel} ${m.kind} ${m.code} to ${m.to}`).join('; ') || 'nothing';
      fail(`${what}: no such message in the outbox after ${timeoutMs / 1000} s (it holds: ${held})`);
    }
    await sleep(100);
  }
}

const MANAGE_LINK = /https?:\/\/[^\s"'<>]+?\/b\/([A-Za-z0-9_-]+)\?k=([^\s"'<>&]+)/;

/** The manage link (/b/{code}?k=...) in a message: {url, path, code, key}. */
export function manageLinkIn(msg) {
  const m = MANAGE_LINK.exec(msg.text || '');
  if (!m) return null;
  const u = new URL(m[0]);
  return { url: m[0], path: u.pathname + u.search, code: m[1], key: m[2] };
}

/** The manage link in the latest message to an e-mail address (or a phone
 * number, for SMS) that has one, waiting for it; with the message. */
export async function manageLinkFor(server, address, what = `the manage link sent to ${address}`, timeoutMs = 6000) {
  const msgs = await waitOutbox(server, (m) => m.to === address, what, timeoutMs);
  for (const m of msgs.reverse()) {
    const link = manageLinkIn(m);
    if (link) return { ...link, message: m };
  }
  const links = (msgs[0].text.match(/https?:\/\/\S+/g) || []).join(' ');
  fail(`${what}: the latest message (${msgs[0].channel} ${msgs[0].kind}) has no link /b/{code}?k=… ` +
    `(links in it: ${links || 'none'})`);
}

// A small MIME reader: headers, multipart, base64 and quoted-printable.
function parseMime(raw) {
  const sep = raw.search(/\r?\n\r?\n/);
  const headText = sep < 0 ? raw : raw.slice(0, sep);
  const body = sep < 0 ? '' : raw.slice(raw.indexOf('\n', raw.indexOf('\n', sep) + 1) + 1);
  const headers = {};
  for (const line of headText.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const type = (headers['content-type'] || 'text/plain').toLowerCase();
  const node = { headers, type: type.split(';')[0].trim(), body, parts: [] };
  const b = /boundary="?([^";]+)"?/i.exec(headers['content-type'] || '');
  if (node.type.startsWith('multipart/') && b) {
    const delim = '--' + b[1];
    const pieces = body.split(delim).slice(1);
    for (const piece of pieces) {
      if (piece.startsWith('--')) break;
      node.parts.push(parseMime(piece.replace(/^\r?\n/, '')));
    }
  }
  return node;
}

function decodeBody(node) {
  const cte = (node.headers['content-transfer-encoding'] || '7bit').toLowerCase();
  if (cte === 'base64') return Buffer.from(node.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (cte === 'quoted-printable') {
    const bytes = node.body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return node.body;
}

function partOf(node, type) {
  if (node.type === type) return decodeBody(node);
  for (const p of node.parts) {
    const t = partOf(p, type);
    if (t !== null) return t;
  }
  return null;
}

function textOf(node) {
  return partOf(node, 'text/plain');
}

function decodeWords(s) {
  return s.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*/g, (_, cs, enc, text) => {
    if (enc.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
    const bytes = text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (__, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  });
}

// ---- the browser ----------------------------------------------------------------------

/** Headless Chromium with the flags this machine needs and a fresh profile. */
export async function launchBrowser() {
  const exe = chromiumPath();
  const pptr = puppeteer();
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fh-chromium-'));
  let browser;
  try {
    browser = await pptr.launch({
      executablePath: exe, headless: true, userDataDir, args: CHROMIUM_FLAGS,
      defaultViewport: { width: 360, height: 800 }, timeout: 30000, protocolTimeout: 30000,
      // Chromium's own messages on stderr would fill the test logs; keep them
      // only when asked for.
      dumpio: Boolean(process.env.FH_BROWSER_DEBUG),
    });
  } catch (e) {
    fs.rmSync(userDataDir, { recursive: true, force: true });
    throw new SetupError(`Chromium (${exe}) did not start: ${clip(e.message, 400)}`);
  }
  return {
    browser,
    async close() {
      try {
        await Promise.race([browser.close(), sleep(10000)]);
      } catch {
        // already gone
      }
      const proc = browser.process();
      if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** One browser tab of its own (own cookies), tracking every request by page
 * visit. Every DOM read goes through the DevTools protocol's
 * Runtime.evaluate, which works with the page's JavaScript off too. */
export class Tab {
  static async open(ctx, { server = null, width = 360, js = true, acceptLanguage = 'zh-TW,zh;q=0.9', headers = {}, checker = null, origin = null } = {}) {
    const b = await ctx.browser();
    const context = await (b.browser.createBrowserContext ? b.browser.createBrowserContext() : b.browser.createIncognitoBrowserContext());
    const page = await context.newPage();
    const tab = new Tab(ctx, context, page, server, checker || ctx.c, origin);
    await tab.init({ width, js, acceptLanguage, headers });
    return tab;
  }

  constructor(ctx, context, page, server, checker, origin) {
    this.ctx = ctx;
    this.context = context;
    this.page = page;
    this.server = server;
    this.c = checker;
    this.origin = origin || (server ? new URL(server.url).origin : null);
    this.visit = newVisit('about:blank');
    this.byId = new Map();
    this.js = true;
    this.dialogs = [];
    this.lastNetwork = Date.now();
  }

  async init({ width, js, acceptLanguage, headers = {} }) {
    const page = this.page;
    page.setDefaultTimeout(10000);
    page.setDefaultNavigationTimeout(15000);
    await page.setViewport({ width, height: 800 });
    await page.setCacheEnabled(false); // every page's CSS and icons count in its weight
    // headers: sent with every request of the tab (a manager's Authorization
    // until managers sign in with a session).
    const extra = { ...(acceptLanguage ? { 'Accept-Language': acceptLanguage } : {}), ...headers };
    if (Object.keys(extra).length) await page.setExtraHTTPHeaders(extra);
    this.cdp = await page.createCDPSession();
    const cdp = this.cdp;
    await cdp.send('Network.enable');
    const tree = await cdp.send('Page.getFrameTree');
    this.mainFrameId = tree.frameTree.frame.id;
    cdp.on('Network.requestWillBeSent', (e) => this.onRequest(e));
    cdp.on('Network.responseReceived', (e) => {
      const r = this.byId.get(e.requestId);
      if (!r) return;
      r.status = e.response.status;
      r.mime = e.response.mimeType;
      r.headers = lower(e.response.headers);
    });
    cdp.on('Network.loadingFinished', (e) => {
      const r = this.byId.get(e.requestId);
      if (!r) return;
      r.bytes = e.encodedDataLength;
      r.done = true;
      this.lastNetwork = Date.now();
    });
    cdp.on('Network.loadingFailed', (e) => {
      const r = this.byId.get(e.requestId);
      if (!r) return;
      r.failed = e.blockedReason ? `${e.errorText} (blocked: ${e.blockedReason})` : e.errorText;
      r.done = true;
      this.lastNetwork = Date.now();
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') this.visit.console.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => this.visit.console.push(`error: ${e.message}`));
    page.on('dialog', async (d) => {
      this.visit.dialogs.push(`${d.type()}: ${d.message()}`);
      this.dialogs.push(`${d.type()}: ${d.message()}`);
      try {
        await d.dismiss();
      } catch {
        // closed meanwhile
      }
    });
    if (!js) await this.setJavaScript(false);
  }

  onRequest(e) {
    this.lastNetwork = Date.now();
    const url = e.request.url;
    if (e.redirectResponse) {
      const prev = this.byId.get(e.requestId);
      if (prev) {
        prev.status = e.redirectResponse.status;
        prev.headers = lower(e.redirectResponse.headers);
        prev.bytes = e.redirectResponse.encodedDataLength || 0;
        prev.done = true;
        if (prev === this.visit.doc) this.visit.redirects.push({ status: prev.status, url: prev.url, method: prev.method });
      }
    }
    const isNav = e.type === 'Document' && e.requestId === e.loaderId && (!this.mainFrameId || e.frameId === this.mainFrameId);
    if (isNav && !e.redirectResponse) this.visit = newVisit(url);
    const r = {
      id: e.requestId, url, method: e.request.method, type: e.type, status: null, bytes: 0, done: false, failed: null,
      referer: e.request.headers.Referer || e.request.headers.referer || null, headers: {},
    };
    if (isNav) this.visit.doc = r;
    this.visit.requests.push(r);
    this.byId.set(e.requestId, r);
  }

  /** The current address, from the server's root: "/o/x/book?service=y". */
  get path() {
    const u = new URL(this.page.url());
    return u.pathname + u.search;
  }

  get url() {
    return this.page.url();
  }

  /** The answer of the current page: {status, type, headers, redirects}. */
  get response() {
    const d = this.visit.doc;
    return {
      status: d ? d.status : null, type: d ? (d.headers['content-type'] || '') : '', headers: d ? d.headers : {},
      redirects: this.visit.redirects, url: this.page.url(),
    };
  }

  async setJavaScript(on) {
    this.js = on;
    await this.page.setJavaScriptEnabled(on);
  }

  /** Runs fn(...args) in the page and returns its (JSON) value. fn must be
   * synchronous and self-contained. */
  async eval(fn, ...args) {
    const expression = `(${fn.toString()})(...${JSON.stringify(args)})`;
    for (let attempt = 0; ; attempt++) {
      let r;
      try {
        r = await this.cdp.send('Runtime.evaluate', { expression, returnByValue: true });
      } catch (e) {
        if (attempt < 20 && /context|Execution/i.test(e.message)) {
          await sleep(50);
          continue;
        }
        throw e;
      }
      if (r.exceptionDetails) {
        const d = r.exceptionDetails;
        throw new Error(`in the page: ${d.exception ? d.exception.description : d.text}`);
      }
      return r.result.value;
    }
  }

  /** Waits until no request of this visit has been in flight for idleMs
   * (icons come after load). Quiet is counted from the last request's start
   * or end, so a second wait right after the first costs nothing. */
  async settle(idleMs = 100, maxMs = 3000) {
    const end = Date.now() + maxMs;
    while (Date.now() < end) {
      if (!this.visit.requests.some((r) => !r.done) && Date.now() - this.lastNetwork >= idleMs) return;
      await sleep(20);
    }
  }

  /** Runs action (a click, a goto) and waits for the next page. */
  async navigate(what, action) {
    const before = this.visit;
    try {
      await Promise.all([this.page.waitForNavigation({ waitUntil: 'load' }), action()]);
    } catch (e) {
      if (this.visit === before) {
        fail(`${what}: nothing happened, the browser stayed on ${this.path} (${clip(e.message, 120)})`);
      }
      throw new Failure(`${what}: ${clip(e.message, 300)}`);
    }
    await this.settle();
    return this.response;
  }

  /** Opens an address of the server (a path) or any URL. */
  async goto(p, what = `opening ${p}`) {
    const url = /^https?:/.test(p) ? p : this.server.url + p;
    const before = this.visit;
    try {
      await this.page.goto(url, { waitUntil: 'load' });
    } catch (e) {
      fail(`${what}: the browser could not open ${url} (${clip(e.message, 160)})`);
    }
    if (this.visit === before) fail(`${what}: the browser did not load ${url}`);
    await this.settle();
    return this.response;
  }

  /** Fails the scenario unless the current page is an HTML page of the
   * expected status: what a citizen would see otherwise. */
  async expectPage(what, { status = 200, path: pathname = null } = {}) {
    const r = this.response;
    const isHtml = r.type.startsWith('text/html');
    if (!isHtml || r.status !== status) {
      let shown = '';
      try {
        shown = await this.eval(() => document.body ? document.body.innerText : '');
      } catch {
        shown = '';
      }
      fail(`${what}: ${this.path} answered ${r.status} ${r.type || '(no type)'}` +
        `${isHtml ? '' : ', not a web page'}${r.status !== status ? ` (expected ${status})` : ''}; ` +
        `a citizen sees: "${clip(shown, 160)}"`);
    }
    if (pathname !== null) {
      const here = new URL(this.page.url()).pathname;
      const ok = pathname instanceof RegExp ? pathname.test(here) : here === pathname;
      if (!ok) fail(`${what}: the browser is on ${here}, expected ${pathname}`);
    }
    return r;
  }

  /** The rectangle centre of the first element matching selector (after
   * scrolling it into view), or null. */
  async centre(selector) {
    return this.eval((sel) => {
      const e = document.querySelector(sel);
      if (!e) return null;
      e.scrollIntoView({ block: 'center', inline: 'center' });
      const r = e.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) return { hidden: true };
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    }, selector);
  }

  async exists(selector) {
    return this.eval((sel) => document.querySelector(sel) !== null, selector);
  }

  async count(selector) {
    return this.eval((sel) => document.querySelectorAll(sel).length, selector);
  }

  /** innerText of the first match, or null. */
  async text(selector = 'body') {
    return this.eval((sel) => {
      const e = document.querySelector(sel);
      return e ? e.innerText : null;
    }, selector);
  }

  async texts(selector) {
    return this.eval((sel) => [...document.querySelectorAll(sel)].map((e) => e.innerText), selector);
  }

  async attr(selector, name) {
    return this.eval((sel, n) => {
      const e = document.querySelector(sel);
      return e ? e.getAttribute(n) : null;
    }, selector, name);
  }

  /** A mouse click on an element; a hidden one by its label. */
  async clickElement(selector, what) {
    let pos = await this.centre(selector);
    if (pos && pos.hidden) {
      const label = await this.eval((sel) => {
        const e = document.querySelector(sel);
        const l = (e.id && document.querySelector(`label[for="${CSS.escape(e.id)}"]`)) || e.closest('label');
        if (!l) return null;
        l.setAttribute('data-fh-click', '1');
        return true;
      }, selector);
      pos = label ? await this.centre('[data-fh-click="1"]') : null;
      await this.eval(() => document.querySelectorAll('[data-fh-click]').forEach((e) => e.removeAttribute('data-fh-click')));
    }
    if (!pos || pos.hidden) fail(`${what}: there is no visible ${selector} on ${this.path}`);
    await this.page.mouse.click(pos.x, pos.y);
  }

  /** Follows the first link matching selector. */
  async follow(selector, what) {
    if (!(await this.exists(selector))) {
      fail(`${what}: there is no link ${selector} on ${this.path} (its heading: "${clip(await this.text('h1'), 80)}")`);
    }
    return this.navigate(what, () => this.clickElement(selector, what));
  }

  /** Follows the first link whose address has the path and (a subset of)
   * the query parameters given (a value of true: present with any value). */
  async followTo(pathname, params = {}, what = `the link to ${pathname}`) {
    const found = await this.eval((p, q) => {
      const links = [...document.querySelectorAll('a[href]')];
      for (const a of links) {
        const u = new URL(a.href, location.href);
        if (u.origin !== location.origin || u.pathname !== p) continue;
        if (!Object.entries(q).every(([k, v]) => (v === true ? u.searchParams.has(k) : u.searchParams.get(k) === v))) continue;
        document.querySelectorAll('[data-fh-link]').forEach((e) => e.removeAttribute('data-fh-link'));
        a.setAttribute('data-fh-link', '1');
        return a.getAttribute('href');
      }
      return null;
    }, pathname, params);
    if (!found) {
      const qs = Object.keys(params).length ? ' with ' + Object.entries(params).map(([k, v]) => `${k}=${v === true ? '…' : v}`).join('&') : '';
      fail(`${what}: there is no link to ${pathname}${qs} on ${this.path} (its heading: "${clip(await this.text('h1'), 80)}")`);
    }
    const r = await this.navigate(what, () => this.clickElement('[data-fh-link="1"]', what));
    return r;
  }

  /** Types value into a field, replacing what it held. */
  async fill(selector, value, what = `the field ${selector}`) {
    const ok = await this.eval((sel) => {
      const e = document.querySelector(sel);
      if (!e) return false;
      e.scrollIntoView({ block: 'center' });
      e.focus();
      e.value = '';
      return true;
    }, selector);
    if (!ok) fail(`${what}: there is no ${selector} on ${this.path}`);
    if (value !== '') await this.cdp.send('Input.insertText', { text: value });
    const got = await this.eval((sel) => document.querySelector(sel).value, selector);
    if (got !== value) fail(`${what}: typed ${show(value)} into ${selector} but it holds ${show(got)}`);
  }

  /** Chooses the radio name=value (clicking it or its label). */
  async choose(name, value, what = `choosing ${name}=${value}`) {
    const sel = `input[type="radio"][name="${name}"][value="${value}"]`;
    if (!(await this.exists(sel))) {
      const offered = await this.eval((n) => [...document.querySelectorAll(`input[type="radio"][name="${n}"]`)].map((e) => e.value), name);
      fail(`${what}: no choice ${value} on ${this.path} (choices offered: ${offered.join(', ') || 'none'})`);
    }
    await this.clickElement(sel, what);
    if (!(await this.eval((s) => document.querySelector(s).checked, sel))) {
      fail(`${what}: clicking the choice did not select it`);
    }
  }

  /** The label text of the radio name=value. */
  async labelOf(selector) {
    return this.eval((sel) => {
      const e = document.querySelector(sel);
      if (!e) return null;
      const l = (e.id && document.querySelector(`label[for="${CSS.escape(e.id)}"]`)) || e.closest('label');
      return l ? l.innerText : null;
    }, selector);
  }

  /** Presses the submit button of a form (by default the first in <main>).
   * When the browser's own validation would stop the form before the server
   * sees it, that is a failure (the contract has the server answer with its
   * error summary), and the form is then sent anyway. */
  async submit(what, selector = 'main form button[type="submit"], main form input[type="submit"]') {
    const state = await this.eval((sel) => {
      const b = document.querySelector(sel);
      if (!b) return null;
      const f = b.form;
      if (!f || f.noValidate || b.formNoValidate || f.checkValidity()) return { blocked: [], text: b.innerText || b.value };
      const bad = [...f.elements].filter((e) => e.willValidate && !e.checkValidity()).map((e) => e.id || e.name);
      f.noValidate = true;
      return { blocked: bad, text: b.innerText || b.value };
    }, selector);
    if (!state) fail(`${what}: there is no button ${selector} on ${this.path}`);
    this.c.check(state.blocked.length === 0,
      `${what}: the browser's own validation would stop this form on ${this.path} before the server sees it ` +
      `(${state.blocked.join(', ')}), so its error summary never shows (the form needs novalidate)`);
    return this.navigate(`${what} (button "${clip(state.text, 40)}")`, () => this.clickElement(selector, what));
  }

  /** Signs in to the manager pages as a person does: the sign-in page, the
   * name and password typed, the button; ends on the manager home. */
  async signIn(name, password) {
    await this.goto('/admin/signin', 'opening the sign-in page');
    await this.fill('#name', name, 'the user name');
    await this.fill('#password', password, 'the password');
    await this.submit(`signing in as ${name}`);
    await this.expectPage('the manager home', { path: '/admin/' });
  }

  async close() {
    try {
      await this.context.close();
    } catch {
      // the browser is gone
    }
  }
}

function newVisit(url) {
  return { url, requests: [], doc: null, redirects: [], console: [], dialogs: [] };
}

function lower(h) {
  const o = {};
  for (const [k, v] of Object.entries(h || {})) o[k.toLowerCase()] = v;
  return o;
}

// ---- the page checks --------------------------------------------------------------------

let shotCounter = 0;

/** Checks the page the tab shows now; each problem is a failed check of the
 * tab's checker, prefixed with the page's name. Returns {problems,
 * violations (axe rule ids), bytes}.
 *   lang: the <html lang> expected ('zh-Hant-TW' or 'en');
 *   hidden: strings that must not be shown (a whole national ID);
 *   headers: whether to check the contract's headers (default true);
 *   maxBytes: the weight allowed (default: MAX_PAGE_BYTES for a citizen's
 *     page, MAX_LIST_PAGE_BYTES under /admin/). */
export async function checkPage(tab, name, { lang = null, hidden = [], headers = true, maxBytes = null } = {}) {
  const c = tab.c;
  // A citizen's page is read on a phone: 30 KiB. A page of the manager area
  // is a desktop's on the office's network: the list pages' budget.
  if (maxBytes === null) maxBytes = (tab.path || '').startsWith('/admin/') ? MAX_LIST_PAGE_BYTES : MAX_PAGE_BYTES;
  const problems = [];
  const violations = [];
  const problem = (msg) => {
    problems.push(msg);
    c.check(false, `[${name}] ${msg}`);
  };
  await tab.settle();
  const visit = tab.visit;
  const here = tab.path;

  // The language and the landmarks.
  const s = await tab.eval(() => {
    const html = document.documentElement;
    const firstLink = document.body ? document.body.querySelector('a[href]') : null;
    const vp = document.querySelector('meta[name="viewport"]');
    return {
      lang: html.getAttribute('lang'),
      h1: document.querySelectorAll('h1').length,
      skip: firstLink ? { cls: firstLink.className, href: firstLink.getAttribute('href') } : null,
      main: document.querySelector('main#main') !== null,
      title: document.title,
      viewport: vp ? vp.getAttribute('content') : null,
      text: document.body ? document.body.innerText : '',
    };
  });
  if (lang) {
    if (s.lang !== lang) problem(`<html lang> is ${show(s.lang)}, expected ${show(lang)}`);
  } else if (s.lang !== 'zh-Hant-TW' && s.lang !== 'en') {
    problem(`<html lang> is ${show(s.lang)}, expected "zh-Hant-TW" or "en"`);
  }
  if (!s.skip || !/\bfh-skip-link\b/.test(s.skip.cls) || s.skip.href !== '#main') {
    problem(`the first link is not the skip link a.fh-skip-link[href="#main"] (found ${s.skip ? `class "${s.skip.cls}" href "${s.skip.href}"` : 'no link'})`);
  }
  if (!s.main) problem('no <main id="main"> for the skip link to go to');
  if (s.h1 !== 1) problem(`${s.h1} <h1> elements, expected exactly one`);
  if (!s.viewport || !/width\s*=\s*device-width/.test(s.viewport)) {
    problem(`no <meta name="viewport" content="width=device-width, …"> (a phone would show a shrunken desktop page)`);
  }
  for (const h of hidden) {
    if (h && s.text.includes(h)) problem(`the page shows ${show(h)} whole`);
  }

  // What it loaded.
  for (const r of visit.requests) {
    if (/^(data|blob|about):/.test(r.url)) continue;
    let origin;
    try {
      origin = new URL(r.url).origin;
    } catch {
      origin = r.url;
    }
    if (tab.origin && origin !== tab.origin) problem(`a request to another origin: ${r.method} ${r.url}`);
    const httpError = r !== visit.doc && r.status !== null && r.status >= 400;
    if (r.failed || httpError) {
      problem(`a request failed: ${r.method} ${r.url}: ${[httpError ? `HTTP ${r.status}` : '', r.failed || ''].filter(Boolean).join(', ')}`);
    }
    if (r !== visit.doc && r.referer && /[?&]k=/.test(r.referer)) problem(`the manage key leaks in the Referer of ${r.url}`);
  }
  for (const m of visit.console) {
    if (/Failed to load resource/.test(m)) continue; // reported above
    problem(`the browser's console: ${clip(m, 300)}`);
  }
  for (const d of visit.dialogs) problem(`a dialog opened: ${clip(d, 120)}`);
  const bytes = visit.requests.reduce((n, r) => n + (r.bytes || 0), 0);
  const parts = visit.requests.filter((r) => r.bytes).map((r) => `${r === visit.doc ? 'page' : new URL(r.url).pathname.split('/').pop() || r.url} ${kib(r.bytes)}`);
  console.log(`# [${name}] ${here}: ${kib(bytes)} loaded (${parts.join(', ')})`);
  if (bytes > maxBytes) problem(`the page loaded ${kib(bytes)}, more than ${kib(maxBytes)}`);

  // The headers of the contract.
  if (headers && visit.doc) {
    const h = visit.doc.headers;
    const csp = h['content-security-policy'] || '';
    if (!/default-src 'self'/.test(csp)) problem(`Content-Security-Policy lacks default-src 'self' (got ${show(csp)})`);
    if (/unsafe-inline|unsafe-eval/.test(csp)) problem(`Content-Security-Policy allows inline code: ${show(csp)}`);
    if (!/frame-ancestors 'none'/.test(csp)) problem(`Content-Security-Policy lacks frame-ancestors 'none'`);
    if ((h['x-content-type-options'] || '').toLowerCase() !== 'nosniff') problem('no X-Content-Type-Options: nosniff');
    if (new URL(tab.url).pathname.startsWith('/b/') && (h['referrer-policy'] || '').toLowerCase() !== 'no-referrer') {
      problem(`a page whose address carries the manage key lacks Referrer-Policy: no-referrer (got ${show(h['referrer-policy'])})`);
    }
  }

  // axe-core, injected through the DevTools protocol (Runtime.evaluate is not
  // bound by the page's Content-Security-Policy, so the page is checked with
  // its real CSP in force, and CSP violations show up above). axe needs
  // timers: with the page's JavaScript off it runs with scripts on for a
  // moment; the page's own scripts were never run, so none runs now.
  const axeStarted = Date.now();
  const jsWasOff = !tab.js;
  if (jsWasOff) await tab.setJavaScript(true);
  try {
    if (!(await tab.eval(() => typeof window.axe === 'object'))) {
      const r = await tab.cdp.send('Runtime.evaluate', { expression: axe() });
      if (r.exceptionDetails) problem(`axe-core could not be loaded in the page: ${clip(r.exceptionDetails.text)}`);
    }
    const r = await tab.cdp.send('Runtime.evaluate', {
      expression: `axe.run(document, {runOnly: {type: 'tag', values: ${JSON.stringify(AXE_TAGS)}}, resultTypes: ['violations']})
        .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})))`,
      awaitPromise: true, returnByValue: true, timeout: 20000,
    });
    if (r.exceptionDetails) {
      problem(`axe-core failed: ${clip(r.exceptionDetails.exception ? r.exceptionDetails.exception.description : r.exceptionDetails.text)}`);
    } else {
      for (const v of r.result.value) {
        violations.push(v.id);
        problem(`axe ${v.id} (${v.impact}): ${v.help} — at ${v.nodes.slice(0, 5).join(', ')}${v.nodes.length > 5 ? ` and ${v.nodes.length - 5} more` : ''}`);
      }
    }
  } finally {
    if (jsWasOff) await tab.setJavaScript(false);
  }

  const shotsStarted = Date.now();
  // No sideways scrolling at 360 px, and the screenshots.
  const vp = tab.page.viewport();
  const n = String(++shotCounter).padStart(2, '0');
  const dir = path.join(shotsRoot(), tab.ctx.name);
  fs.mkdirSync(dir, { recursive: true });
  const safe = name.replace(/[^A-Za-z0-9_.-]+/g, '-');
  // The tab's own width first and last, so that the viewport changes twice
  // a page, not four times; PNGs compressed for speed (they are looked at,
  // not kept). A citizen's page is read on a phone: 360 px, and 1280 only
  // in a tab opened that wide; a manager's page at both (FH_BROWSER_SHOTS=all
  // takes both of every page, for a review at a desk).
  const desk = (tab.path || '').startsWith('/admin') || vp.width === 1280 || process.env.FH_BROWSER_SHOTS === 'all';
  const widths = !desk ? [360] : vp.width === 1280 ? [1280, 360] : [360, 1280];
  try {
    for (const width of widths) {
      if (tab.page.viewport().width !== width) await tab.page.setViewport({ width, height: 800 });
      if (width === 360) {
        const w = await tab.eval(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
        if (w.scroll > w.inner) problem(`at 360 px wide the page scrolls sideways (${w.scroll} px of content)`);
      }
      await tab.page.screenshot({ path: path.join(dir, `${n}-${safe}-${width}.png`), fullPage: true, optimizeForSpeed: true });
    }
  } finally {
    if (tab.page.viewport().width !== vp.width || tab.page.viewport().height !== vp.height) await tab.page.setViewport(vp);
  }
  // Where a browser test's time goes, for whoever makes the suite faster.
  console.log(`# [${name}] axe ${shotsStarted - axeStarted} ms, screenshots ${Date.now() - shotsStarted} ms`);
  return { problems, violations, bytes, text: s.text };
}

// ---- a test file ---------------------------------------------------------------------------

/** What a scenario works with: the checker, the server, one browser per
 * file, tabs; everything it starts is stopped at the end, also on failure. */
export class Context {
  constructor(name) {
    this.name = name;
    this.c = new Checker(name);
    this.cleanups = [];
    this.browserPromise = null;
  }

  defer(fn) {
    this.cleanups.push(fn);
  }

  step(what) {
    console.log(`# ${what}`);
  }

  /** Starts the flexhours server (see FlexServer); at the end it must stop
   * on SIGTERM with status 0. */
  async server(opts = {}) {
    const s = new FlexServer(this, opts);
    this.defer(async () => {
      const status = await s.stop();
      if (!this.c.check(status === 0, `the server exited with ${status} after SIGTERM, expected 0`)) {
        console.log('# the server\'s log (the end):\n' + s.log().split('\n').slice(-40).join('\n'));
      }
      s.cleanup();
    });
    await s.start();
    return s;
  }

  /** The one browser of this file, launched at first use. */
  browser() {
    if (!this.browserPromise) {
      this.browserPromise = launchBrowser();
      this.defer(async () => {
        const b = await this.browserPromise.catch(() => null);
        if (b) await b.close();
      });
    }
    return this.browserPromise;
  }

  /** A new tab with its own cookies (see Tab.open). */
  async tab(opts = {}) {
    const t = await Tab.open(this, opts);
    return t;
  }

  async cleanup() {
    while (this.cleanups.length) {
      const fn = this.cleanups.pop();
      try {
        await fn();
      } catch (e) {
        console.log(`# cleanup: ${e.message}`);
      }
    }
  }
}

/** Runs a test file's main(ctx) and exits: 0 when every check passed, 1 when
 * any failed, 99 when the environment cannot run it. */
export async function run(name, main, { timeoutSeconds = 150 } = {}) {
  const ctx = new Context(name);
  fs.rmSync(path.join(shotsRoot(), name), { recursive: true, force: true });
  let finished = false;
  const bail = async (msg, code) => {
    if (finished) return;
    finished = true;
    console.log(msg);
    await ctx.cleanup();
    ctx.c.finish();
    process.exit(code);
  };
  const watchdog = setTimeout(() => bail(`FAIL: ${name} did not finish within ${timeoutSeconds} s`, 1), timeoutSeconds * 1000);
  process.on('unhandledRejection', (e) => bail(`FAIL: ${name}: an unexpected error: ${e && e.stack ? e.stack : e}`, 1));
  process.on('SIGTERM', () => bail(`FAIL: ${name} was stopped (SIGTERM)`, 1));
  let code = 0;
  try {
    // What the environment must give, checked first: loud, never a skip.
    puppeteer();
    axe();
    chromiumPath();
    flexhoursBin();
    await main(ctx);
  } catch (e) {
    if (e instanceof SetupError) {
      console.log(`ERROR: ${name} cannot run here: ${e.message}`);
      code = 99;
    } else if (e instanceof Failure) {
      ctx.c.check(false, e.message);
    } else {
      ctx.c.check(false, `an unexpected error: ${e && e.stack ? e.stack.split('\n').slice(0, 6).join('\n') : e}`);
    }
  }
  if (finished) return;
  finished = true;
  clearTimeout(watchdog);
  await ctx.cleanup();
  if (code === 99) process.exit(99); // automake's hard error: counted as failed
  process.exit(ctx.c.finish());
}
