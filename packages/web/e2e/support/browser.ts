import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/** Debian's Chromium, quiet and offline: it talks to nothing but the pages we open. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** How long one action or wait may take before it fails with a message naming what it waited for. */
const ACTION_TIMEOUT_MS = 15_000;

export interface BrowserSession {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught page errors and console errors (other than failed resource loads) seen so far. */
  readonly problems: string[];
  close(): Promise<void>;
}

/**
 * A fresh Chromium with its own empty profile: one "person" at one computer. Sessions do not
 * share cookies or storage, so a second session is a second, signed-out user.
 */
export async function openBrowser(baseURL: string): Promise<BrowserSession> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium).`);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'clearinghouse-e2e-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      baseURL,
      viewport: { width: 1280, height: 900 },
      locale: 'en-US',
      timezoneId: 'UTC',
    });
  } catch (error) {
    fs.rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);

  // Tests send traffic only to the server under test: anything else is refused, loudly.
  const origin = new URL(baseURL).origin;
  const problems: string[] = [];
  await context.route(
    (url) => url.origin !== origin && url.protocol !== 'data:' && url.protocol !== 'blob:',
    async (route) => {
      problems.push(`blocked request to ${route.request().url()}`);
      await route.abort('blockedbyclient');
    },
  );

  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => {
    problems.push(`page error: ${error.message}`);
  });
  page.on('console', (message) => {
    // 401 from /api/v1/me while signed out, or a 4xx the test provokes, are expected answers.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console error: ${message.text()}`);
    }
  });

  return {
    context,
    page,
    problems,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot under the OS temp directory and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const dir = path.join(os.tmpdir(), 'clearinghouse-e2e-screenshots');
  fs.mkdirSync(dir, { recursive: true });
  const safe = name.replace(/[^\w.-]+/g, '-').slice(0, 100);
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${safe}.png`);
  await page.screenshot({ path: file, fullPage: true, timeout: 5_000 });
  return file;
}
