/** The booking service of an app: one per Services object, shared by pages, API and jobs. */
import type { Services } from '../../../core/services.ts';
import { createAppointmentService, type AppointmentService } from './booking.service.ts';

const instances = new WeakMap<Services, AppointmentService>();

export function appointmentsOf(services: Services): AppointmentService {
  let service = instances.get(services);
  if (!service) {
    service = createAppointmentService({ db: services.db, jobs: services.jobs, tenants: services.tenants, cases: services.cases, secret: services.config.sessionSecret, baseUrl: services.baseUrlOf, now: services.now });
    instances.set(services, service);
  }
  return service;
}
