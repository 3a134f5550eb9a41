import type { Page } from 'playwright-core';
import { launchChromium } from '../../test/support/browser';
import { autocannon, serveApiKey, startScript, startServe, type ChildServer, type ServeProcess } from '../processes';
import { loadNow, median, percentile, round } from '../stats';
import type { BenchLine, BenchScenario } from '../types';

/**
 * The Deliveries view under live load (issue 18 §1): deliveries go out through
 * the REST door at a fixed rate to a healthy loopback endpoint while Chromium
 * shows the list and a "user" clicks the row under a fixed pointer position
 * every 0.5 s. Everything is read from outside the app: the page's DOM, the
 * requests it makes, and the load average.
 */

const RATES = (process.env.BENCH_UI_LIVE_RATES ?? '500,1000,2000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_UI_LIVE_SECONDS ?? (process.env.BENCH_QUICK === '1' ? 5 : 15));
/** Rows arrive for this long before the first click, so the list is already moving. */
const WARM_S = 2;
const CLICK_EVERY_MS = 500;
const CONNECTIONS = 64;
/**
 * Deliveries per emit call (the REST door's `batch`): the door's own cost per
 * call (node:http, the key check, validation) stays off the figure, so the
 * engine reaches 2,000/s beside Chromium on a 2-core machine.
 */
const BATCH = Number(process.env.BENCH_UI_LIVE_BATCH ?? 10);
/** The pointer rests on the fourth row of the list. */
const CLICK_ROW = 3;
const ROW_HEIGHT = 28; // renderer/src/components/exchange/exchange-table.tsx

const ENDPOINT = `
const http = require('node:http');
const s = http.createServer((q, r) => { q.resume(); q.on('end', () => r.end('ok')); });
s.keepAliveTimeout = 60000;
s.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: s.address().port })));`;

const BODY = JSON.stringify({
  type: 'user.created',
  timestamp: '2024-05-01T12:00:00.000Z',
  data: { id: 'usr_1', email: 'ada@example.com', pad: 'x'.repeat(600) },
});

/**
 * Installed in the page once the list shows: notes every click on a row (the
 * row's id under the pointer at that moment) and when the detail pane first
 * shows that id; samples the age of the newest row on screen; counts the
 * list going busy again (a reset shows placeholder rows) and long tasks.
 */
const PROBE = `(() => {
  const P = (window.__live = { clicks: [], lags: [], resets: 0, longTasks: 0, awayFromTop: 0, samples: 0, sampling: false });
  let current = null;
  const detailId = () => document.querySelector('aside[aria-label="Exchange detail"]')?.getAttribute('data-id') ?? null;
  const check = () => {
    if (current && current.id && current.ms === null && detailId() === current.id) current.ms = performance.now() - current.t0;
  };
  document.addEventListener('click', (e) => {
    const row = e.target instanceof Element ? e.target.closest('.exchange-scroll [role="row"]') : null;
    if (!row) return;
    if (current) {
      current.heldDetail = detailId() === current.id;
      const seen = document.querySelector('.exchange-scroll [role="row"][data-id="' + current.id + '"]');
      current.heldSelection = seen ? seen.getAttribute('aria-selected') === 'true' : null;
    }
    current = { id: row.getAttribute('data-id'), t0: performance.now(), ms: null, heldDetail: null, heldSelection: null };
    P.clicks.push(current);
    setTimeout(check, 0);
  }, true);
  new MutationObserver((records) => {
    for (const r of records)
      if (r.attributeName === 'aria-busy' && r.target.getAttribute('role') === 'grid' && r.target.getAttribute('aria-busy') === 'true') P.resets++;
    check();
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-id', 'aria-busy'] });
  new PerformanceObserver((list) => { P.longTasks += list.getEntries().length; }).observe({ type: 'longtask' });
  P.detailReads = [];
  performance.setResourceTimingBufferSize(100000);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name.endsWith('/rpc/getExchange')) P.detailReads.push(e.duration);
  }).observe({ type: 'resource' });
  const timeOf = (text) => {
    const m = /(\\d\\d):(\\d\\d):(\\d\\d)\\.(\\d{3})$/.exec(text || '');
    if (!m) return null;
    const d = new Date();
    d.setHours(+m[1], +m[2], +m[3], +m[4]);
    return d.getTime();
  };
  setInterval(() => {
    if (!P.sampling) return;
    const scroller = document.querySelector('[data-testid="exchange-scroll"]');
    if (!scroller) return;
    P.samples++;
    if (scroller.scrollTop > 0) P.awayFromTop++;
    const top = scroller.getBoundingClientRect().top;
    let newest = null;
    for (const row of scroller.querySelectorAll('[role="row"][data-id]')) {
      const box = row.getBoundingClientRect();
      if (box.bottom <= top) continue;
      const i = Number(row.getAttribute('aria-rowindex'));
      if (!newest || i < newest.i) newest = { i, row };
    }
    const t = newest && timeOf(newest.row.querySelector('[role="gridcell"]')?.textContent);
    if (t !== null && t !== undefined) P.lags.push(Date.now() - t);
  }, 100);
})()`;

interface Click {
  id: string | null;
  ms: number | null;
  heldDetail: boolean | null;
  heldSelection: boolean | null;
}
interface Probe {
  clicks: Click[];
  lags: number[];
  resets: number;
  longTasks: number;
  /** Durations of the page's getExchange requests (resource timing): the core's share of click→detail. */
  detailReads: number[];
  awayFromTop: number;
  samples: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** One rate: emits for WARM_S + SECONDS, clicks every 0.5 s after the warm-up, and reads the probe. */
async function atRate(
  page: Page,
  hb: ServeProcess,
  emitBody: string,
  rate: number,
  requests: { facets: number; topReads: number },
): Promise<BenchLine> {
  await page.keyboard.press('Escape');
  await page.getByTestId('exchange-scroll').evaluate((el) => (el.scrollTop = 0));
  await page.evaluate(
    'Object.assign(window.__live, { clicks: [], lags: [], resets: 0, longTasks: 0, awayFromTop: 0, samples: 0, detailReads: [] })',
  );
  const box = (await page.getByTestId('exchange-scroll').boundingBox())!;
  const x = box.x + 60; // the time column: the list keeps it when the detail pane opens
  const y = box.y + CLICK_ROW * ROW_HEIGHT + ROW_HEIGHT / 2;

  const load = autocannon(`${hb.origin}/api/v1/emit`, {
    connections: CONNECTIONS,
    seconds: WARM_S + SECONDS + 1,
    rate: rate / BATCH,
    body: emitBody,
    headers: { authorization: serveApiKey },
  });
  await sleep(WARM_S * 1000);
  const facets0 = requests.facets;
  const top0 = requests.topReads;
  const cpu0 = hb.cpuMs();
  await page.evaluate('window.__live.sampling = true');
  const t0 = performance.now();
  let lateClicks = 0;
  for (let k = 0; k < (SECONDS * 1000) / CLICK_EVERY_MS; k++) {
    const wait = t0 + k * CLICK_EVERY_MS - performance.now();
    if (wait < -CLICK_EVERY_MS / 2) lateClicks++;
    await sleep(wait);
    await page.mouse.click(x, y);
  }
  await sleep(CLICK_EVERY_MS);
  const spanS = (performance.now() - t0) / 1000;
  const serverCpu = (hb.cpuMs() - cpu0) / 10 / spanS;
  const facetCalls = requests.facets - facets0;
  const topReads = requests.topReads - top0;
  const probe = (await page.evaluate(
    '(() => { window.__live.sampling = false; return JSON.parse(JSON.stringify(window.__live)); })()',
  )) as Probe;
  const loadavg = loadNow();
  const sent = await load;

  const clicks = probe.clicks;
  const onRow = clicks.filter((c) => c.id);
  const opened = onRow.filter((c) => c.ms !== null);
  const ms = opened.map((c) => c.ms!);
  const judged = clicks.slice(0, -1); // the last click has no next one to look from
  const p50 = median(ms);
  const line = {
    scenario: `ui live list at ${rate}/s: click on a row to its detail`,
    unit: 'ms',
    ours: round(p50, 1),
    p50: round(p50, 1),
    p95: round(percentile(ms, 95), 1),
    target: '< 100, every click opens its detail, 0 list resets',
    met: p50 < 100 && opened.length === clicks.length && clicks.length > 0 && probe.resets === 0,
    clicks: clicks.length,
    clicksOnLoadedRow: onRow.length,
    opened: opened.length,
    detailClosedByItself: judged.filter((c) => c.ms !== null && c.heldDetail === false).length,
    selectionLostByItself: judged.filter((c) => c.ms !== null && c.heldSelection === false).length,
    rowsVisibleMs: { p50: round(median(probe.lags), 0), p95: round(percentile(probe.lags, 95), 0) },
    awayFromTopShare: round(probe.awayFromTop / Math.max(1, probe.samples)),
    facetCallsPer10s: round((facetCalls * 10) / spanS, 1),
    listResets: probe.resets,
    topReads,
    longTasks: probe.longTasks,
    detailReadMs: { p50: round(median(probe.detailReads), 1), p95: round(percentile(probe.detailReads, 95), 1) },
    deliveriesPerSecond: round(sent.rps * BATCH, 0),
    emitFailed: sent.failed,
    serverCpuPercent: round(serverCpu, 0),
    loadavg,
    note:
      `REST emit (batches of ${BATCH}, wait: true) at ${rate} deliveries/s by autocannon -c ${CONNECTIONS} in its own process to a loopback endpoint in another; ` +
      `Chromium 1440x900 on #/deliveries, after one click that loads the code editor, a mouse click on the row under a fixed point every ${CLICK_EVERY_MS} ms for ${SECONDS} s after ${WARM_S} s of load` +
      (lateClicks ? ` (${lateClicks} clicks went out late)` : '') +
      '; clicksOnLoadedRow = the row under the pointer had its data (not a placeholder); opened = the detail pane showed the clicked row before the next click; rowsVisibleMs = age of the newest row on screen, sampled every 100 ms; ' +
      'detailReadMs = the getExchange request alone; listResets = the grid going busy (placeholder rows) by itself; topReads = page reads from the top of the list',
  };
  return line;
}

async function run(): Promise<BenchLine[]> {
  let endpoint: ChildServer | undefined;
  let hb: ServeProcess | undefined;
  const browser = await launchChromium();
  try {
    endpoint = await startScript(ENDPOINT);
    hb = await startServe();
    const { subscription } = await hb.rest<{ subscription: { id: string } }>('POST', '/api/v1/subscriptions', {
      name: 'live',
      url: `http://127.0.0.1:${endpoint.port}/hook`,
    });
    const emitBody = JSON.stringify({
      provider: 'standard-webhooks',
      ...(BATCH > 1
        ? { batch: Array.from({ length: BATCH }, () => ({ event: 'user.created', payload: BODY })) }
        : { event: 'user.created', payload: BODY }),
      target: { kind: 'subscription', id: subscription.id },
      wait: true,
    });
    // a few rows, so the list opens with rows rather than its empty state
    await autocannon(`${hb.origin}/api/v1/emit`, {
      connections: 8,
      seconds: 30,
      amount: Math.ceil(300 / BATCH),
      body: emitBody,
      headers: { authorization: serveApiKey },
    });

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const requests = { facets: 0, topReads: 0 };
    page.on('request', (r) => {
      const url = r.url();
      if (url.endsWith('/rpc/exchangeFacets')) requests.facets++;
      else if (url.endsWith('/rpc/queryExchanges')) {
        const body = JSON.parse(r.postData() || '{}') as { cursor?: string; from?: string };
        if (!body.cursor && !body.from) requests.topReads++;
      }
    });
    await page.goto(`${hb.url}#/deliveries`);
    await page.locator('.exchange-scroll [role="row"][data-id]').first().waitFor();
    // the first detail loads the code editor's chunk (a one-time cost of the page, not of the live list)
    await page.locator('.exchange-scroll [role="row"][data-id]').first().click();
    await page.locator('aside[aria-label="Exchange detail"] .code-editor[data-ready="true"]').waitFor();
    await page.evaluate(PROBE);
    const lines: BenchLine[] = [];
    for (const rate of RATES) lines.push(await atRate(page, hb, emitBody, rate, requests));
    return lines;
  } finally {
    await browser.close();
    await hb?.stop();
    await endpoint?.stop();
  }
}

export const scenarios: BenchScenario[] = [{ name: 'ui live list', run }];
