import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { methodNames } from '../../shared/api/method-names';
import { fail, type Result } from '../../shared/api/result';
import { IPC_PREFIX } from '../../shared/api/bridge';
import { APP_ORIGIN, originOf } from './protocol';

type CallFn = (name: string, input: unknown) => Promise<Result<unknown>>;

/**
 * Only our own top frame, loaded from our own origin, may call the core. A
 * navigated-away or embedded frame is refused even if it shares the process.
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, devServerUrl?: string): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent) return false;
  const origin = originOf(frame.url);
  if (origin === null) return false;
  if (origin === APP_ORIGIN) return true;
  return devServerUrl !== undefined && origin === originOf(devServerUrl);
}

/** Registers one handler per contract method, each behind the sender check. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  call: CallFn,
  devServerUrl?: string,
): () => void {
  for (const name of methodNames) {
    ipcMain.handle(IPC_PREFIX + name, async (event, input: unknown) => {
      if (!isTrustedSender(event, devServerUrl)) return fail('forbidden', 'This frame may not call Hookbench.');
      return call(name, input);
    });
  }
  return () => methodNames.forEach((name) => ipcMain.removeHandler(IPC_PREFIX + name));
}
