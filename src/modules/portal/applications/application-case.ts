/**
 * The online application a back-office page under /verwaltung/antraege/:id
 * works on: the Vorgang, if the signed-in staff member may see it and it is
 * an application (not a contact request or another module's case).
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../../core/services.ts';
import type { CaseDetail } from '../../../core/cases/case-service.ts';
import { staffOf } from '../../../core/http/context.ts';

export const caseParams = z.object({ id: z.uuid() });

export async function applicationCase(services: Services, request: FastifyRequest): Promise<CaseDetail | null> {
  const { id } = request.params as z.infer<typeof caseParams>;
  const detail = await services.cases.getCase(staffOf(request), id);
  return detail && detail.type.startsWith('antrag.') ? detail : null;
}
