/** Terminbuchung. Today: how to book with each office (/termine). Online booking follows (issue 5). */
import type { RathausModule } from '../../core/module.ts';
import { appointmentMessages } from './messages.ts';
import { appointmentRoutes } from './appointments.routes.tsx';

export const appointmentsModule: RathausModule = {
  name: 'appointments',
  messages: [appointmentMessages],
  publicRoutes: appointmentRoutes,
};
