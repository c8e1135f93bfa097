/**
 * /termine: how to get an appointment with each office. Online booking
 * (capacity, holds, confirmation) is a later part of this module; until then
 * the page gives the real ways to book, taken from the organisation's units.
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../core/services.ts';
import { InsetText, SummaryList } from '../../core/ui/components.tsx';

export function appointmentRoutes(app: FastifyInstance, services: Services): void {
  app.get('/termine', async (request, reply) => {
    const t = request.t;
    const units = await services.db
      .selectFrom('org_units')
      .select(['name', 'phone', 'email', 'address', 'opening_hours'])
      .where('tenant_id', '=', request.tenant.id)
      .orderBy('name')
      .execute();
    return reply.page({
      title: t('appointments.title'),
      breadcrumbs: [{ label: t('nav.start'), href: '/' }, { label: t('appointments.title') }],
      body: (
        <>
          <h1 class="kern-heading-large" safe>
            {t('appointments.title')}
          </h1>
          <p class="kern-body" safe>
            {t('appointments.lead')}
          </p>
          <InsetText>
            <span safe>{t('appointments.notYet')}</span>
          </InsetText>
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
      ),
    });
  });
}
