/**
 * `npm run bench -- lighthouse` (#13 item 11): Lighthouse's mobile preset (simulated slow 4G and a
 * 4× slower CPU, Moto G Power screen) on four portal pages of a real server process serving the
 * production build: the sign-in page, the guide, the home page and a conversation, the last two
 * signed in as a client (invited by a staff message, the link exchanged for the session cookies,
 * which are set in the browser). Each run checks the page made the API calls it is measured for.
 * Debian's /usr/bin/chromium (chrome-launcher, --headless=new --no-sandbox). Each page runs
 * BENCH_LIGHTHOUSE_RUNS times (default 3) and the run with the median performance score is kept,
 * as Lighthouse advises for its variance.
 *
 * Targets: performance ≥ 0.95, accessibility 1.0, no console error. Also printed: first contentful
 * paint, the JavaScript transferred and how much of it went unused. No same-run baseline: the
 * mobile preset's simulated throttling (Lantern) already models the device and network, so its
 * figures do not follow the machine's load the way our latency benches do.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type Flags, type Result } from 'lighthouse';
import { chromium } from 'playwright-core';
import { type ServerProcess, startServer } from '../server/test/support/server-process';
import { type Figure, median, report } from './report';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (line: string) => process.stderr.write(`[lighthouse bench] ${line}\n`);
const admin = { email: 'admin@lighthouse.test', password: 'lighthouse admin password 1' };

async function call<T>(server: ServerProcess, method: string, url: string, token: string, body?: unknown) {
  const res = await fetch(`${server.url}/api/v1${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A client invited by a staff message: their portal session cookie and the conversation's id. */
async function seedClient(
  server: ServerProcess,
): Promise<{ cookies: { name: string; value: string }[]; conversationId: string }> {
  const { token } = await call<{ token: string }>(server, 'POST', '/auth/login', '', admin);
  const matter = await call<{ id: string }>(server, 'POST', '/matters', token, {
    title: 'Elm Street purchase',
  });
  const contact = await call<{ id: string }>(server, 'POST', '/contacts', token, {
    name: 'Grace Hopper',
    email: 'grace@client.test',
  });
  const party = await call<{ id: string }>(server, 'POST', `/matters/${matter.id}/parties`, token, {
    contactId: contact.id,
    role: 'Client',
  });
  const post = (body: string) =>
    call<{ conversation: { id: string } }>(server, 'POST', `/matters/${matter.id}/messages`, token, {
      partyIds: [party.id],
      body,
    });
  const first = await post('Welcome, Grace. The contract draft is ready for you to read.');
  await post('Please tell us by Friday whether the closing date of 12 January suits you.');
  const deadline = Date.now() + 30_000;
  let link: string | undefined;
  while (!link) {
    const { items } = await call<{ items: { to: string; text: string }[] }>(
      server,
      'GET',
      '/dev/outbox',
      token,
    );
    link = items
      .filter((i) => i.to === 'grace@client.test')
      .map((i) => /\/portal\/sign-in\?token=([A-Za-z0-9_%-]+)/.exec(i.text)?.[1])
      .find(Boolean);
    if (!link && Date.now() > deadline) throw new Error('no invitation in the outbox');
    if (!link) await new Promise((r) => setTimeout(r, 200));
  }
  const res = await fetch(`${server.url}/api/v1/portal/auth/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ token: decodeURIComponent(link) }),
  });
  if (!res.ok) throw new Error(`exchange: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => {
    const [name, ...value] = c.split(';')[0]!.split('=');
    return { name: name!, value: value.join('=') };
  });
  return { cookies, conversationId: first.conversation.id };
}

/** The browser's cookies for the server: exactly these (signed out when none), as sign-in left them. */
async function setCookies(port: number, url: string, cookies: { name: string; value: string }[]) {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  try {
    const context = browser.contexts()[0]!;
    await context.clearCookies();
    if (cookies.length) await context.addCookies(cookies.map((c) => ({ ...c, url })));
  } finally {
    await browser.close();
  }
}

interface NetworkRequest {
  url: string;
  statusCode: number;
}

/** The page did what it is measured for: each of these API calls was made and answered 2xx. */
function expectApi(page: string, requests: NetworkRequest[], paths: string[]) {
  for (const p of paths) {
    const hit = requests.find((r) => new URL(r.url).pathname === `/api/v1${p}`);
    if (!hit || hit.statusCode < 200 || hit.statusCode > 299) {
      throw new Error(
        `${page}: expected GET /api/v1${p} answered 2xx, got ${hit ? hit.statusCode : 'no request'}`,
      );
    }
  }
}

interface PageRun {
  performance: number;
  accessibility: number;
  fcpMs: number;
  lcpMs: number;
  jsBytes: number;
  unusedJsBytes: number;
  consoleErrors: string[];
  failedA11y: string[];
  /** The performance audits that cost points, with what Lighthouse says of each. */
  losses: string[];
}

