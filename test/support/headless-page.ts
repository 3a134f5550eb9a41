import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser';
import { startHeadless, type HeadlessProcess } from './headless-process';
import { tempDir } from './temp';

export interface HeadlessPage {
  dataDir: string;
  hb: HeadlessProcess;
  browser: Browser;
  page: Page;
  /** What the page threw, for a test to expect none. */
  pageErrors: string[];
}

export interface HeadlessPageOptions {
  viewport: { width: number; height: number };
  /** Added to `hookbench serve`'s arguments (e.g. a receiver on a free port). */
  args?: string[];
  /** Writes to the fresh data dir before the process starts on it. */
  seed?: (dataDir: string) => Promise<unknown>;
  /** Runs once the process is up, before Chromium opens the page. */
  prepare?: (hb: HeadlessProcess) => Promise<unknown>;
  /** Opens the printed URL and goes to this area of the main navigation; left out, the page stays blank. */
  view?: string;
}

/**
 * One describe's `hookbench serve` on a fresh data dir and a Chromium page on
 * it: made before all tests, closed and removed after them. Tests read the
 * returned object once its beforeAll has run.
 */
export function useHeadlessPage(prefix: string, o: HeadlessPageOptions): HeadlessPage {
  const tmp = tempDir(prefix);
  const ctx = { dataDir: tmp.dir, pageErrors: [] as string[] } as HeadlessPage;
  beforeAll(async () => {
    await o.seed?.(tmp.dir);
    ctx.hb = await startHeadless(tmp.dir, o.args);
    await o.prepare?.(ctx.hb);
    ctx.browser = await launchChromium();
    ctx.page = await ctx.browser.newPage({ viewport: o.viewport });
    ctx.page.on('pageerror', (e) => ctx.pageErrors.push(String(e)));
    if (o.view === undefined) return;
    await ctx.page.goto(ctx.hb.url);
    await ctx.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: o.view }).click();
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.hb?.stop();
    tmp.cleanup();
  });
  return ctx;
}
