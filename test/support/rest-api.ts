import type { AuditEntry, AuditPage } from '../../shared/model/account';

export interface RestAnswer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * The REST door of a running Hookbench, called with an API key. `origin` is
 * read on each call: a test may restart the process on another port.
 */
export function restApi(origin: () => string, key: string) {
  const api = async (method: string, path: string, body?: unknown): Promise<RestAnswer> => {
    const res = await fetch(`${origin()}${path}`, {
      method,
      headers: { authorization: key, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  /** The newest 50 audit entries of one action. */
  const audit = async (action: string): Promise<AuditEntry[]> =>
    ((await api('GET', `/api/v1/audit?action=${action}&limit=50`)).body as unknown as AuditPage).entries;
  return { api, audit };
}