function summarize(lhr: Result): PageRun {
  const audit = (id: string) => lhr.audits[id];
  const scripts = (
    audit('resource-summary')?.details as { items?: { resourceType: string; transferSize: number }[] }
  )?.items?.find((i) => i.resourceType === 'script');
  const unused = audit('unused-javascript')?.details as { overallSavingsBytes?: number } | undefined;
  const errors = (audit('errors-in-console')?.details as { items?: { description?: string; url?: string }[] })
    ?.items;
  const a11yRefs = lhr.categories.accessibility?.auditRefs ?? [];
  return {
    performance: lhr.categories.performance?.score ?? 0,
    accessibility: lhr.categories.accessibility?.score ?? 0,
    fcpMs: audit('first-contentful-paint')?.numericValue ?? Number.NaN,
    lcpMs: audit('largest-contentful-paint')?.numericValue ?? Number.NaN,
    jsBytes: scripts?.transferSize ?? 0,
    unusedJsBytes: unused?.overallSavingsBytes ?? 0,
    consoleErrors: (errors ?? []).map((e) => `${e.description ?? ''} ${e.url ?? ''}`.trim()),
    losses: (lhr.categories.performance?.auditRefs ?? [])
      .map((r) => lhr.audits[r.id]!)
      .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative')
      .map((a) => `${a.id}${a.displayValue ? ` (${a.displayValue})` : ''}`),
    failedA11y: a11yRefs.filter((r) => r.weight > 0 && (lhr.audits[r.id]?.score ?? 1) < 1).map((r) => r.id),
  };
}

export async function run(): Promise<void> {
  const runs = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);
  execFileSync(process.execPath, [path.join(here, '../scripts/ensure-web-build.mjs')], { stdio: 'inherit' });
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-lighthouse-'));
  const server = await startServer({
    DATA_DIR: dataDir,
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    FIRM_NAME: 'Lovelace & Partners',
    OUTBOX_SHOW_SECRETS: 'true',
    LOG_LEVEL: 'warn',
  });
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const { cookies, conversationId } = await seedClient(server);
    const pages = [
      { name: 'sign-in', url: '/portal', signedIn: false, expect: ['/branding'] },
      { name: 'guide', url: '/portal/guide', signedIn: false, expect: ['/branding'] },
      { name: 'home', url: '/portal', signedIn: true, expect: ['/portal/me', '/portal/conversations'] },
      {
        name: 'conversation',
        url: `/portal/conversations/${conversationId}`,
        signedIn: true,
        expect: ['/portal/me', `/portal/conversations/${conversationId}/messages`],
      },
    ];
    const figures: Figure[] = [];
    const context: Record<string, unknown> = {
      runs,
      chromium: execFileSync(chrome.process.spawnfile, ['--version']).toString().trim(),
    };
    for (const page of pages) {
      const flags: Flags = {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
      };
      await setCookies(chrome.port, server.url, page.signedIn ? cookies : []);
      const results: PageRun[] = [];
      for (let i = 0; i < runs; i++) {
        const result = await lighthouse(`${server.url}${page.url}`, flags);
        if (!result) throw new Error(`no Lighthouse result for ${page.name}`);
        if (result.lhr.runtimeError) throw new Error(`${page.name}: ${result.lhr.runtimeError.message}`);
        const requests = (result.lhr.audits['network-requests']?.details as { items?: NetworkRequest[] })
          ?.items;
        expectApi(page.name, requests ?? [], page.expect);
        results.push(summarize(result.lhr));
        log(`${page.name} run ${i + 1}: performance ${results.at(-1)!.performance}`);
      }
      const mid = median(results.map((r) => r.performance));
      const kept = results.find((r) => r.performance === mid)!;
      context[page.name] = { url: page.url, kept, performanceScores: results.map((r) => r.performance) };
      figures.push(
        {
          name: `${page.name} performance`,
          value: kept.performance,
          unit: 'score',
          target: '≥ 0.95',
          met: kept.performance >= 0.95,
        },
        {
          name: `${page.name} accessibility`,
          value: kept.accessibility,
          unit: 'score',
          target: '= 1',
          met: kept.accessibility === 1,
        },
        {
          name: `${page.name} console errors`,
          value: kept.consoleErrors.length,
          unit: 'errors',
          target: '= 0',
          met: kept.consoleErrors.length === 0,
        },
        { name: `${page.name} first contentful paint`, value: kept.fcpMs / 1000, unit: 's' },
        { name: `${page.name} largest contentful paint`, value: kept.lcpMs / 1000, unit: 's' },
        { name: `${page.name} JavaScript transferred`, value: kept.jsBytes / 1024, unit: 'KiB' },
        { name: `${page.name} JavaScript unused`, value: kept.unusedJsBytes / 1024, unit: 'KiB' },
      );
      if (kept.losses.length) log(`${page.name}: performance audits below 0.9: ${kept.losses.join(', ')}`);
      if (kept.failedA11y.length)
        log(`${page.name}: accessibility audits failed: ${kept.failedA11y.join(', ')}`);
      for (const e of kept.consoleErrors) log(`${page.name}: console error: ${e}`);
    }
    await report('lighthouse', figures, context);
  } finally {
    chrome.kill();
    await server.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
