import { inboxMethods } from '../../../../shared/api/methods/inbox';
import type { MethodInput } from '../../../../shared/api/contract';
import type { FaultKind, MockResponse, ResponseRule } from '../../../../shared/model/inbox';
import type { HeaderList } from '../../../../shared/model/exchange';
import { issuesToErrors, type FormErrors } from './inbox-form-model';
import { friendlyIssue } from '../../components/friendly-issue';

/**
 * The response-rule editor as typed. Errors are keyed by the rule's own paths
 * (`status`, `sequence.1.status`, `failure.body`…), so the core's field errors
 * and the schema's land on the same inputs.
 */
export interface MockForm {
  status: string;
  headers: string;
  body: string;
  delayMs: string;
  fault: FaultKind | '';
  slowByteIntervalMs: string;
}
export interface StepForm extends MockForm {
  count: string;
}
export interface RuleForm {
  base: MockForm;
  sequence: StepForm[];
  failureRatePercent: string;
  failure: MockForm;
}

const headerText = (h: HeaderList) => h.map(([n, v]) => `${n}: ${v}`).join('\n');

export const mockForm = (m: MockResponse): MockForm => ({
  status: String(m.status),
  headers: headerText(m.headers),
  body: m.body,
  delayMs: String(m.delayMs),
  fault: m.fault ?? '',
  slowByteIntervalMs: String(m.slowByteIntervalMs),
});

export function ruleFormFrom(r: ResponseRule): RuleForm {
  return {
    base: mockForm(r),
    sequence: r.sequence.map((s) => ({ ...mockForm(s), count: String(s.count) })),
    failureRatePercent: String(Math.round(r.failureRate * 1000) / 10),
    failure: mockForm(r.failure),
  };
}

export const newStep = (): StepForm => ({
  count: '2',
  status: '503',
  headers: 'content-type: application/json',
  body: '{"error":"failure injected by Hookbench"}',
  delayMs: '0',
  fault: '',
  slowByteIntervalMs: '50',
});

/** Where an error at a schema path is shown: header errors on the whole headers box. */
export function ruleFieldKey(path: string): string {
  const parts = path.split('.');
  const h = parts.indexOf('headers');
  return (h >= 0 ? parts.slice(0, h + 1) : parts).join('.');
}

const num = (text: string) => (text.trim() === '' ? Number.NaN : Number(text.trim()));

function headerPairs(text: string, key: string, errors: FormErrors): [string, string][] {
  const pairs: [string, string][] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const colon = line.indexOf(':');
    if (colon <= 0) errors[key] ??= `Line ${i + 1}: write "Name: value"`;
    else pairs.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  });
  return pairs;
}

function mock(f: MockForm, prefix: string, errors: FormErrors) {
  for (const [k, label] of [
    ['status', 'A status code, e.g. 200'],
    ['delayMs', 'Milliseconds, e.g. 0'],
    ['slowByteIntervalMs', 'Milliseconds, e.g. 50'],
  ] as const) {
    if (!Number.isFinite(num(f[k]))) errors[`${prefix}${k}`] = label;
  }
  return {
    status: num(f.status),
    headers: headerPairs(f.headers, `${prefix}headers`, errors),
    body: f.body,
    delayMs: num(f.delayMs),
    fault: f.fault === '' ? null : f.fault,
    slowByteIntervalMs: num(f.slowByteIntervalMs),
  };
}

export function toRuleInput(
  f: RuleForm,
  id: string,
): { input: MethodInput<'setResponseRule'> | null; errors: FormErrors } {
  const errors: FormErrors = {};
  const rate = num(f.failureRatePercent || '0');
  if (!Number.isFinite(rate) || rate < 0 || rate > 100) errors.failureRate = 'A percentage from 0 to 100';
  const input = {
    id,
    ...mock(f.base, '', errors),
    sequence: f.sequence.map((s, i) => {
      if (!Number.isInteger(num(s.count)) || num(s.count) < 1)
        errors[`sequence.${i}.count`] = 'How many requests, e.g. 2';
      return { count: num(s.count), ...mock(s, `sequence.${i}.`, errors) };
    }),
    failureRate: rate / 100,
    failure: mock(f.failure, 'failure.', errors),
  };
  const parsed = inboxMethods.setResponseRule.input.safeParse(input, { error: friendlyIssue });
  const all = { ...(parsed.success ? {} : issuesToErrors(parsed.error.issues, ruleFieldKey)), ...errors };
  return Object.keys(all).length ? { input: null, errors: all } : { input, errors: {} };
}
