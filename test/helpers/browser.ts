// The browser tests' world: the real server on a fresh in-memory store with demo data and a user, the built
// dashboard, and Debian's Chromium driven by playwright-core. Screenshots go to test-artifacts/screenshots/.
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp } from '../../src/http/app.ts';
import { loadDemo } from '../../src/services/demo.ts';
import { createUser } from '../../src/services/users.ts';
import { openStore } from '../../src/store/open.ts';
import { ensureWebBuild } from '../../web/build.ts';
import { testContext } from './store.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'screenshots');

export interface Dashboard {
  url: string;
  email: string;
  password: string;
  browser: Browser;
  close(): Promise<void>;
}

/** Starts everything; `close()` stops the browser, the server and the store. */
export async function startDashboard({ accounts = 150 }: { accounts?: number } = {}): Promise<Dashboard> {
  const [webDir, store] = await Promise.all([ensureWebBuild(), openStore({ memory: true })]);
  const ctx = testContext(store);
  await loadDemo({ ctx, seed: 1, accounts });
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

/** A page the size of a 1366×768 laptop screen. */
export async function newPage(dashboard: Dashboard): Promise<Page> {
  const context = await dashboard.browser.newContext({
    viewport: { width: 1366, height: 768 },
    baseURL: dashboard.url,
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
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Waits until every chart on the page has drawn a canvas with something on it. */
export async function chartsDrawn(page: Page): Promise<number> {
  await page.locator('[data-chart] canvas').first().waitFor();
  await page.waitForFunction(() => {
    const charts = [...document.querySelectorAll('[data-chart]')];
    return (
      charts.length > 0 &&
      charts.every((c) => c.querySelector('canvas') !== null) &&
      !document.querySelector('.refreshing')
    );
  });
  return page.locator('[data-chart]').count();
}
