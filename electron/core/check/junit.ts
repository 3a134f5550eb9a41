import type { CheckExchange, CheckReport } from '../../../shared/model/check';

// XML 1.0 cannot carry most control characters, even escaped.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function xmlEscape(text: string): string {
  return text
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const secondsOf = (ms: number) => (ms / 1000).toFixed(3);

function exchangeLine(x: CheckExchange): string {
  const result = x.status !== null ? `HTTP ${x.status}` : `no answer (${x.error ?? 'no response'})`;
  return `${x.method} ${x.url} [${x.label}] -> ${result}${x.durationMs !== null ? ` in ${Math.round(x.durationMs)} ms` : ''}`;
}

/** The scorecard as JUnit XML, one test case per check, so CI systems show it like any test report. */
export function toJunitXml(report: CheckReport): string {
  const a = (v: string | number) => `"${xmlEscape(String(v))}"`;
  const failures = report.items.filter((i) => i.outcome === 'fail').length;
  const skipped = report.items.filter((i) => i.outcome === 'skip').length;
  const time = secondsOf(report.durationMs);
  const suite = `hookbench check ${report.profile} ${report.url}`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="hookbench check" tests=${a(report.items.length)} failures=${a(failures)} skipped=${a(skipped)} time=${a(time)}>`,
    `  <testsuite name=${a(suite)} tests=${a(report.items.length)} failures=${a(failures)} errors="0" skipped=${a(skipped)} time=${a(time)} timestamp=${a(report.startedAt)}>`,
    `    <properties><property name="profile" value=${a(report.profile)}/><property name="url" value=${a(report.url)}/><property name="timeoutMs" value=${a(report.timeoutMs)}/><property name="events" value=${a(report.events.join(','))}/></properties>`,
  ];
  for (const item of report.items) {
    const caseTime = secondsOf(item.exchanges.reduce((s, x) => s + (x.durationMs ?? 0), 0));
    lines.push(
      `    <testcase classname=${a(`hookbench.check.${report.profile}`)} name=${a(`${item.id}: ${item.title}`)} time=${a(caseTime)}>`,
    );
    if (item.outcome === 'fail')
      lines.push(
        `      <failure message=${a(item.detail)} type=${a(item.required ? 'required' : 'advisory')}>${xmlEscape(`${item.detail}\nFix: ${item.fix ?? ''}`)}</failure>`,
      );
    if (item.outcome === 'skip') lines.push(`      <skipped message=${a(item.detail)}/>`);
    if (item.exchanges.length)
      lines.push(`      <system-out>${xmlEscape(item.exchanges.map(exchangeLine).join('\n'))}</system-out>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
