import { defineMessages } from '../../core/i18n/i18n.ts';

export const appointmentMessages = defineMessages(
  {
    'appointments.title': 'Termin vereinbaren',
    'appointments.lead': 'Für Leistungen, bei denen Sie persönlich vorbeikommen müssen, vereinbaren Sie bitte einen Termin mit der zuständigen Stelle – telefonisch, per E-Mail oder während der Öffnungszeiten vor Ort.',
    'appointments.notYet': 'Die Online-Terminbuchung ist hier noch nicht freigeschaltet.',
    'appointments.unit.phone': 'Telefon',
    'appointments.unit.email': 'E-Mail',
    'appointments.unit.address': 'Anschrift',
    'appointments.unit.hours': 'Öffnungszeiten',
    'appointments.contact': 'Sie können uns auch über das Kontaktformular schreiben.',
  },
  {
    'appointments.title': 'Make an appointment',
    'appointments.lead': 'For services you have to come in for, please make an appointment with the responsible office – by phone, by e-mail or in person during opening hours.',
    'appointments.notYet': 'Online appointment booking is not available here yet.',
    'appointments.unit.phone': 'Phone',
    'appointments.unit.email': 'E-mail',
    'appointments.unit.address': 'Address',
    'appointments.unit.hours': 'Opening hours',
    'appointments.contact': 'You can also write to us using the contact form.',
  },
);
