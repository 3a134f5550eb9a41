import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountsStore } from '../../electron/core/store/accounts/accounts-store';
import { openAccountsStore } from '../../electron/core/store/accounts/open-accounts';

/** The accounts store on each adapter, each open() on a fresh, empty store. */
export interface AccountsAdapter {
  name: 'sqlite' | 'postgres';
  open(): Promise<AccountsStore>;
  dispose(): Promise<void>;
}

export function accountsAdapters(): AccountsAdapter[] {
  const dirs: string[] = [];
  const sqlite: AccountsAdapter = {
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'hb-accounts-'));
      dirs.push(dir);
      return openAccountsStore({ dataDir: dir });
    },
    async dispose() {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
  return [sqlite];
}
