/**
 * Admins set up the Terminbuchung under /verwaltung/termine/einrichtung:
 * Standorte and their booking rules, bookable services, opening hours with
 * counters and contingents, and closure days (reopening; closing a day with
 * bookings happens in the day view, which notifies everyone affected).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { escapeHtml } from '@kitajs/html';
import { z } from 'zod';
import type { Services } from '../../../core/services.ts';
import type { ApptVariant } from '../../../core/db/tables.ts';
import type { NavEntry } from '../../../core/module.ts';
import { requireAccess } from '../../../core/auth/policy.ts';
import { staffOf } from '../../../core/http/context.ts';
import { fields, parseForm, type FieldError } from '../../../core/http/validation.ts';
import { addDays, berlinDay, isIsoDay } from '../../../core/time/berlin.ts';
import { Button, ButtonLink, Checkbox, CheckboxGroup, CsrfField, DataTable, DateInput, ErrorSummary, Select, TextInput, Textarea, trusted } from '../../../core/ui/components.tsx';
import { findLocation, listLocations, type Location } from '../booking/locations.ts';
import { appointmentReadsOf } from '../booking/instance.ts';
import { createSetupService, type LocationSettings } from './setup.service.ts';

const BASE = '/termine/einrichtung';
const VARIANTS: readonly ApptVariant[] = ['onsite', 'phone', 'video'];
const idParams = z.object({ id: z.uuid() });

export const setupNavigation: NavEntry[] = [{ labelKey: 'apptSetup.nav', href: `/verwaltung${BASE}`, permission: 'appointments.configure', order: 62 }];

const int = (min: number, max: number) =>
  z
    .string({ error: 'validation.required' })
    .trim()
    .regex(/^\d{1,4}$/, 'validation.invalid')
    .transform(Number)
    .pipe(z.number().min(min, 'validation.invalid').max(max, 'validation.invalid'));

const settingsSchema = z.object({
  name: fields.requiredText(120),
  address: fields.optionalText(300),
  directions: fields.optionalText(2000),
  unit: z.uuid({ error: 'validation.choose' }),
  slotMinutes: z.enum(['5', '10', '15', '20', '30'], { error: 'validation.choose' }).transform(Number),
  bookFromDays: int(0, 60),
  bookUntilDays: int(1, 365),
  holdMinutes: int(5, 60),
  confirmMinutes: int(15, 1440),
  releaseDelayMinutes: int(0, 1440),
  cancelUntilHours: int(0, 168),
  active: z.literal('1').optional(),
});
/** Path segments of fixed staff pages under /verwaltung/termine/: a Standort with such a slug could not be reached. */
const RESERVED_SLUGS = ['statistik', 'buchung', 'einrichtung', 'neu'];
const newSchema = settingsSchema.extend({
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'validation.invalid')
    .max(60, 'validation.tooLong')
    .refine((slug) => !RESERVED_SLUGS.includes(slug), 'validation.invalid'),
});

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const windowSchema = z.object({
  weekday: z.enum(['1', '2', '3', '4', '5', '6', '7'], { error: 'validation.choose' }).transform(Number),
  starts: z.string().trim().regex(TIME, 'validation.invalid'),
  ends: z.string().trim().regex(TIME, 'validation.invalid'),
  validFrom: z.string().refine(isIsoDay, 'validation.invalid'),
  validUntil: z.union([z.literal(''), z.string().refine(isIsoDay, 'validation.invalid')]),
  counters: int(1, 50),
  online: int(0, 50),
  phone: int(0, 50),
});

