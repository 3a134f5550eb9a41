import { transactionPolicies, type Subscription, type TransactionPolicy } from '../../../../shared/model/subscription';
import { Field } from '../../components/field';
import { findProfile, useCatalogStore } from '../../stores/catalog-store';
import type { FormProps } from './subscription-form';
import type { SubscriptionForm } from './subscription-form-model';

const seconds = (ms: number) =>
  ms >= 3_600_000 ? `${ms / 3_600_000} h` : ms >= 60_000 ? `${ms / 60_000} min` : `${ms / 1000} s`;

/** How requests are made: extra headers, basic auth, timeouts, trusted CA, retries; and FusionAuth's scoping and transactions. */
export function DeliveryFields({
  form,
  errors,
  patch,
  editing,
}: FormProps<SubscriptionForm> & { editing: Subscription | null }) {
  const profile = findProfile(
    useCatalogStore((s) => s.profiles),
    form.profile,
  );
  const schedule = profile?.retryScheduleMs.slice(1).map(seconds).join(', ');
  return (
    <>
      <fieldset className="sub-section">
        <legend>Request</legend>
        <Field
          label="Custom headers"
          error={errors.headers}
          hint="One “Name: value” per line; signature headers always win"
        >
          <textarea
            className="mono"
            rows={2}
            value={form.headers}
            onChange={(e) => patch({ headers: e.target.value })}
            spellCheck={false}
            placeholder="X-Env: local"
          />
        </Field>
        <label className="check">
          <input type="checkbox" checked={form.basicAuth} onChange={(e) => patch({ basicAuth: e.target.checked })} />{' '}
          Basic auth
        </label>
        {form.basicAuth && (
          <div className="sub-grid">
            <Field label="Username" error={errors.username}>
              <input value={form.username} onChange={(e) => patch({ username: e.target.value })} autoComplete="off" />
            </Field>
            <Field
              label="Password"
              error={errors.password}
              hint={editing?.basicAuth?.hasPassword ? 'Empty keeps the current password' : undefined}
            >
              <input
                type="password"
                value={form.password}
                onChange={(e) => patch({ password: e.target.value })}
                autoComplete="new-password"
              />
            </Field>
          </div>
        )}
        <div className="sub-grid">
          <Field
            label="Connect timeout (ms)"
            error={errors.connectTimeoutMs}
            hint={editing ? undefined : 'Empty = 2000'}
          >
            <input
              value={form.connectTimeoutMs}
              onChange={(e) => patch({ connectTimeoutMs: e.target.value })}
              inputMode="numeric"
            />
          </Field>
          <Field
            label="Read timeout (ms)"
            error={errors.readTimeoutMs}
            hint={editing ? undefined : 'Empty = the profile’s default'}
          >
            <input
              value={form.readTimeoutMs}
              onChange={(e) => patch({ readTimeoutMs: e.target.value })}
              inputMode="numeric"
            />
          </Field>
        </div>
        <Field
          label="Trusted CA certificate (PEM, optional)"
          error={errors.caCertificatePem}
          hint="For an https:// endpoint with a self-signed certificate"
        >
          <textarea
            className="mono"
            rows={2}
            value={form.caCertificatePem}
            onChange={(e) => patch({ caCertificatePem: e.target.value })}
            spellCheck={false}
            placeholder="-----BEGIN CERTIFICATE-----"
          />
        </Field>
      </fieldset>
      <fieldset className="sub-section">
        <legend>Retries</legend>
        <div className="segmented-radio" role="radiogroup" aria-label="Retry policy">
          <label className="check">
            <input
              type="radio"
              name="retry"
              checked={form.retryMode === 'profile'}
              onChange={() => patch({ retryMode: 'profile' })}
            />
            The provider’s schedule{schedule ? ` (${schedule})` : ''}
          </label>
          <label className="check">
            <input
              type="radio"
              name="retry"
              checked={form.retryMode === 'custom'}
              onChange={() => patch({ retryMode: 'custom' })}
            />{' '}
            My own schedule
          </label>
        </div>
        {form.retryMode === 'custom' && (
          <div className="sub-grid">
            <Field
              label="Delays (s)"
              error={errors.retryDelaysSeconds}
              hint="Before each retry, e.g. 10, 60, 300"
              className="span-2"
            >
              <input value={form.retryDelaysSeconds} onChange={(e) => patch({ retryDelaysSeconds: e.target.value })} />
            </Field>
            <Field label="Max attempts" error={errors.retryMaxAttempts} hint="Including the first">
              <input
                value={form.retryMaxAttempts}
                onChange={(e) => patch({ retryMaxAttempts: e.target.value })}
                inputMode="numeric"
              />
            </Field>
            <Field label="Jitter (0–1)" error={errors.retryJitter}>
              <input
                value={form.retryJitter}
                onChange={(e) => patch({ retryJitter: e.target.value })}
                inputMode="decimal"
              />
            </Field>
          </div>
        )}
      </fieldset>
      {form.profile === 'fusionauth' && (
        <fieldset className="sub-section">
          <legend>FusionAuth scoping and transactions</legend>
          <div className="sub-grid">
            <Field label="Tenant ids" error={errors.tenantIds} hint="Comma-separated; empty = any tenant">
              <input
                value={form.tenantIds}
                onChange={(e) => patch({ tenantIds: e.target.value })}
                spellCheck={false}
                disabled={form.global}
              />
            </Field>
            <Field label="Application ids (legacy)" error={errors.applicationIds} hint="Before FusionAuth 1.37">
              <input
                value={form.applicationIds}
                onChange={(e) => patch({ applicationIds: e.target.value })}
                spellCheck={false}
              />
            </Field>
          </div>
          <label className="check">
            <input type="checkbox" checked={form.global} onChange={(e) => patch({ global: e.target.checked })} /> All
            tenants (global)
          </label>
          <Field
            label="Transaction policy"
            error={errors.transactionPolicy}
            hint="How many webhooks must answer 2xx for the FusionAuth API call to succeed"
          >
            <select
              value={form.transactionPolicy}
              onChange={(e) => patch({ transactionPolicy: e.target.value as TransactionPolicy })}
            >
              {transactionPolicies.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </Field>
        </fieldset>
      )}
    </>
  );
}
