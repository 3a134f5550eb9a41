import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Absent on first start: the window is centred on the primary display. */
  bounds?: Rect;
  maximized: boolean;
}

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_SIZE = { width: 1360, height: 860 };
export const MIN_SIZE = { width: 960, height: 600 };
/** How much of the window must lie on a display for the saved position to be kept (enough to grab the title bar). */
const MIN_VISIBLE = { width: 120, height: 40 };

const isRect = (r: unknown): r is Rect =>
  typeof r === 'object' &&
  r !== null &&
  ['x', 'y', 'width', 'height'].every((k) => Number.isFinite((r as Record<string, unknown>)[k]));

/** The last saved state, or the defaults when there is none or the file is not ours to trust. */
export function readWindowState(dataDir: string): WindowState {
  try {
    const raw = JSON.parse(readFileSync(join(dataDir, WINDOW_STATE_FILE), 'utf8')) as Record<string, unknown>;
    return { bounds: isRect(raw.bounds) ? raw.bounds : undefined, maximized: raw.maximized === true };
  } catch {
    return { maximized: false };
  }
}

/** Written beside the settings, atomically (a crash mid-write leaves the previous state). */
export function writeWindowState(dataDir: string, state: WindowState): void {
  const file = join(dataDir, WINDOW_STATE_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify(state), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * Where to open the window, given the displays' work areas (primary first).
 * A saved rectangle is kept when enough of it is on some display, shrunk to fit
 * that display; otherwise (a monitor was unplugged, the resolution dropped) the
 * saved size is kept if it fits and the window is centred on the primary display.
 */
export function placeWindow(saved: Rect | undefined, workAreas: Rect[]): Rect | { width: number; height: number } {
  const primary = workAreas[0];
  const fit = (size: { width: number; height: number }, area: Rect | undefined) => ({
    width: Math.round(Math.max(MIN_SIZE.width, Math.min(size.width, area?.width ?? size.width))),
    height: Math.round(Math.max(MIN_SIZE.height, Math.min(size.height, area?.height ?? size.height))),
  });
  if (!saved) return fit(DEFAULT_SIZE, primary);
  const home = workAreas.find((area) => {
    const o = overlap(saved, area);
    return o.width >= MIN_VISIBLE.width && o.height >= MIN_VISIBLE.height;
  });
  if (!home) return fit(saved, primary);
  const size = fit(saved, home);
  return {
    ...size,
    x: Math.round(Math.min(Math.max(saved.x, home.x), home.x + home.width - size.width)),
    y: Math.round(Math.min(Math.max(saved.y, home.y), home.y + home.height - size.height)),
  };
}
