import { EventType } from '@fusionauth/typescript-client';
import { hookEvents as logtoHookEvents } from '@logto/schemas/lib/foundations/jsonb-types/hooks.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogs, samplePayload } from '../../../shared/catalog';
import type { ProfileId } from '../../../shared/model/signing';
import { repoRoot } from '../../support/headless-process';

/**
 * The catalogs checked against the providers' own published packages: the
 * event lists, and every sample payload type-checked (by the TypeScript
 * compiler, excess and mis-shaped fields being errors) against the
 * provider's own TypeScript types. Knowing exceptions are listed, each with
 * its source, in docs/providers.md ("Fidelity to the providers' packages").
 */

/** The provider's type as it travels as JSON: string enums become their string values. */
const WIRE = `type Wire<T> = T extends string ? \`\${T}\` : T extends (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;`;

const fusionAuthInterface = Object.fromEntries(Object.entries(EventType).map(([key, value]) => [value, `${key}Event`]));

/** Logto's data hooks carry the entity; @logto/schemas types `data` only as unknown, so it is checked against the entity type. */
function logtoDataType(event: string): string | null {
  if (event === 'User.Deleted') return 'null';
  if (/^User\.(Created|Data\.Updated|SuspensionStatus\.Updated)$/.test(event))
    return 'Pick<Logto.User, (typeof Logto.userInfoSelectFields)[number]>';
  if (event.startsWith('TrustedDevice.')) return 'Logto.TrustedDeviceEventData';
  if (event === 'Grant.LimitExceeded') return 'Logto.GrantLimitExceededEventData';
  const m = /^(Role|Scope|Organization|OrganizationRole|OrganizationScope)\.(Created|Deleted|Data\.Updated)$/.exec(
    event,
  );
  return m ? `Logto.${m[1]}` : null;
}

function logtoPayloadType(event: string): string {
  if (['PostRegister', 'PostSignIn', 'PostSignInAdaptiveMfaTriggered', 'PostResetPassword'].includes(event))
    return 'Logto.InteractionHookEventPayload';
  if (['Identifier.Lockout', 'Message.RateLimited', 'Grant.LimitExceeded'].includes(event))
    return 'Logto.ExceptionHookEventPayload';
  return 'Logto.DataHookEventPayload';
}

interface Sample {
  provider: ProfileId;
  event: string;
  line: number;
}

/** Writes one declaration per sample (and per typed `data`) and returns the compiler's complaints per sample. */
function typeCheck(
  seeds: number[],
  extra?: { provider: ProfileId; event: string; decl: string },
): { provider: ProfileId; event: string; message: string }[] {
  const lines = [
    `import type * as FA from '@fusionauth/typescript-client';`,
    `import type * as Logto from '@logto/schemas';`,
    `import type * as Kinde from '@kinde/webhooks/dist/types';`,
    WIRE,
  ];
  const samples: Sample[] = [];
  const add = (provider: ProfileId, event: string, decl: string) => {
    samples.push({ provider, event, line: lines.length });
    lines.push(decl);
  };
  for (const seed of seeds) {
    for (const { name } of catalogs.fusionauth) {
      const body = samplePayload('fusionauth', name, { seed }).body;
      add(
        'fusionauth',
        name,
        `export const fa_${seed}_${lines.length}: Wire<{ event: FA.${fusionAuthInterface[name]} }> = ${body};`,
      );
    }
    for (const { name } of catalogs.logto) {
      const body = JSON.parse(samplePayload('logto', name, { seed }).body) as { data?: unknown };
      add(
        'logto',
        name,
        `export const lo_${seed}_${lines.length}: Wire<${logtoPayloadType(name)}> = ${JSON.stringify(body)};`,
      );
      const dataType = logtoDataType(name);
      if (dataType)
        add(
          'logto',
          name,
          `export const lod_${seed}_${lines.length}: Wire<${dataType}> = ${JSON.stringify(body.data)};`,
        );
    }
  }
  for (const seed of seeds)
    for (const { name } of catalogs.kinde) {
      const body = samplePayload('kinde', name, { seed }).body;
      add(
        'kinde',
        name,
        `export const ki_${seed}_${lines.length}: Wire<Extract<Kinde.WebhookEvent, { type: \`${name}\` }>> = ${body};`,
      );
    }
  if (extra) add(extra.provider, extra.event, extra.decl);
  const dir = join(repoRoot, 'node_modules', '.cache', 'hookbench-provider-types');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'samples.ts');
  writeFileSync(file, lines.join('\n'));
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    skipLibCheck: true,
    types: [],
    baseUrl: repoRoot,
    // @logto/schemas is written against zod 3 (its peer); our zod is 4, so its declarations read zod 3's.
    paths: { zod: ['node_modules/zod3'] },
  });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  return diagnostics.map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.file.fileName !== file) return { provider: 'custom-hmac' as ProfileId, event: '(setup)', message };
    const { line } = d.file.getLineAndCharacterOfPosition(d.start!);
    const sample = samples.find((s) => s.line === line);
    return {
      provider: sample?.provider ?? ('custom-hmac' as ProfileId),
      event: sample?.event ?? `(line ${line})`,
      message,
    };
  });
}

