// The browser tests' world: the real server on a fresh in-memory store with demo data and a user, the built
// dashboard, and Debian's Chromium driven by playwright-core. Screenshots go to test-artifacts/screenshots/.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, afterEach, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp } from '../../src/http/app.ts';
import type { ServiceContext } from '../../src/services/context.ts';
import { loadDemo } from '../../src/services/demo.ts';
import { createUser } from '../../src/services/users.ts';
import { ensureWebBuild } from '../../web/build.ts';
import { memoryStore, testContext } from './store.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'screenshots');

export interface Dashboard {
  url: string;
  ctx: ServiceContext;
  email: string;
  password: string;
  browser: Browser;
  close(): Promise<void>;
}

/** Starts everything; `close()` stops the browser, the server and the store. */
export async function startDashboard({
  accounts = 150,
  usage = true,
}: { accounts?: number; usage?: boolean } = {}): Promise<Dashboard> {
  const [webDir, store] = await Promise.all([ensureWebBuild(), memoryStore()]);
  const ctx = testContext(store);
  await loadDemo({ ctx, seed: 1, accounts, usage });
  const email = 'dana@example.com';
  const password = 'correct horse battery';
  await createUser({ ctx, email, password, role: 'admin', name: 'Dana Whitfield' });
  const app = await buildApp({ ctx, webDir });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  return {
    url: `http://127.0.0.1:${port}`,
    ctx,
    email,
    password,
    browser,
    async close() {
      await browser.close();
      await app.close();
      await store.close();
    },
  };
}

/**
 * A page the size of a 1366×768 laptop screen; reduced motion, so charts draw without animating. The server's
 * Content-Security-Policy forbids eval, which playwright's string predicates (waitForFunction) need: pages made
 * here bypass it; test/browser/first-day.test.ts checks the dashboard under it with `enforceCsp`.
 */
export async function newPage(
  dashboard: Dashboard,
  { width = 1366, height = 768, enforceCsp = false }: { width?: number; height?: number; enforceCsp?: boolean } = {},
): Promise<Page> {
  const context = await dashboard.browser.newContext({
    viewport: { width, height },
    baseURL: dashboard.url,
    reducedMotion: 'reduce',
    bypassCSP: !enforceCsp,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

export async function signIn(page: Page, dashboard: Dashboard, path = '/'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Email').fill(dashboard.email);
  await page.getByLabel('Password').fill(dashboard.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.sidebar').waitFor();
}

/** A full-page screenshot kept as a test artifact. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.evaluate('window.scrollTo(0, 0)');
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The charts on the page once each has drawn: its name, plotted points and their sum, and painted pixels. */
export interface DrawnChart {
  label: string;
  points: number;
  total: number;
  paintedPixels: number;
}

// Runs in the page (a string: the test code's types have no DOM).
const READ_CHARTS = `[...document.querySelectorAll('[data-chart]')].map((el) => {
  const canvas = el.querySelector('canvas');
  let painted = 0;
  if (canvas && canvas.width > 0 && canvas.height > 0) {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < data.length; i += 16) if (data[i] > 0) painted++;
  }
  return {
    label: el.getAttribute('data-chart'),
    points: Number(el.getAttribute('data-points')),
    total: Number(el.getAttribute('data-total')),
    paintedPixels: painted,
  };
})`;

/** Waits until the page shows `count` charts with data, none refreshing, then reads them. */
export async function drawnCharts(page: Page, count: number): Promise<DrawnChart[]> {
  await page.waitForFunction(
    `document.querySelectorAll('[data-chart] canvas').length >= ${count} && !document.querySelector('.refreshing')`,
  );
  // ECharts animates its first draw; the figures are final once two reads agree.
  let previous = '';
  for (let attempt = 0; attempt < 20; attempt++) {
    const charts = await page.evaluate<DrawnChart[]>(READ_CHARTS);
    const now = JSON.stringify(charts);
    if (now === previous) return charts;
    previous = now;
    await page.waitForTimeout(250);
  }
  return JSON.parse(previous) as DrawnChart[];
}

/** The body rows of the table with this aria-label, as cell texts. */
export async function tableRows(page: Page, label: string): Promise<string[][]> {
  await page.waitForFunction(`!document.querySelector('.refreshing')`);
  const table = page.getByRole('table', { name: label });
  await table.locator('tbody tr').first().waitFor();
  const rows = table.locator('tbody tr');
  const cells: string[][] = [];
  for (const row of await rows.all()) cells.push((await row.locator('td').allInnerTexts()).map((t) => t.trim()));
  return cells;
}

/** The charts named `labels`, in that order, each with plotted points and at least `minPixels` painted. */
export async function assertChartsDrawn(page: Page, labels: readonly string[], minPixels = 500): Promise<DrawnChart[]> {
  const charts = await drawnCharts(page, labels.length);
  assert.deepEqual(
    charts.map((c) => c.label),
    labels,
  );
  for (const chart of charts) {
    assert.ok(chart.points > 0 && chart.paintedPixels > minPixels, `${chart.label}: ${JSON.stringify(chart)}`);
  }
  return charts;
}

/**
 * One dashboard and one signed-in page for a `describe` block, with every test checked for script errors in the
 * page: registers the before, afterEach and after hooks, and returns the world once `before` has run.
 */
export function browserSuite({
  accounts = 150,
  path = '/',
  height,
  setup,
}: {
  accounts?: number;
  path?: string;
  height?: number;
  setup?: (dashboard: Dashboard) => Promise<void>;
}): { readonly dashboard: Dashboard; readonly page: Page } {
  let world: { dashboard: Dashboard; page: Page } | undefined;
  const pageErrors: string[] = [];
  before(async () => {
    const dashboard = await startDashboard({ accounts });
    await setup?.(dashboard);
    const page = await newPage(dashboard, height === undefined ? {} : { height });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page, dashboard, path);
    world = { dashboard, page };
  });
  afterEach(() => {
    assert.deepEqual(pageErrors.splice(0), [], 'no script error in the page');
  });
  after(async () => {
    await world?.dashboard.close();
  });
  const started = () => {
    if (!world) throw new Error('the browser suite has not started');
    return world;
  };
  return {
    get dashboard() {
      return started().dashboard;
    },
    get page() {
      return started().page;
    },
  };
}
