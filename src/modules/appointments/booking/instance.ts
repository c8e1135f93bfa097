/** The booking service and the cached read side of an app: one each per Services object, shared by pages, API and jobs. */
import type { Services } from '../../../core/services.ts';
import { createAppointmentService, type AppointmentService } from './booking.service.ts';
import { AVAILABILITY_TTL_MS, CONFIG_TTL_MS, createReadModel, type AppointmentReadModel } from './read-model.ts';

const instances = new WeakMap<Services, { service: AppointmentService; read: AppointmentReadModel }>();

function instanceOf(services: Services) {
  let instance = instances.get(services);
  if (!instance) {
    // Tests change settings and rows directly and expect to see the change at once: nothing is cached there.
    const cached = services.config.env !== 'test';
    const read = createReadModel({ db: services.db, tenants: services.tenants, configTtlMs: cached ? CONFIG_TTL_MS : 0, availabilityTtlMs: cached ? AVAILABILITY_TTL_MS : 0 });
    const service = createAppointmentService({ db: services.db, jobs: services.jobs, tenants: services.tenants, cases: services.cases, secret: services.config.sessionSecret, baseUrl: services.baseUrlOf, now: services.now, read });
    instance = { service, read };
    instances.set(services, instance);
  }
  return instance;
}

export function appointmentsOf(services: Services): AppointmentService {
  return instanceOf(services).service;
}

/** Standorte, settings and free places as the public pages and the API read them (read-model.ts). */
export function appointmentReadsOf(services: Services): AppointmentReadModel {
  return instanceOf(services).read;
}