describe("catalogs against the providers' own packages", () => {
  it('Logto: exactly the 31 hook events @logto/schemas lists', () => {
    expect(logtoHookEvents).toHaveLength(31);
    expect(catalogs.logto.map((e) => e.name).sort()).toEqual([...logtoHookEvents].sort());
  });

  it('Kinde: exactly the WebhookEventType values of @kinde/webhooks', () => {
    // The enum is only declared (dist/types.d.ts), not shipped as code: read it from the declaration.
    const declared = readFileSync(join(repoRoot, 'node_modules/@kinde/webhooks/dist/types.d.ts'), 'utf8');
    const start = declared.indexOf('enum WebhookEventType');
    const block = declared.slice(start, declared.indexOf('}', start));
    const published = [...block.matchAll(/= "([a-z_.]+)"/g)].map((m) => m[1]!);
    expect(published).toHaveLength(16);
    expect(catalogs.kinde.map((e) => e.name).sort()).toEqual([...published].sort());
  });

  it('FusionAuth: exactly the 64 event types of @fusionauth/typescript-client', () => {
    const published = Object.values(EventType);
    expect(published).toHaveLength(64);
    expect(catalogs.fusionauth.map((e) => e.name).sort()).toEqual([...published].sort());
  });

  describe("samples type-checked against the provider's own types", () => {
    let problems: { provider: ProfileId; event: string; message: string }[] = [];
    beforeAll(() => {
      // One compilation: three seeds of every sample, plus a canary that must fail, so the check is known to bite.
      const canary = `{"event":{"type":"kickstart.success","instanceId":"00000000-0000-4000-8000-000000000000","kickstartId":42}}`;
      problems = typeCheck([1, 2, 3], {
        provider: 'fusionauth',
        event: '(canary)',
        decl: `export const canary: Wire<{ event: FA.KickstartSuccessEvent }> = ${canary};`,
      });
    }, 120_000);

    it('every Logto, FusionAuth and Kinde sample passes, excess and misshapen fields being errors', () => {
      const real = problems.filter((p) => p.event !== '(canary)');
      expect(real.map((p) => `${p.provider} ${p.event}: ${p.message.split('\n')[0]}`)).toEqual([]);
    });

    it('the check bites: a field FusionAuth does not have is reported against its sample', () => {
      const canary = problems.filter((p) => p.event === '(canary)');
      expect(canary.map((p) => p.message)).toEqual([expect.stringContaining(`'"kickstartId"' does not exist`)]);
    });
  });

  describe('each sample is consistent within itself', () => {
    const seeds = [1, 2, 3];
    const each = (provider: 'logto' | 'fusionauth', fn: (event: string, body: any) => void) => {
      for (const seed of seeds)
        for (const { name } of catalogs[provider]) fn(name, JSON.parse(samplePayload(provider, name, { seed }).body));
    };

    it('Logto interaction events: userId is user.id; a registration came through the application named', () => {
      each('logto', (event, body) => {
        if (!('interactionEvent' in body)) return;
        expect(body.userId, event).toBe(body.user.id);
        if (event === 'PostRegister') expect(body.user.applicationId).toBe(body.application.id);
      });
    });

    it('Logto data events: path is matchedRoute with params filled in, and params name the entity in data', () => {
      each('logto', (event, body) => {
        if (!body.matchedRoute) return;
        const filled = body.matchedRoute.replace(/:(\w+)/g, (_m: string, k: string) => body.params[k]);
        expect(filled, event).toBe(body.path);
        const idParam = body.params.userId ?? body.params.scopeId ?? body.params.id;
        if (idParam && body.data) expect(body.data.id, event).toBe(idParam);
        if (body.params.resourceId) expect(body.data.resourceId, event).toBe(body.params.resourceId);
      });
    });

    it('FusionAuth events: users belong to the event tenant; registrations, updates and duplicates agree', () => {
      each('fusionauth', (event, { event: e }) => {
        // jwt.refresh's `original` is the old token, not a user.
        const original = typeof e.original === 'object' ? e.original : undefined;
        for (const u of [e.user, original, e.existing, ...(e.users ?? [])].filter(Boolean))
          expect(u.tenantId, event).toBe(e.tenantId);
        if (e.registration) {
          expect(e.registration.applicationId, event).toBe(e.applicationId);
          expect(
            e.user.registrations.map((r: { id: string }) => r.id),
            event,
          ).toContain(e.registration.id);
        }
        if (original) expect(original.id, event).toBe(e.user.id);
        if (e.duplicateEmail) expect(e.existing.email, event).toBe(e.duplicateEmail);
        if (e.loginId) expect(e.loginId, event).toBe(e.user.email);
        if (e.previousEmail) expect(e.previousEmail, event).not.toBe(e.user.email);
      });
    });
  });
});
