/** What every request carries once core has looked at it. */
import { ForbiddenError, type Actor, type StaffActor } from '../auth/policy.ts';
import type { Locale, Translate } from '../i18n/i18n.ts';
import type { Tenant } from '../tenancy/tenants.ts';
import type { SessionState } from '../auth/staff-auth.ts';

declare module 'fastify' {
  interface FastifyRequest {
    tenant: Tenant;
    locale: Locale;
    t: Translate;
    /** The staff session, if a valid session cookie came with the request (second factor may still be pending). */
    staffSession: SessionState | null;
    /** A fully logged-in staff member (second factor done), else null. */
    staff: StaffActor | null;
  }
}

/** The actor for authorization: a logged-in staff member or an anonymous visitor of this tenant. */
export function actorOf(request: { tenant: Tenant; staff: StaffActor | null }): Actor {
  return request.staff ?? { kind: 'anonymous', tenantId: request.tenant.id };
}

/**
 * The signed-in staff member of a route behind the staff login (mounted under
 * /verwaltung). Without one the route was reached in a way it should not be:
 * the policy layer's ForbiddenError answers 403, never a 500.
 */
export function staffOf(request: { staff: StaffActor | null }): StaffActor {
  if (!request.staff) throw new ForbiddenError();
  return request.staff;
}
