/**
 * Test support for the Kasse's pages: the app, the Stadtkasse's demo user, a signed-in browser, and payments in the states the tests need.
 */
import type { FastifyInstance } from 'fastify';
import { sessionCookieName } from '../../../app.tsx';
import type { StaffActor } from '../../../core/auth/policy.ts';
import type { Payment } from '../../../core/payments/payment-service.ts';
import { DEMO_PASSWORD } from '../../../../seed/demo.ts';
import { createTestApp, TestBrowser, type TestApp } from '../../../../test/support/app.ts';

export const KASSE_EMAIL = 'kasse@musterstadt.example';

/** A test app of its own, the Musterstadt tenant and the Stadtkasse's actor; close it with `t.close()`. */
export async function kasseTestApp(): Promise<{ t: TestApp; app: FastifyInstance; tenantId: string; kasse: StaffActor }> {
  const t = await createTestApp();
  const tenantId = (await t.services.tenants.bySlug('musterstadt'))?.id as string;
  return { t, app: t.app, tenantId, kasse: await kasseActor(t, tenantId) };
}

/** The Stadtkasse's demo account (seed: role kasse, no unit) as an actor for direct service calls. */
export async function kasseActor(t: TestApp, tenantId: string): Promise<StaffActor> {
  const user = await t.services.db.selectFrom('staff_users').select(['id', 'display_name']).where('tenant_id', '=', tenantId).where('email', '=', KASSE_EMAIL).executeTakeFirstOrThrow();
  return { kind: 'staff', tenantId, userId: user.id, displayName: user.display_name, roles: [{ role: 'kasse', unitId: null }] };
}

/** A browser on `app` signed in as `email` (demo password). */
export async function browserFor(t: TestApp, app: FastifyInstance, email: string): Promise<TestBrowser> {
  const tenant = await t.services.tenants.resolve('localhost');
  if (!tenant) throw new Error('no tenant for localhost');
  const result = await t.services.staffAuth.login(tenant.id, email, DEMO_PASSWORD);
  if (!result.ok) throw new Error(`login failed for ${email}: ${result.reason}`);
  const browser = new TestBrowser(app);
  browser.setCookie(sessionCookieName(t.config.secureCookies), result.token);
  return browser;
}

let counter = 0;

/** A payment at the Test-Kasse (pending) or an invoice (pending), of one item. */
export async function startPayment(t: TestApp, tenantId: string, cents: number, options: { invoice?: boolean; caseId?: string; purpose?: string; haushaltsstelle?: string; produktkonto?: string; payerEmail?: string } = {}): Promise<Payment> {
  counter += 1;
  const started = await t.services.payments.start(tenantId, {
    payable: `test-kasse:${counter}-${Date.now()}`,
    purpose: options.purpose ?? `Gebühr ${counter}`,
    items: [{ description: options.purpose ?? 'Gebühr', quantity: 1, unitCents: cents }],
    returnPath: '/',
    locale: 'de',
    ...(options.invoice ? { method: 'invoice' as const } : {}),
    ...(options.caseId ? { caseId: options.caseId } : {}),
    ...(options.haushaltsstelle ? { haushaltsstelle: options.haushaltsstelle } : {}),
    ...(options.produktkonto ? { produktkonto: options.produktkonto } : {}),
    ...(options.payerEmail ? { payerEmail: options.payerEmail } : {}),
  });
  if (!started.ok) throw new Error(`payment not started: ${started.reason}`);
  return started.payment;
}

/** Pays an online payment as the Test-Kasse would: its transaction paid, then the (verified) report applied. */
export async function payOnline(t: TestApp, payment: Payment): Promise<Payment> {
  await t.services.db.updateTable('testkasse_transactions').set({ status: 'paid', method: 'creditcard', paid_at: new Date() }).where('id', '=', payment.providerRef as string).execute();
  const result = await t.services.payments.applyReport(payment.tenantId, payment.id, { status: 'paid', amountCents: payment.amountCents, currency: 'EUR', method: 'creditcard' }, 'callback');
  if (result?.payment.status !== 'paid') throw new Error('payment not paid');
  return result.payment;
}
