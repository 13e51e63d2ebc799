/**
 * A real browser for UI tests: Debian's chromium driven by puppeteer-core (which downloads none), launched headless
 * with a fresh profile; every page records its console errors and uncaught exceptions for the test to assert on.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** The one browser global the page functions below read (the tsconfig has no DOM library). */
declare const document: { body: { innerText: string } };

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function chromiumPath(): string {
  const found = CANDIDATES.find((candidate): candidate is string => !!candidate && fs.existsSync(candidate));
  if (!found)
    throw new Error('chromium is not installed: `apt-get install chromium` (.ci/run does it) or set CHROMIUM_PATH');
  return found;
}

export interface UiBrowser {
  readonly browser: Browser;
  /** A new tab whose console errors and page errors are collected into `problems`. */
  newPage(): Promise<Page>;
  /** Console errors and uncaught exceptions of every page so far, each with the page's URL. */
  readonly problems: string[];
  close(): Promise<void>;
}

export async function launchUiBrowser(): Promise<UiBrowser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'steadfast-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
    ],
  });
  const problems: string[] = [];
  return {
    browser,
    problems,
    async newPage() {
      const page = await browser.newPage();
      await page.setViewport({ width: 1400, height: 900 });
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`${page.url()}: console error: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`${page.url()}: page error: ${(error as Error).message}`));
      return page;
    },
    async close() {
      await browser.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Resolves once the page's visible text matches `pattern`; fails with the text it had. */
export async function waitForText(page: Page, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  try {
    await page.waitForFunction(
      (source: string, flags: string) => new RegExp(source, flags).test(document.body.innerText),
      { timeout: timeoutMs, polling: 100 },
      pattern.source,
      pattern.flags,
    );
  } catch {
    const text = await page.evaluate(() => document.body.innerText);
    throw new Error(`page ${page.url()} never showed ${pattern}; it shows:\n${text.slice(0, 2000)}`);
  }
  return page.evaluate(() => document.body.innerText);
}

/** Clicks the first visible element matching `selector` (the UI renders some controls twice, one hidden per layout). */
export async function clickVisible(page: Page, selector: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const element of await page.$$(selector)) {
      if (await element.isVisible()) {
        await element.click();
        return;
      }
    }
    if (Date.now() > deadline) throw new Error(`no visible ${selector} on ${page.url()}`);
    await page.waitForNetworkIdle({ idleTime: 100, timeout: 1_000 }).catch(() => undefined);
  }
}

/** Whether every element matching `selector` that is visible is a disabled button. */
export async function visibleButtonsDisabled(page: Page, selector: string): Promise<boolean[]> {
  const states: boolean[] = [];
  for (const element of await page.$$(selector)) {
    if (await element.isVisible())
      states.push(await element.evaluate((node) => (node as unknown as { disabled: boolean }).disabled));
  }
  return states;
}
