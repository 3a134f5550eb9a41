import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SIZE,
  placeWindow,
  readWindowState,
  writeWindowState,
  WINDOW_STATE_FILE,
} from '../../../electron/main/window-state';
import { tempDir } from '../../support/temp';

const hd = { x: 0, y: 0, width: 1920, height: 1040 };
const right = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('window placement', () => {
  it('opens at the default size on first start, shrunk to a small display', () => {
    expect(placeWindow(undefined, [hd])).toEqual(DEFAULT_SIZE);
    expect(placeWindow(undefined, [{ x: 0, y: 0, width: 1280, height: 700 }])).toEqual({ width: 1280, height: 700 });
  });

  it('keeps a saved rectangle that is on a display, including a second one', () => {
    expect(placeWindow({ x: 100, y: 40, width: 1000, height: 700 }, [hd])).toEqual({
      x: 100,
      y: 40,
      width: 1000,
      height: 700,
    });
    expect(placeWindow({ x: 2100, y: 100, width: 1400, height: 900 }, [hd, right])).toEqual({
      x: 2100,
      y: 100,
      width: 1400,
      height: 900,
    });
  });

  it('pulls a window hanging off the edge back onto its display', () => {
    expect(placeWindow({ x: 1500, y: 900, width: 1000, height: 700 }, [hd])).toEqual({
      x: 920,
      y: 340,
      width: 1000,
      height: 700,
    });
  });

  it('centres (no position) a window whose display is gone, keeping its size if it fits', () => {
    expect(placeWindow({ x: 2100, y: 100, width: 1400, height: 900 }, [hd])).toEqual({ width: 1400, height: 900 });
    expect(placeWindow({ x: -5000, y: -5000, width: 3000, height: 2000 }, [hd])).toEqual({
      width: 1920,
      height: 1040,
    });
  });

  it('never goes below the minimum size', () => {
    expect(placeWindow({ x: 0, y: 0, width: 100, height: 100 }, [hd])).toMatchObject({ width: 960, height: 600 });
  });
});

describe('window state file', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('round-trips, and falls back to the defaults for a missing or foreign file', () => {
    const t = tempDir('hb-winstate-');
    cleanups.push(t.cleanup);
    expect(readWindowState(t.dir)).toEqual({ maximized: false });
    writeWindowState(t.dir, { bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: true });
    expect(readWindowState(t.dir)).toEqual({ bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: true });
    writeFileSync(join(t.dir, WINDOW_STATE_FILE), '{"bounds":{"x":"a"},"maximized":"yes"}');
    expect(readWindowState(t.dir)).toEqual({ bounds: undefined, maximized: false });
    writeFileSync(join(t.dir, WINDOW_STATE_FILE), 'not json');
    expect(readWindowState(t.dir)).toEqual({ maximized: false });
  });
});
