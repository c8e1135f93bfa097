/** The report service of an app: one per Services object, shared by pages, Open311 and jobs. */
import type { Services } from '../../core/services.ts';
import { createReportService, type ReportService } from './reports.service.ts';
import type { NotifyDeps } from './notify.ts';

const instances = new WeakMap<Services, ReportService>();

export function reportsOf(services: Services): ReportService {
  let service = instances.get(services);
  if (!service) {
    service = createReportService({ db: services.db, jobs: services.jobs, tenants: services.tenants, cases: services.cases, files: services.files, secret: services.config.sessionSecret, baseUrl: services.baseUrlOf, now: services.now });
    instances.set(services, service);
  }
  return service;
}

/** What notifyReportChange needs, from the app's services. */
export function notifyDepsOf(services: Services): NotifyDeps {
  return { jobs: services.jobs, cases: services.cases, secret: services.config.sessionSecret, baseUrl: services.baseUrlOf, translators: services.translators };
}
