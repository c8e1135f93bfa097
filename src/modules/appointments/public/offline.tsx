/**
 * How to get an appointment with each office by phone, e-mail or in person,
 * from the organisation's units: the page for offices without online
 * booking (and for municipalities that have none yet).
 */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../../core/db/database.ts';
import { InsetText, SummaryList } from '../../../core/ui/components.tsx';

export async function OfflineAppointments({ request, db }: { request: FastifyRequest; db: Db }): Promise<JSX.Element> {
  const t = request.t;
  const units = await db.selectFrom('org_units').select(['name', 'phone', 'email', 'address', 'opening_hours']).where('tenant_id', '=', request.tenant.id).orderBy('name').execute();
  const online = await db.selectFrom('appt_locations').select('id').where('tenant_id', '=', request.tenant.id).where('active', '=', true).limit(1).executeTakeFirst();
  return (
    <>
      <h1 class="kern-heading-large" safe>
        {online ? t('appt.otherWays') : t('appointments.title')}
      </h1>
      <p class="kern-body" safe>
        {t('appointments.lead')}
      </p>
      {online ? (
        ''
      ) : (
        <InsetText>
          <span safe>{t('appointments.notYet')}</span>
        </InsetText>
      )}
      {units.map((unit) => (
        <section>
          <h2 class="kern-heading-medium" safe>
            {unit.name}
          </h2>
          <SummaryList
            t={t}
            rows={[
              ...(unit.phone ? [{ key: t('appointments.unit.phone'), value: unit.phone }] : []),
              ...(unit.email ? [{ key: t('appointments.unit.email'), value: unit.email }] : []),
              ...(unit.address ? [{ key: t('appointments.unit.address'), value: unit.address }] : []),
              ...(unit.opening_hours ? [{ key: t('appointments.unit.hours'), value: unit.opening_hours }] : []),
            ]}
          />
        </section>
      ))}
      <p class="kern-body">
        <a class="kern-link" href="/kontakt" safe>
          {t('appointments.contact')}
        </a>
      </p>
    </>
  );
}
