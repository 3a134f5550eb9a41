import { create } from 'zustand';

export const themes = ['system', 'light', 'dark'] as const;
export type Theme = (typeof themes)[number];

const KEY = 'hookbench.theme';

function stored(): Theme {
  try {
    const v = localStorage.getItem(KEY);
    return (themes as readonly string[]).includes(v ?? '') ? (v as Theme) : 'system';
  } catch {
    return 'system';
  }
}

/** Puts the theme on <html>: CSS picks every colour through color-scheme, the code editor follows. */
function apply(theme: Theme): void {
  if (typeof document === 'undefined') return;
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

/** Whether the page is dark now: the chosen theme, or the system's when it follows the system. */
export function isDark(): boolean {
  const theme = useThemeStore.getState().theme;
  if (theme !== 'system') return theme === 'dark';
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
}

interface ThemeState {
  theme: Theme;
  setTheme(theme: Theme): void;
}

/**
 * System, light or dark: a preference of this browser (or desktop window), kept
 * in localStorage, since it is about the screen rather than the data.
 */
export const useThemeStore = create<ThemeState>((set) => ({
  theme: typeof localStorage === 'undefined' ? 'system' : stored(),
  setTheme(theme) {
    try {
      localStorage.setItem(KEY, theme);
    } catch {
      // a page that cannot store it still switches for this visit
    }
    apply(theme);
    set({ theme });
  },
}));

apply(useThemeStore.getState().theme);
