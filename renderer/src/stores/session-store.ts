import { useMemo } from 'react';
import { create } from 'zustand';
import type { MethodName } from '../../../shared/api/contract';
import { mayCall, type AccessVerdict } from '../../../shared/api/method-access';
import type { CurrentUser } from '../../../shared/model/account';
import { bridge } from '../bridge/bridge';
import type { SignInFailure } from '../bridge/bridge';

/**
 * - loading: asking who this page is;
 * - sign-in: accounts exist and this page is not signed in;
 * - no-access: no accounts, and the page holds no valid token (open the printed URL);
 * - ready: `user` is who every call is made as.
 */
export type SessionPhase = 'loading' | 'sign-in' | 'no-access' | 'ready';

interface SessionState {
  phase: SessionPhase;
  user: CurrentUser | null;
  /** Why the sign-in page is shown again (the session ended), or why nothing can be shown. */
  notice: string | null;
  load(): Promise<void>;
  signIn(email: string, password: string): Promise<{ ok: true } | ({ ok: false } & SignInFailure)>;
  signOut(): Promise<void>;
  ended(): void;
}

/** Who the page is, as the core sees it: the local owner in the desktop app, or a signed-in user in a browser. */
export const useSessionStore = create<SessionState>((set, get) => ({
  phase: 'loading',
  user: null,
  notice: null,
  async load() {
    const auth = bridge().auth;
    if (!auth) {
      const me = await bridge().call('currentUser', undefined);
      if (me.ok) set({ phase: 'ready', user: me.value, notice: null });
      else set({ phase: 'no-access', notice: me.error.message });
      return;
    }
    const state = await auth.state();
    if (!state.ok) return set({ phase: 'no-access', notice: state.error.message });
    if (state.value.user) return set({ phase: 'ready', user: state.value.user, notice: null });
    set({
      phase: state.value.accounts ? 'sign-in' : 'no-access',
      user: null,
      notice: state.value.accounts ? get().notice : auth.noAccessReason(),
    });
  },
  async signIn(email, password) {
    const auth = bridge().auth;
    if (!auth) return { ok: false, message: 'The desktop app needs no sign-in.' };
    const result = await auth.signIn(email, password);
    if (!result.ok) return result;
    set({ notice: null });
    await get().load();
    return { ok: true };
  },
  async signOut() {
    await bridge().auth?.signOut();
    set({ phase: 'sign-in', user: null, notice: 'You signed out.' });
  },
  ended() {
    if (get().phase !== 'ready') return;
    set({
      phase: 'sign-in',
      user: null,
      notice: 'Your session ended (signed out elsewhere, expired, or the account was disabled). Sign in again.',
    });
  },
}));

const OPEN: AccessVerdict = { ok: true };

/** Whether the current user may call a method, and if not the reason to show beside the disabled action. */
export function useAccess(method: MethodName): AccessVerdict {
  const role = useSessionStore((s) => s.user?.role ?? null);
  return useMemo(() => (role ? mayCall(role, method) : OPEN), [role, method]);
}

/** The same check outside React (keyboard shortcuts): may the current user call `method` now? */
export function canCall(method: MethodName): boolean {
  const user = useSessionStore.getState().user;
  return !user || mayCall(user.role, method).ok;
}