export function setupRoutes(app: FastifyInstance, services: Services): void {
  const db = services.db;
  const setup = createSetupService(db, services.now, (tenantId) => appointmentReadsOf(services).configChanged(tenantId));

  function admin(request: FastifyRequest) {
    const actor = staffOf(request);
    requireAccess(actor, 'appointments.configure', { tenantId: actor.tenantId });
    return actor;
  }

  const crumbs = (request: FastifyRequest, location?: Location, here?: string) => [
    { label: request.t('staff.area'), href: '/verwaltung' },
    { label: request.t('apptSetup.title'), href: `/verwaltung${BASE}` },
    ...(location ? [{ label: location.name, href: `/verwaltung${BASE}/${location.id}` }] : []),
    ...(here ? [{ label: here }] : []),
  ];

  async function units(tenantId: string) {
    return db.selectFrom('org_units').select(['id', 'name']).where('tenant_id', '=', tenantId).orderBy('name').execute();
  }

  async function locationOr404(request: FastifyRequest, reply: FastifyReply): Promise<Location | null> {
    const { id } = request.params as { id: string };
    const location = await findLocation(db, staffOf(request).tenantId, id, { includeInactive: true });
    if (!location || location.id !== id) {
      await reply.errorPage(404, '404');
      return null;
    }
    return location;
  }

  function LocationNav({ t, location }: { t: FastifyRequest['t']; location: Location }) {
    return (
      <ul class="kern-list rathaus-calendar__nav">
        <li>
          <a class="kern-link" href={`/verwaltung${BASE}/${location.id}`} safe>
            {t('apptSetup.settings')}
          </a>
        </li>
        <li>
          <a class="kern-link" href={`/verwaltung${BASE}/${location.id}/leistungen`} safe>
            {t('apptSetup.services')}
          </a>
        </li>
        <li>
          <a class="kern-link" href={`/verwaltung${BASE}/${location.id}/oeffnungszeiten`} safe>
            {t('apptSetup.hours')}
          </a>
        </li>
      </ul>
    );
  }

  app.get(BASE, async (request, reply) => {
    const actor = admin(request);
    const t = request.t;
    const locations = await listLocations(db, actor.tenantId, { includeInactive: true });
    const unitNames = new Map((await units(actor.tenantId)).map((u) => [u.id, u.name]));
    return reply.page({
      title: t('apptSetup.title'),
      area: 'staff',
      breadcrumbs: crumbs(request),
      body: (
        <>
          <h1 class="kern-heading-large" safe>
            {t('apptSetup.title')}
          </h1>
          <p class="kern-body" safe>
            {t('apptSetup.lead')}
          </p>
          <DataTable
            caption={t('apptSetup.locations')}
            head={[t('apptSetup.col.name'), t('apptSetup.col.unit'), t('apptSetup.col.state'), t('apptSetup.col.actions')]}
            rowHeaders
            rows={locations.map((l) => [
              l.name,
              unitNames.get(l.unitId) ?? '',
              l.active ? t('apptSetup.active') : t('apptSetup.inactive'),
              trusted(
                <>
                  <a class="kern-link" href={`/verwaltung${BASE}/${l.id}`}>
                    {escapeHtml(t('apptSetup.settings'))}
                    <span class="kern-sr-only">{escapeHtml(` ${l.name}`)}</span>
                  </a>
                  {' · '}
                  <a class="kern-link" href={`/verwaltung${BASE}/${l.id}/leistungen`}>
                    {escapeHtml(t('apptSetup.services'))}
                    <span class="kern-sr-only">{escapeHtml(` ${l.name}`)}</span>
                  </a>
                  {' · '}
                  <a class="kern-link" href={`/verwaltung${BASE}/${l.id}/oeffnungszeiten`}>
                    {escapeHtml(t('apptSetup.hours'))}
                    <span class="kern-sr-only">{escapeHtml(` ${l.name}`)}</span>
                  </a>
                </>,
              ),
            ])}
          />
          <ButtonLink href={`/verwaltung${BASE}/neu`} label={t('apptSetup.new')} variant="primary" />
        </>
      ),
    });
  });

  async function renderSettings(request: FastifyRequest, reply: FastifyReply, location: Location | null, values: Record<string, string>, errors: FieldError[], status = 200) {
    const actor = admin(request);
    const t = request.t;
    const e = (f: string) => (errors.find((x) => x.field === f) ? { error: errors.find((x) => x.field === f)?.message as string } : {});
    const title = location ? location.name : t('apptSetup.newTitle');
    const num = (name: string, labelKey: string, hintKey?: string) => (
      <TextInput t={t} name={name} label={t(labelKey)} {...(hintKey ? { hint: t(hintKey) } : {})} inputmode="numeric" width="width-4" value={values[name] ?? ''} required {...e(name)} />
    );
    return reply.page({
      title: (errors.length ? `${t('ui.field.errorPrefix')} ` : '') + title,
      area: 'staff',
      status,
      breadcrumbs: crumbs(request, location ?? undefined, location ? t('apptSetup.settings') : t('apptSetup.newTitle')),
      body: (
        <>
          <ErrorSummary t={t} errors={errors} />
          <h1 class="kern-heading-large" safe>
            {title}
          </h1>
          {location ? <LocationNav t={t} location={location} /> : ''}
          <form method="post" action={location ? `/verwaltung${BASE}/${location.id}` : `/verwaltung${BASE}/neu`} novalidate>
            <CsrfField token={reply.csrfToken()} />
            {location ? '' : <TextInput t={t} name="slug" label={t('apptSetup.field.slug')} hint={t('apptSetup.field.slugHint')} value={values.slug ?? ''} maxlength={60} required {...e('slug')} />}
            <TextInput t={t} name="name" label={t('apptSetup.field.name')} value={values.name ?? ''} maxlength={120} required {...e('name')} />
            <TextInput t={t} name="address" label={t('apptSetup.field.address')} value={values.address ?? ''} maxlength={300} {...e('address')} />
            <Textarea t={t} name="directions" label={t('apptSetup.field.directions')} hint={t('apptSetup.field.directionsHint')} value={values.directions ?? ''} rows={3} maxlength={2000} {...e('directions')} />
            <Select t={t} name="unit" label={t('apptSetup.field.unit')} hint={t('apptSetup.field.unitHint')} value={values.unit ?? ''} options={(await units(actor.tenantId)).map((u) => ({ value: u.id, label: u.name }))} required {...e('unit')} />
            <Select t={t} name="slotMinutes" label={t('apptSetup.field.slotMinutes')} hint={t('apptSetup.field.slotMinutesHint')} value={values.slotMinutes ?? '10'} placeholder={false} options={['5', '10', '15', '20', '30'].map((m) => ({ value: m, label: m }))} {...e('slotMinutes')} />
            {num('bookFromDays', 'apptSetup.field.bookFromDays')}
            {num('bookUntilDays', 'apptSetup.field.bookUntilDays')}
            {num('holdMinutes', 'apptSetup.field.holdMinutes')}
            {num('confirmMinutes', 'apptSetup.field.confirmMinutes')}
            {num('releaseDelayMinutes', 'apptSetup.field.releaseDelayMinutes', 'apptSetup.field.releaseDelayHint')}
            {num('cancelUntilHours', 'apptSetup.field.cancelUntilHours')}
            <Checkbox t={t} name="active" label={t('apptSetup.field.active')} checked={values.active === '1'} />
            <Button label={t('apptSetup.save')} />
          </form>
        </>
      ),
    });
  }

  const valuesOf = (l: Location): Record<string, string> => ({
    name: l.name,
    address: l.address,
    directions: l.directions,
    unit: l.unitId,
    slotMinutes: String(l.slotMinutes),
    bookFromDays: String(l.bookFromDays),
    bookUntilDays: String(l.bookUntilDays),
    holdMinutes: String(l.holdMinutes),
    confirmMinutes: String(l.confirmMinutes),
    releaseDelayMinutes: String(l.releaseDelayMinutes),
    cancelUntilHours: String(l.cancelUntilHours),
    active: l.active ? '1' : '',
  });

  function settingsOf(data: z.infer<typeof settingsSchema>): LocationSettings {
    return {
      name: data.name,
      address: data.address,
      directions: data.directions,
      unitId: data.unit,
      slotMinutes: data.slotMinutes,
      bookFromDays: data.bookFromDays,
      bookUntilDays: data.bookUntilDays,
      holdMinutes: data.holdMinutes,
      confirmMinutes: data.confirmMinutes,
      releaseDelayMinutes: data.releaseDelayMinutes,
      cancelUntilHours: data.cancelUntilHours,
      active: data.active === '1',
    };
  }

  app.get(`${BASE}/neu`, async (request, reply) => {
    admin(request);
    return renderSettings(request, reply, null, { slotMinutes: '10', bookFromDays: '1', bookUntilDays: '60', holdMinutes: '15', confirmMinutes: '60', releaseDelayMinutes: '30', cancelUntilHours: '2' }, []);
  });

  app.post(`${BASE}/neu`, async (request, reply) => {
    const actor = admin(request);
    const t = request.t;
    const form = parseForm(newSchema, request.body, t);
    if (!form.ok) return renderSettings(request, reply, null, form.values, form.errors, 422);
    if (form.data.bookUntilDays < form.data.bookFromDays) return renderSettings(request, reply, null, request.body as Record<string, string>, [{ field: 'bookUntilDays', message: t('apptSetup.error.window') }], 422);
    const result = await setup.createLocation(actor, form.data.slug, settingsOf(form.data));
    if (!result.ok) {
      const error = result.reason === 'slug-taken' ? { field: 'slug', message: t('apptSetup.error.slugTaken') } : { field: 'unit', message: t('apptSetup.error.unit') };
      return renderSettings(request, reply, null, request.body as Record<string, string>, [error], 422);
    }
    return reply.flash('success', t('apptSetup.saved')).redirect(`/verwaltung${BASE}/${result.id}/leistungen`, 303);
  });

  app.get(`${BASE}/:id`, { schema: { params: idParams } }, async (request, reply) => {
    admin(request);
    const location = await locationOr404(request, reply);
    if (!location) return reply;
    return renderSettings(request, reply, location, valuesOf(location), []);
  });

  app.post(`${BASE}/:id`, { schema: { params: idParams } }, async (request, reply) => {
    const actor = admin(request);
    const t = request.t;
    const location = await locationOr404(request, reply);
    if (!location) return reply;
    const form = parseForm(settingsSchema, request.body, t);
    if (!form.ok) return renderSettings(request, reply, location, form.values, form.errors, 422);
    if (form.data.bookUntilDays < form.data.bookFromDays) return renderSettings(request, reply, location, request.body as Record<string, string>, [{ field: 'bookUntilDays', message: t('apptSetup.error.window') }], 422);
    const result = await setup.updateLocation(actor, location.id, settingsOf(form.data));
    if (!result.ok) {
      if (result.reason === 'not-found') return reply.errorPage(404, '404');
      const error = result.reason === 'grid-in-use' ? { field: 'slotMinutes', message: t('apptSetup.error.grid', { count: String(result.count ?? 0) }) } : { field: 'unit', message: t('apptSetup.error.unit') };
      return renderSettings(request, reply, location, request.body as Record<string, string>, [error], 422);
    }
    return reply.flash('success', t('apptSetup.saved')).redirect(`/verwaltung${BASE}/${location.id}`, 303);
  });

  // ------------------------------------------------------------------ services

  async function renderServices(request: FastifyRequest, reply: FastifyReply, location: Location, values: Record<string, string | string[]> | null, errors: FieldError[], status = 200) {
    const actor = admin(request);
    const t = request.t;
    const catalog = await db.selectFrom('portal_services').select(['id', 'title']).where('tenant_id', '=', actor.tenantId).where('active', '=', true).orderBy('title').execute();
    const configured = await db.selectFrom('appt_services').selectAll().where('tenant_id', '=', actor.tenantId).where('location_id', '=', location.id).execute();
    const value = (name: string, fallback: string): string => {
      const v = values?.[name];
      return typeof v === 'string' ? v : fallback;
    };
    const list = (name: string, fallback: string[]): string[] => {
      if (!values) return fallback;
      const v = values[name];
      return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
    };
    return reply.page({
      title: (errors.length ? `${t('ui.field.errorPrefix')} ` : '') + t('apptSetup.services.title'),
      area: 'staff',
      status,
      breadcrumbs: crumbs(request, location, t('apptSetup.services')),
      body: (
        <>
          <ErrorSummary t={t} errors={errors} />
          <h1 class="kern-heading-large" safe>
            {`${t('apptSetup.services.title')}: ${location.name}`}
          </h1>
          <LocationNav t={t} location={location} />
          <p class="kern-body" safe>
            {t('apptSetup.services.lead')}
          </p>
          <form method="post" action={`/verwaltung${BASE}/${location.id}/leistungen`} novalidate>
            <CsrfField token={reply.csrfToken()} />
            {catalog.map((s) => {
              const c = configured.find((x) => x.service_id === s.id);
              const error = errors.find((x) => x.field === `bookable-${s.id}`)?.message;
              return (
                <fieldset class="kern-fieldset rathaus-setting">
                  <legend class="kern-label" safe>
                    {s.title}
                  </legend>
                  <Checkbox t={t} name={`bookable-${s.id}`} label={t('apptSetup.services.bookable', { service: s.title })} checked={values ? value(`bookable-${s.id}`, '') === '1' : Boolean(c?.active)} {...(error ? { error } : {})} />
                  <TextInput t={t} name={`minutes-${s.id}`} label={t('apptSetup.services.minutes')} inputmode="numeric" width="width-4" value={value(`minutes-${s.id}`, String(c?.minutes ?? 15))} />
                  <TextInput t={t} name={`max-${s.id}`} label={t('apptSetup.services.max')} inputmode="numeric" width="width-2" value={value(`max-${s.id}`, String(c?.max_quantity ?? 1))} />
                  <CheckboxGroup t={t} name={`variants-${s.id}`} label={t('apptSetup.services.variants')} inline values={list(`variants-${s.id}`, c?.variants ?? ['onsite'])} options={VARIANTS.map((v) => ({ value: v, label: t(`appointments.variant.${v}`) }))} />
                </fieldset>
              );
            })}
            <Button label={t('apptSetup.save')} />
          </form>
        </>
      ),
    });
  }

  app.get(`${BASE}/:id/leistungen`, { schema: { params: idParams } }, async (request, reply) => {
    admin(request);
    const location = await locationOr404(request, reply);
    if (!location) return reply;
    return renderServices(request, reply, location, null, []);
  });

  app.post(`${BASE}/:id/leistungen`, { schema: { params: idParams } }, async (request, reply) => {
    const actor = admin(request);
    const t = request.t;
    const location = await locationOr404(request, reply);
    if (!location) return reply;
    const body = (request.body ?? {}) as Record<string, string | string[]>;
    const catalog = await db.selectFrom('portal_services').select(['id', 'title']).where('tenant_id', '=', actor.tenantId).where('active', '=', true).execute();
    const configured = new Set((await db.selectFrom('appt_services').select('service_id').where('tenant_id', '=', actor.tenantId).where('location_id', '=', location.id).execute()).map((r) => r.service_id));
    const settings = [];
    const errors: FieldError[] = [];
    for (const s of catalog) {
      const bookable = body[`bookable-${s.id}`] === '1';
      if (!bookable && !configured.has(s.id)) continue;
      const minutes = Number(body[`minutes-${s.id}`]);
      const max = Number(body[`max-${s.id}`]);
      const rawVariants = body[`variants-${s.id}`];
      const variants = (Array.isArray(rawVariants) ? rawVariants : rawVariants ? [rawVariants] : []).filter((v): v is ApptVariant => (VARIANTS as readonly string[]).includes(v));
      const valid = Number.isInteger(minutes) && minutes >= 5 && minutes <= 240 && Number.isInteger(max) && max >= 1 && max <= 10 && variants.length > 0;
      if (!valid) {
        if (bookable) errors.push({ field: `bookable-${s.id}`, message: t('apptSetup.services.error', { service: s.title }) });
        continue;
      }
      settings.push({ serviceId: s.id, bookable, minutes, maxQuantity: max, variants });
    }
    if (errors.length) return renderServices(request, reply, location, body, errors, 422);
    await setup.setServices(actor, location.id, settings);
    return reply.flash('success', t('apptSetup.saved')).redirect(`/verwaltung${BASE}/${location.id}/leistungen`, 303);
  });

  // ------------------------------------------------------------------ opening hours and closures

  async function renderHours(request: FastifyRequest, reply: FastifyReply, location: Location, values: Record<string, string>, errors: FieldError[], status = 200) {
    const actor = admin(request);
    const t = request.t;
    const today = berlinDay(services.now());
    const windows = await db
      .selectFrom('appt_opening_hours')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('location_id', '=', location.id)
      .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', today)]))
      .orderBy('weekday')
      .orderBy('starts')
      .execute();
    const closures = await db.selectFrom('appt_closures').selectAll().where('tenant_id', '=', actor.tenantId).where('location_id', '=', location.id).where('day', '>=', today).orderBy('day').execute();
    const e = (f: string) => (errors.find((x) => x.field === f) ? { error: errors.find((x) => x.field === f)?.message as string } : {});
    const csrf = reply.csrfToken();
    return reply.page({
      title: (errors.length ? `${t('ui.field.errorPrefix')} ` : '') + t('apptSetup.hours.title'),
      area: 'staff',
      status,
      breadcrumbs: crumbs(request, location, t('apptSetup.hours')),
      body: (
        <>
          <ErrorSummary t={t} errors={errors} />
          <h1 class="kern-heading-large" safe>
            {`${t('apptSetup.hours.title')}: ${location.name}`}
          </h1>
          <LocationNav t={t} location={location} />
          <p class="kern-body" safe>
            {t('apptSetup.hours.lead')}
          </p>
          {windows.length === 0 ? (
            <p class="kern-body" safe>
              {t('apptSetup.hours.none')}
            </p>
          ) : (
            <DataTable
              caption={t('apptSetup.hours.title')}
              captionHidden
              head={[t('apptSetup.hours.col.day'), t('apptSetup.hours.col.time'), t('apptSetup.hours.col.valid'), t('apptSetup.hours.col.counters'), t('apptSetup.hours.col.actions')]}
              rows={windows.map((w) => {
                const time = `${w.starts.slice(0, 5)}–${w.ends.slice(0, 5)}`;
                return [
                  t(`weekday.${w.weekday}`),
                  time,
                  w.valid_until ? t('apptSetup.hours.validRange', { from: w.valid_from, until: w.valid_until }) : t('apptSetup.hours.validFrom', { from: w.valid_from }),
                  `${w.counters} (${w.online} / ${w.phone})`,
                  trusted(
                    <form method="post" action={`/verwaltung${BASE}/${location.id}/oeffnungszeiten/${w.id}/beenden`}>
                      <CsrfField token={csrf} />
                      <button class="kern-btn kern-btn--tertiary" type="submit">
                        <span class="kern-label">
                          {escapeHtml(t('apptSetup.hours.end'))}
                          <span class="kern-sr-only">{escapeHtml(` – ${t('apptSetup.hours.endLabel', { day: t(`weekday.${w.weekday}`), time })}`)}</span>
                        </span>
                      </button>
                    </form>,
                  ),
                ];
              })}
            />
          )}
          <h2 class="kern-heading-medium" safe>
            {t('apptSetup.hours.add')}
          </h2>
          <form method="post" action={`/verwaltung${BASE}/${location.id}/oeffnungszeiten`} novalidate>
            <CsrfField token={csrf} />
            <Select t={t} name="weekday" label={t('apptSetup.hours.weekday')} value={values.weekday ?? '1'} placeholder={false} options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: String(d), label: t(`weekday.${d}`) }))} {...e('weekday')} />
            <TextInput t={t} name="starts" label={t('apptSetup.hours.starts')} width="width-4" value={values.starts ?? ''} required {...e('starts')} />
            <TextInput t={t} name="ends" label={t('apptSetup.hours.ends')} width="width-4" value={values.ends ?? ''} required {...e('ends')} />
            <DateInput t={t} name="validFrom" label={t('apptSetup.hours.validFromField')} value={values.validFrom ?? addDays(today, 1)} required {...e('validFrom')} />
            <DateInput t={t} name="validUntil" label={t('apptSetup.hours.validUntilField')} value={values.validUntil ?? ''} {...e('validUntil')} />
            <TextInput t={t} name="counters" label={t('apptSetup.hours.counters')} inputmode="numeric" width="width-2" value={values.counters ?? '1'} required {...e('counters')} />
            <TextInput t={t} name="online" label={t('apptSetup.hours.online')} inputmode="numeric" width="width-2" value={values.online ?? '1'} required {...e('online')} />
            <TextInput t={t} name="phone" label={t('apptSetup.hours.phone')} inputmode="numeric" width="width-2" value={values.phone ?? '0'} required {...e('phone')} />
            <Button label={t('apptSetup.hours.add')} />
          </form>
          <h2 class="kern-heading-medium" safe>
            {t('apptSetup.closures.title')}
          </h2>
          <p class="kern-body" safe>
            {t('apptSetup.closures.lead')}
          </p>
          {closures.length === 0 ? (
            <p class="kern-body" safe>
              {t('apptSetup.closures.none')}
            </p>
          ) : (
            <DataTable
              caption={t('apptSetup.closures.title')}
              captionHidden
              head={[t('apptSetup.closures.col.day'), t('apptSetup.closures.col.reason'), t('apptSetup.hours.col.actions')]}
              rows={closures.map((c) => [
                c.day,
                c.reason,
                trusted(
                  <form method="post" action={`/verwaltung${BASE}/${location.id}/schliesstage/${c.day}/oeffnen`}>
                    <CsrfField token={csrf} />
                    <button class="kern-btn kern-btn--tertiary" type="submit">
                      <span class="kern-label">
                        {escapeHtml(t('apptSetup.closures.reopen'))}
                        <span class="kern-sr-only">{escapeHtml(` – ${t('apptSetup.closures.reopenLabel', { day: c.day })}`)}</span>
                      </span>
                    </button>
                  </form>,
                ),
              ])}
            />
          )}
        </>
      ),
    });
  }

  app.get(`${BASE}/:id/oeffnungszeiten`, { schema: { params: idParams } }, async (request, reply) => {
    admin(request);
    const location = await locationOr404(request, reply);
    if (!location) return reply;
    return renderHours(request, reply, location, {}, []);
  });

  app.post(`${BASE}/:id/oeffnungszeiten`, { schema: { params: idParams } }, async (request, reply) => {
    const actor = admin(request);
    const t = request.t;
    const location = await locationOr404(request, reply);
    if (!location) return reply;
    const form = parseForm(windowSchema, request.body, t);
    if (!form.ok) return renderHours(request, reply, location, form.values, form.errors.map((e) => (e.field === 'starts' || e.field === 'ends' ? { ...e, message: t('apptSetup.hours.error.time') } : e)), 422);
    const d = form.data;
    const raw = request.body as Record<string, string>;
    if (d.ends <= d.starts) return renderHours(request, reply, location, raw, [{ field: 'ends', message: t('apptSetup.hours.error.time') }], 422);
    if (d.online + d.phone > d.counters) return renderHours(request, reply, location, raw, [{ field: 'online', message: t('apptSetup.hours.error.counters') }], 422);
    if (d.validUntil && d.validUntil < d.validFrom) return renderHours(request, reply, location, raw, [{ field: 'validUntil', message: t('apptSetup.hours.error.valid') }], 422);
    await setup.addOpeningWindow(actor, location.id, { weekday: d.weekday, starts: d.starts, ends: d.ends, validFrom: d.validFrom, validUntil: d.validUntil || null, counters: d.counters, online: d.online, phone: d.phone });
    return reply.flash('success', t('apptSetup.hours.added')).redirect(`/verwaltung${BASE}/${location.id}/oeffnungszeiten`, 303);
  });

  app.post(`${BASE}/:id/oeffnungszeiten/:window/beenden`, { schema: { params: z.object({ id: z.uuid(), window: z.uuid() }) } }, async (request, reply) => {
    const actor = admin(request);
    const location = await locationOr404(request, reply);
    if (!location) return reply;
    const { window } = request.params as { window: string };
    const ended = await setup.endOpeningWindow(actor, location.id, window, berlinDay(services.now()));
    if (!ended) return reply.errorPage(404, '404');
    return reply.flash('success', request.t('apptSetup.hours.ended')).redirect(`/verwaltung${BASE}/${location.id}/oeffnungszeiten`, 303);
  });

  app.post(`${BASE}/:id/schliesstage/:day/oeffnen`, { schema: { params: z.object({ id: z.uuid(), day: z.string().refine(isIsoDay) }) } }, async (request, reply) => {
    const actor = admin(request);
    const location = await locationOr404(request, reply);
    if (!location) return reply;
    const { day } = request.params as { day: string };
    if (!(await setup.removeClosure(actor, location.id, day))) return reply.errorPage(404, '404');
    return reply.flash('success', request.t('apptSetup.closures.reopened')).redirect(`/verwaltung${BASE}/${location.id}/oeffnungszeiten`, 303);
  });
}
