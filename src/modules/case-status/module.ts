/** The citizen's view of a Vorgang through the secret status link: history, messages, documents, reply. */
import type { RathausModule } from '../../core/module.ts';
import { caseStatusMessages } from './messages.ts';
import { caseStatusRoutes } from './case-status.routes.tsx';

export const caseStatusModule: RathausModule = {
  name: 'case-status',
  messages: [caseStatusMessages],
  publicRoutes: caseStatusRoutes,
};
