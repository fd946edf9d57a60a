// The web UI's tests in a real browser: playwright-core drives Debian's
// Chromium (/usr/bin/chromium, headless) against a real `trustgate serve` on
// a temporary data directory. Each role's journey end to end, a rejected
// form, the print view, an axe-core scan of every page (no serious or
// critical violation), no Content-Security-Policy violation and no request
// leaving the machine; screenshots of each page; page weights and the time
// from navigation to the decision card.
//
// usage: node tests/web/run.mjs --trustgate build/bin/trustgate [--screenshots DIR] [--weights 1]
// (--weights: also load each page fresh and print what it transferred)
// Prints one line per check that fails, the figures, and a last line
// "web ui: N passed, M failed"; exits 0 only when all pass. Nothing is
// downloaded: scripts/setup installs the packages into .tools/npm.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

// The npm packages scripts/setup pins into .tools/npm (TRUSTGATE_NPM_DIR).
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const npmDir = process.env.TRUSTGATE_NPM_DIR || join(root, '.tools', 'npm');
const require = createRequire(join(npmDir, 'package.json'));
const { chromium } = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const args = Object.fromEntries(process.argv.slice(2).reduce((out, a, i, all) =>
  a.startsWith('--') ? [...out, [a.slice(2), all[i + 1]]] : out, []));
const trustgate = args.trustgate || 'build/bin/trustgate';
const shots = args.screenshots || join(tmpdir(), 'trustgate-ui-screenshots');
mkdirSync(shots, { recursive: true });

const started = Date.now();
let lap = started;
const laps = [];
const mark = (name) => { const now = Date.now(); laps.push(`${name} ${((now - lap) / 1000).toFixed(1)} s`); lap = now; };
let passed = 0, failed = 0;
const figures = [];
function check(name, ok, detail = '') {
  if (ok) passed++;
  else { failed++; console.log(`FAILED: ${name}${detail ? ': ' + detail : ''}`); }
}

