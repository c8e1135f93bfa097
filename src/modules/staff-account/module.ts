/**
 * Staff accounts: sign-in with password and TOTP, sign-out, "Mein Konto",
 * password change and TOTP set-up. Authentication itself (sessions, hashing,
 * locks, audit) is core/auth/staff-auth.ts; this module is its web front.
 */
import type { RathausModule } from '../../core/module.ts';
import { accountMessages } from './messages.ts';
import { accountRoutes } from './account.routes.tsx';
import { ACCOUNT_PATH, signInRoutes } from './sign-in.routes.tsx';

export const staffAccountModule: RathausModule = {
  name: 'staff-account',
  messages: [accountMessages],
  navigation: { staff: [{ labelKey: 'nav.staff.account', href: ACCOUNT_PATH, order: 90 }] },
  publicRoutes: signInRoutes,
  staffRoutes: accountRoutes,
};
