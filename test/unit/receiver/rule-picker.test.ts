import { describe, expect, it } from 'vitest';
import { defaultMockResponse, defaultResponseRule, type ResponseRule } from '../../../shared/model/inbox';
import { RulePicker } from '../../../electron/core/receiver/rule-picker';

const rule = (over: Partial<ResponseRule>): ResponseRule => ({ ...defaultResponseRule(), ...over });
const step = (count: number, status: number) => ({ ...defaultMockResponse(), count, status });

describe('RulePicker', () => {
  it('walks the sequence steps in order, then answers with the base rule', () => {
    const picker = new RulePicker(() => 0);
    const inbox = { responseRule: rule({ sequence: [step(2, 503), step(1, 429)] }) };
    const seen = Array.from({ length: 5 }, () => picker.pick(inbox));
    expect(seen.map((p) => p.response.status)).toEqual([503, 503, 429, 200, 200]);
    expect(seen.map((p) => p.step ?? p.source)).toEqual([1, 1, 2, 'rule', 'rule']);
  });

  it('starts over for a new rule object, even an equal one', () => {
    const picker = new RulePicker();
    const first = { responseRule: rule({ sequence: [step(1, 500)] }) };
    expect(picker.pick(first).response.status).toBe(500);
    expect(picker.pick(first).response.status).toBe(200);
    expect(picker.pick({ responseRule: structuredClone(first.responseRule) }).response.status).toBe(500);
  });

  it('applies the failure rate only after the sequence', () => {
    const draws = [0.05, 0.5];
    const picker = new RulePicker(() => draws.shift()!);
    const inbox = { responseRule: rule({ sequence: [step(1, 418)], failureRate: 0.1 }) };
    expect(picker.pick(inbox).response.status).toBe(418);
    expect(picker.pick(inbox)).toMatchObject({ source: 'failure', response: { status: 503 } });
    expect(picker.pick(inbox)).toMatchObject({ source: 'rule', response: { status: 200 } });
    expect(draws).toEqual([]);
  });
});
