/** Logs a demo staff member in through the auth service and returns a browser carrying the session cookie. */
import type { TestApp } from './app.ts';
import { TestBrowser } from './app.ts';
import { sessionCookieName } from '../../src/app.tsx';
import { DEMO_PASSWORD } from '../../seed/demo.ts';

export async function staffBrowser(t: TestApp, email: string, host = 'localhost'): Promise<TestBrowser> {
  const tenant = await t.services.tenants.resolve(host);
  if (!tenant) throw new Error(`no tenant for ${host}`);
  const result = await t.services.staffAuth.login(tenant.id, email, DEMO_PASSWORD);
  if (!result.ok) throw new Error(`login failed for ${email}: ${result.reason}`);
  const browser = new TestBrowser(t.app, host);
  browser.setCookie(sessionCookieName(t.config.secureCookies), result.token);
  return browser;
}
