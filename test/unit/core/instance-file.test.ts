import { describe, expect, it } from 'vitest';
import { desktopDataDir } from '../../../electron/core/instance-file';

describe("the desktop app's data dir, as Electron names it", () => {
  it('follows each platform and the product name', () => {
    expect(desktopDataDir({ HOME: '/home/u' }, 'linux')).toBe('/home/u/.config/Hookbench');
    expect(desktopDataDir({ HOME: '/home/u', XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe('/cfg/Hookbench');
    expect(desktopDataDir({ HOME: '/Users/u' }, 'darwin')).toBe('/Users/u/Library/Application Support/Hookbench');
    expect(desktopDataDir({ HOME: '/h', APPDATA: 'C:/Users/u/AppData/Roaming' }, 'win32')).toMatch(
      /^C:\/Users\/u\/AppData\/Roaming[/\\]Hookbench$/,
    );
  });
});