// --- a real server on a temporary data directory ---------------------------
const dir = mkdtempSync(join(tmpdir(), 'trustgate-ui-'));
const initOut = execFileSync(trustgate, ['init', '--data', join(dir, 'd')], { encoding: 'utf8' });
const adminToken = (initOut.match(/tg_[A-Za-z0-9_-]+/) || [])[0];
const port = await new Promise(res => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); }); });
const base = `http://127.0.0.1:${port}`;
const server = spawn(trustgate, ['serve', '--data', join(dir, 'd'), '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
let serverLog = '';
server.stderr.on('data', d => { serverLog += d; });
for (let i = 0; i < 100; i++) {
  try { if ((await fetch(base + '/healthz')).ok) break; } catch { /* not yet */ }
  await new Promise(r => setTimeout(r, 100));
}

async function admin(method, path, body) {
  const r = await fetch(base + path, { method, headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}
const PASSWORD = 'correct horse battery staple';
const people = {
  desk: { role: 'desk_officer', agency: 'chicago-police', jurisdiction: 'us-il-chicago' },
  sup: { role: 'supervisor', agency: 'chicago-police', jurisdiction: 'us-il-chicago' },
  counsel: { role: 'counsel', agency: '', jurisdiction: 'us-il-chicago' },
  auditor: { role: 'auditor', agency: '', jurisdiction: '' },
};
for (const [name, p] of Object.entries(people)) {
  await admin('POST', '/v1/users', { name, ...p });
  await admin('POST', `/v1/users/${name}/password`, { password: PASSWORD });
}
const ledgerSize = async () => Number((await (await fetch(base + '/v1/ledger/checkpoint')).text()).split('\n')[1]);

// --- the browser ------------------------------------------------------------
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const scanned = [];

let current = null;  // the page made last, for the report of a journey that stops
async function newPage(locale = 'en-US') {
  const ctx = await browser.newContext({ locale, timezoneId: 'America/Chicago', viewport: { width: 1100, height: 900 } });
  const page = await ctx.newPage();
  page.stats = { bytes: 0, pending: [], foreign: [], csp: [], errors: [] };
  page.on('response', r => page.stats.pending.push(r.body().then(b => { page.stats.bytes += b.length; }, () => { /* redirects */ })));
  page.on('request', r => { const u = new URL(r.url()); if (u.protocol.startsWith('http') && u.hostname !== '127.0.0.1') page.stats.foreign.push(r.url()); });
  page.on('console', m => { if (/Content.Security.Policy/i.test(m.text())) page.stats.csp.push(m.text()); });
  page.on('pageerror', e => page.stats.errors.push(e.message));
  current = page;
  return page;
}

// The axe-core scan of the page as it is now, and its screenshot.
async function scan(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
  check(`axe: no serious or critical violation on ${name}`, bad.length === 0,
    bad.map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(', ')}`).join('; '));
  scanned.push(name);
  // A long page (the law's tables) is shot as far as the window shows.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: height <= 3000 });
}

function clean(page, name) {
  check(`${name}: no request leaves the machine`, page.stats.foreign.length === 0, page.stats.foreign.join(', '));
  check(`${name}: no Content-Security-Policy violation`, page.stats.csp.length === 0, page.stats.csp.join(' | '));
  check(`${name}: no script error`, page.stats.errors.length === 0, page.stats.errors.join(' | '));
}

// The bytes of every response body the page has received so far.
async function weight(page) {
  await Promise.all(page.stats.pending);
  return page.stats.bytes;
}

const sessions = {};  // name -> the cookies of a signed-in context, for the page weights
async function signIn(page, name, next = '') {
  await page.goto(base + '/login' + (next ? '?next=' + encodeURIComponent(next) : ''));
  await page.fill('#name', name);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(u => !u.pathname.startsWith('/login')), page.click('button[type="submit"]')]);
  sessions[name] = await page.context().cookies();
}

// Fills the desk form; `r` names the document, actions, purpose and custody.
async function describe(page, r) {
  await page.waitForSelector('#request:not([hidden])');
  if (r.received) await page.fill('#received', r.received);
  if (r.document) await page.check(`#document-${r.document}`);
  if (r.requester) await page.selectOption('#requester', r.requester);
  for (const a of r.actions || []) await page.check(`#action-${a}`);
  if (r.purpose) await page.check(`#purpose-${r.purpose}`);
  if (r.custody !== undefined) await page.check(r.custody ? '#custody-yes' : '#custody-no');
  for (const f of r.facts || []) await page.check(`#fact-${f}`);
}

try {
  // --- the public, in English: the first page, its weight, know your rights
  {
    const page = await newPage('en-US');
    await page.goto(base + '/', { waitUntil: 'networkidle' });
    const bytes = await weight(page);
    figures.push(`first page (/): ${(bytes / 1024).toFixed(1)} KB of response bodies`);
    check('the first page is under 200 KB', bytes < 200 * 1024, `${bytes} bytes`);
    check('the first page links to "Know your rights"', await page.isVisible('a:text("Know your rights")'));
    await scan(page, 'public-home');
    await Promise.all([page.waitForURL('**/rights'), page.click('main a:text("Know your rights")')]);
    await page.waitForSelector('#help .contact');
    const text = await page.innerText('main');
    check('know your rights (en) names the National Immigrant Justice Center', /National Immigrant Justice Center/.test(text));
    check('know your rights (en) gives its phone number', /312-660-1370/.test(text));
    check('know your rights links to ICE\'s detainee locator', await page.$('a[href^="https://locator.ice.gov"]') !== null);
    await scan(page, 'public-rights');
    await page.goto(base + '/laws?j=us-il-chicago', { waitUntil: 'networkidle' });
    check('the published policies show Chicago\'s ordinance', /2-173/.test(await page.innerText('main')));
    await scan(page, 'public-laws');
    clean(page, 'public pages (en)');
  }

  mark('setup and public (en)');
  // --- the public, in Spanish: the report and know your rights
  {
    const page = await newPage('es-ES');
    await page.goto(base + '/', { waitUntil: 'networkidle' });
    check('in Spanish the page is marked lang="es"', await page.getAttribute('html', 'lang') === 'es');
    await scan(page, 'public-home-es');
    await Promise.all([page.waitForURL('**/reports'), page.click('main a:text("Informes de transparencia")')]);
    await page.waitForSelector('#reports > *');
    const reports = await page.innerText('main');
    const haveReports = !(await page.$('#no-reports'));
    figures.push(`reports endpoint: ${haveReports ? 'present' : 'absent (the page says so)'}`);
    check('the reports page shows the summary report (or says the server has none)',
      haveReports ? (await page.$$('#reports table')).length > 0 : /todavía no publica informes/.test(reports));
    check('the reports page (es) is in Spanish', /Informes de transparencia/.test(reports) && /informes|solicitudes/i.test(reports));
    await scan(page, 'public-reports-es');
    await page.goto(base + '/', { waitUntil: 'networkidle' });
    await Promise.all([page.waitForURL('**/rights'), page.click('main a:text("Conozca sus derechos")')]);
    await page.waitForSelector('#help .contact');
    const text = await page.innerText('main');
    check('know your rights (es) is in Spanish', /Dónde obtener ayuda legal/.test(text) && /derecho a guardar silencio/.test(text));
    check('know your rights (es) describes NIJC in Spanish', /Servicios legales de inmigración gratuitos/.test(text));
    await page.goto(base + '/laws?j=us-il-chicago', { waitUntil: 'networkidle' });
    await page.waitForSelector('#laws section');
    check('the published policies (es) are in Spanish', /no pueden entregar a nadie a la custodia de ICE/.test(await page.innerText('#laws')));
    await scan(page, 'public-laws-es');
    await scan(page, 'public-rights-es');
    // The switch goes back to English and is remembered.
    await Promise.all([page.waitForLoadState('load'), page.click('#lang')]);
    await page.waitForSelector('#laws section');
    check('the language switch shows English', /Published policies/.test(await page.innerText('h1')) &&
      /Chicago agents may not transfer anyone into ICE custody/.test(await page.innerText('#laws')));
    clean(page, 'public pages (es)');
  }

  mark('public (es)');
  // --- the desk officer: the design's example -> DECLINE, with both citations
  {
    const page = await newPage();
    await signIn(page, 'desk', '/desk');
    await page.waitForSelector('#request:not([hidden])');
    await scan(page, 'desk-form');
    // The keyboard alone: Tab reaches each question, in order, and the submit button.
    await page.focus('#jurisdiction');
    const order = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => document.activeElement.id || document.activeElement.getAttribute('type')));
    }
    const stops = ['document-I-247A', 'requester', 'action-hold_beyond_release', 'purpose-civil_immigration_enforcement', 'custody-yes', 'submit'];
    const at = stops.map(x => order.indexOf(x));
    check('the keyboard alone reaches every question in order', at.every((x, i) => x >= 0 && (i === 0 || x > at[i - 1])), order.join(' '));
    check('the Chicago form has no immigration-status field',
      (await page.$$('[data-pointer*="immigration_status"], [data-pointer*="citizenship"], #facts input[value*="status"], #custody input[value*="status"]')).length === 0);
    check('the Chicago form says status is not recorded', /forbids recording/.test(await page.innerText('#unrecordable')));

    // A rejected form: no document chosen. The error is beside the field, nothing is written.
    const before = await ledgerSize();
    await describe(page, { actions: ['hold_beyond_release'], purpose: 'civil_immigration_enforcement', custody: true });
    await page.click('button[type="submit"]');
    await page.waitForSelector('.field-error');
    const err = await page.$('#documents .field-error');
    check('a rejected form shows the error in the document field', err !== null, await page.innerText('#summary').catch(() => ''));
    check('the document field is marked invalid', await page.getAttribute('#documents', 'aria-describedby') !== null);
    check('a rejected form writes nothing to the ledger', await ledgerSize() === before);
    await scan(page, 'desk-rejected');

    // The design's example, timed from navigation to the decision card.
    const t0 = Date.now();
    await page.goto(base + '/desk');
    await describe(page, { received: '2025-01-27T14:03', document: 'I-247A', requester: 'ice-ero',
      actions: ['hold_beyond_release', 'notify_release'], purpose: 'civil_immigration_enforcement', custody: true });
    const t1 = Date.now();
    await page.click('button[type="submit"]');
    await page.waitForSelector('.card');
    const t2 = Date.now();
    figures.push(`desk: navigation to decision card ${t2 - t0} ms (form load and filling ${t1 - t0} ms, submit to card ${t2 - t1} ms)`);
    const cards = await page.$$eval('.card', cs => cs.map(c => ({ action: c.dataset.action, response: c.dataset.response, text: c.innerText })));
    check('the example gives two cards', cards.length === 2, JSON.stringify(cards.map(c => c.action)));
    check('both cards say DECLINE in words', cards.every(c => c.response === 'decline' && /DECLINE/.test(c.text)), JSON.stringify(cards.map(c => c.response)));
    for (const d of await page.$$('.card details')) await d.evaluate(x => { x.open = true; });
    const why = await page.innerText('#cards');
    check('the answer cites the Illinois TRUST Act', /5 ILCS 805\/15\(a\)/.test(why));
    check('the answer cites Chicago\'s ordinance', /Chicago Mun\. Code 2-173/.test(why), why.slice(0, 300));
    check('the obligations are a checklist', (await page.$$('.card .checklist input[type="checkbox"]')).length > 0);
    await scan(page, 'desk-decision');
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(shots, 'desk-decision-print.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'Letter' });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    check('the decision prints on one page', pages === 1, `${pages} pages`);
    await page.emulateMedia({ media: 'screen' });
    clean(page, 'desk');
  }

  mark('desk officer');
  // --- the supervisor: signs off an on-scene request, on site
  let onScene;
  {
    const desk = await newPage();
    await signIn(desk, 'desk', '/desk');
    await describe(desk, { document: 'informal', requester: 'ice-hsi', actions: ['on_scene_assistance'], purpose: 'criminal_investigation', custody: false });
    await desk.click('button[type="submit"]');
    await desk.waitForSelector('.card');
    onScene = new URL(await desk.getAttribute('#case-link', 'href'), base).searchParams.get('id');
    const page = await newPage();
    await signIn(page, 'sup', '/queue');
    await page.waitForSelector(`#queue a:text("${onScene}")`);
    await scan(page, 'supervisor-queue');
    await Promise.all([page.waitForURL('**/case?id=*'), page.click(`#queue a:text("${onScene}")`)]);
    await page.waitForSelector('#act:not([hidden])');
    check('the case waits for a supervisor on site', /Waiting for: supervisor/.test(await page.innerText('#meta')));
    // An override without a reason is refused, beside the reason field.
    const before = await ledgerSize();
    await page.click('#override button[type="submit"]');
    await page.waitForSelector('#override .field-error');
    check('an override without a reason is refused beside the field and writes nothing',
      await page.getAttribute('#reason', 'aria-invalid') === 'true' && await ledgerSize() === before);
    await scan(page, 'supervisor-case');
    await page.check('#on-site');
    await page.click('#signoff button[type="submit"]');
    await page.waitForSelector('#signoff-status .notice');
    const timeline = await page.innerText('#timeline');
    check('the timeline shows the sign-off on site', /Signed off by sup \(supervisor, on site\)/.test(timeline), timeline);
    check('the case is signed off', /^Signed off/.test(await page.innerText('#meta')));
    // What happened: a transfer needs the agency; refused beside the field, then recorded.
    await page.selectOption('#event', 'transferred');
    await page.click('#disposition button[type="submit"]');
    await page.waitForSelector('#disposition .field-error');
    check('a transfer without an agency is refused beside the field', await page.getAttribute('#to', 'aria-invalid') === 'true');
    await page.selectOption('#event', 'notice_given');
    await page.click('#disposition button[type="submit"]');
    await page.waitForSelector('#disposition-status .notice');
    check('what happened shows in the timeline', /Person given a copy of the request/.test(await page.innerText('#timeline')));
    await scan(page, 'supervisor-signed-off');
    clean(page, 'supervisor');
  }

  mark('supervisor');
  // --- counsel: packs and policies, check, Chicago 2020 vs 2022, playground
  {
    const page = await newPage();
    await signIn(page, 'counsel', '/counsel');
    await page.waitForSelector('#policies table');
    await page.waitForSelector('#check p');
    check('counsel sees citations with dates', /Chicago Mun\. Code/.test(await page.innerText('#policies')));
    await page.fill('#old', 'us-il-chicago@2020-06-01');
    await page.fill('#new', 'us-il-chicago@2022-06-01');
    await page.click('#diff-form button');
    await page.waitForSelector('#diff table');
    const rows = await page.$$('#diff tbody tr');
    check('the Chicago 2020 vs 2022 diff is a table of changes', rows.length > 0, `${rows.length} rows`);
    check('the diff shows before and after', /prohibited|discretionary|required|conflict/.test(await page.innerText('#diff tbody')));
    // The recorded history (the desk's and the supervisor's cases) under the 2020 law.
    await page.check('#under-with');
    await page.click('#replay-form button');
    await page.waitForSelector('#replay-summary, #replay .notice, #replay .field-error');
    const replayed = await page.innerText('#replay');
    check('counsel replays the history under the 2020 law', /cases, \d+ outcomes under/.test(replayed), replayed);
    await page.evaluate(() => document.getElementById('h-diff').scrollIntoView());
    await scan(page, 'counsel-law');
    await page.goto(base + '/playground');
    await page.click('#policy-form button');
    await page.waitForSelector('#validation .ok, #validation .fail');
    check('the playground validates the example policy', /^Valid/.test(await page.innerText('#validation')), await page.innerText('#validation'));
    await page.click('#request-form button');
    await page.waitForSelector('#decision');
    check('the playground answers DENY for a detainer hold', await page.innerText('#decision') === 'DENY');
    await page.fill('#policies', 'permit (principal, action, resource) when { context.nope };');
    await page.click('#policy-form button');
    await page.waitForSelector('#validation .fail');
    await scan(page, 'counsel-playground');
    clean(page, 'counsel');
  }

  mark('counsel');
  // --- the auditor: checkpoint, whole ledger, a case's inclusion proof
  {
    const page = await newPage();
    await signIn(page, 'auditor', '/audit');
    await page.waitForSelector('#checkpoint-check li');
    check('the checkpoint signature checks in the browser', (await page.$$('#checkpoint-check li.fail')).length === 0);
    await page.click('#verify');
    await page.waitForSelector('#verify-verdict');
    check('the whole ledger verifies in the browser', (await page.getAttribute('#verify-verdict', 'class')) === 'ok', await page.innerText('#verify-result'));
    await page.fill('#case', onScene);
    await page.click('#proof-form button');
    await page.waitForSelector('#proof-verdict');
    check('the inclusion proof checks in the browser', (await page.getAttribute('#proof-verdict', 'class')) === 'ok', await page.innerText('#proof'));
    check('each step of the proof is shown', (await page.$$('#proof .steps li')).length >= 4);
    check('the page says which entries hide the person\'s details from an auditor', /withheld/.test(await page.innerText('#proof')));
    await scan(page, 'auditor');
    clean(page, 'auditor');
  }

  mark('auditor');
  // --- page weights (first load, nothing cached): with --weights only, to keep the suite short
  if (args.weights !== undefined) for (const path of ['/', '/rights', '/laws', '/reports', '/login']) {
    const page = await newPage();
    await page.goto(base + path, { waitUntil: 'networkidle' });
    figures.push(`${path}: ${(await weight(page) / 1024).toFixed(1)} KB`);
    await page.context().close();
  }
  // Signed in: a fresh context (empty cache) with a journey's session cookie.
  if (args.weights !== undefined) for (const [who, path, ready] of [['desk', '/desk', '#request:not([hidden])'], ['sup', '/queue', '#queue:not([hidden])'],
    ['counsel', '/counsel', '#check table, #check p'], ['counsel', '/playground', '#policies'], ['auditor', '/audit', '#checkpoint-check li']]) {
    const page = await newPage();
    await page.context().addCookies(sessions[who]);
    await page.goto(base + path, { waitUntil: 'networkidle' });
    await page.waitForSelector(ready);
    figures.push(`${path} (signed in): ${(await weight(page) / 1024).toFixed(1)} KB`);
    await page.context().close();
  }
} catch (e) {
  const where = current ? `${current.url()}: ${await current.innerText('main').catch(() => '')}`.slice(0, 600) : '';
  check('the journeys ran to the end', false, `${e.stack}\n  on ${where}\n  script errors: ${current ? current.stats.errors.join(' | ') : ''}`);
} finally {
  await browser.close();
  server.kill('SIGTERM');
  await new Promise(r => server.on('exit', r));
  rmSync(dir, { recursive: true, force: true });
}

mark('page weights');
figures.push(`the run took ${((Date.now() - started) / 1000).toFixed(1)} s: ${laps.join(', ')}`);
for (const f of figures) console.log('  ' + f);
console.log(`  pages scanned by axe-core: ${scanned.length}; screenshots in ${shots}`);
if (failed && serverLog) console.log(serverLog.split('\n').slice(-5).join('\n'));
console.log(`web ui: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
