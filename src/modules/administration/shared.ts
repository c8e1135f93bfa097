/** Small pieces the administration pages share: breadcrumbs, paging, list URLs. */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ForbiddenError, type StaffActor } from '../../core/auth/policy.ts';
import type { Translate } from '../../core/i18n/i18n.ts';
import type { Breadcrumb } from '../../core/ui/layout.tsx';

export const STAFF_HOME = '/verwaltung';

/** Verwaltung → (parents…) → this page. */
export function breadcrumbs(t: Translate, ...trail: Breadcrumb[]): Breadcrumb[] {
  return [{ label: t('staff.area'), href: STAFF_HOME }, ...trail];
}

/** `seite` of a list; a non-number is a bad request (400 page), a page past the end just shows no rows. */
export const pageParam = z.coerce.number().int().min(1).max(100_000).default(1);

/** A list URL with its filters; empty filters and page 1 are left out so links stay short. */
export function listHref(path: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '' || (key === 'seite' && value === 1)) continue;
    search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/** The logged-in staff member. The /verwaltung guard lets nobody else through; this keeps the type honest. */
export function staffActor(request: FastifyRequest): StaffActor {
  if (!request.staff) throw new ForbiddenError();
  return request.staff;
}

/** GOV.UK: a page re-shown with errors says so in its title, so screen reader users hear it first. */
export function pageTitle(t: Translate, title: string, errors: readonly unknown[]): string {
  return errors.length > 0 ? `${t('ui.field.errorPrefix')} ${title}` : title;
}
