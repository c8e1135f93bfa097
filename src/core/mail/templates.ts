/**
 * Mail templates for citizens, German and English, as plain text and HTML.
 *
 * Each template describes its content once as a list of blocks; the text and
 * HTML renderers turn the same blocks into both parts, so the two cannot drift
 * apart and escaping happens in exactly one place (`htmlBlock`). Mails carry
 * only what the citizen needs to recognise the Vorgang: no form data, no
 * names, no addresses.
 */
import { buildCatalog, createTranslator, defineMessages, type Locale, type Translate } from '../i18n/i18n.ts';

export interface MailTemplateParams {
  'case.received': { tenantName: string; reference: string; subject: string; unitName: string; statusUrl: string };
  'case.status': { tenantName: string; reference: string; statusLabel: string; message?: string | undefined; statusUrl: string };
  'case.message': { tenantName: string; reference: string; message: string; statusUrl: string };
  'case.question': { tenantName: string; reference: string; message: string; statusUrl: string };
  'payment.refunded': { tenantName: string; kassenzeichen: string; amount: string; reason: string; purpose: string; contactUrl: string };
  'draft.resume': { tenantName: string; serviceTitle: string; resumeUrl: string; expiresOn: string };
  'appointment.confirm': { tenantName: string; reference: string; when: string; locationName: string; services: string; confirmUrl: string; expiresAt: string };
  'appointment.confirmed': AppointmentMailParams & { rescheduled: boolean; bring: string[]; cancelUntil: string };
  'appointment.reminder': AppointmentMailParams;
  'appointment.cancelled': { tenantName: string; reference: string; when: string; locationName: string; services: string; reason?: string | undefined; bookUrl: string };
  /** Mängelmelder: receipt to the reporter. `pendingReview`: the report is shown publicly only after a clerk released it. */
  'report.received': { tenantName: string; reference: string; category: string; place: string; statusUrl: string; pendingReview: boolean };
  /**
   * A report's new state or public comment, to the reporter (statusUrl = their own page; reopenUntil/feedback when closed)
   * or to a follower (statusUrl = the public page; unsubscribeUrl).
   */
  'report.status': {
    tenantName: string;
    reference: string;
    category: string;
    place: string;
    stateLabel: string;
    message?: string | undefined;
    statusUrl: string;
    /** Closed: until when "nicht erledigt" reopens it (a formatted date); reporters only. */
    reopenUntil?: string | undefined;
    unsubscribeUrl?: string | undefined;
  };
  /** Double opt-in of somebody who wants to follow a report. */
  'report.subscribe': { tenantName: string; reference: string; category: string; place: string; confirmUrl: string };
  /** "Meine Meldungen": the link to the list of one e-mail address's reports. */
  'report.mine': { tenantName: string; listUrl: string; expiresAt: string };
  /** An order to an external contractor, with the link to answer. No data of the reporter. */
  'report.order': { tenantName: string; reference: string; category: string; place: string; description: string; instructions: string; respondUrl: string };
  /** Ratsinformation: the invitation to a meeting, to each member of its Gremien (non-public titles included: they are members). */
  'council.invitation': CouncilMeetingMailParams;
  /** Ratsinformation: a Nachtrag — the agenda changed after the invitation went out. */
  'council.update': CouncilMeetingMailParams;
  /** Ratsinformation: the meeting is cancelled, to everybody who was invited. */
  'council.cancellation': { tenantName: string; meetingName: string; organizationName: string; when: string; location: string; meetingUrl: string };
}

/** What every mail about a booked appointment says. */
export interface AppointmentMailParams {
  tenantName: string;
  reference: string;
  when: string;
  locationName: string;
  address: string;
  services: string;
  /** Video appointments: the meeting link. */
  videoUrl?: string | undefined;
  /** Phone appointments: that the office calls. */
  phoneCall?: boolean | undefined;
  manageUrl: string;
}

/** What a council member's mail about a meeting says. */
export interface CouncilMeetingMailParams {
  tenantName: string;
  meetingName: string;
  organizationName: string;
  when: string;
  location: string;
  /** Lines of the public part in meeting order, e.g. "Ö 1  Haushaltssatzung 2027 (Drucksache 2026/014)". */
  publicAgenda: string[];
  /** Lines of the non-public part (members only: titles included). */
  nonPublicAgenda: string[];
  /** The meeting in the member area (documents, non-public part). */
  memberUrl: string;
  /** The public meeting page. */
  meetingUrl: string;
}

export type MailTemplate = keyof MailTemplateParams;

export const MAIL_TEMPLATES = ['case.received', 'case.status', 'case.message', 'case.question', 'payment.refunded', 'draft.resume', 'appointment.confirm', 'appointment.confirmed', 'appointment.reminder', 'appointment.cancelled', 'report.received', 'report.status', 'report.subscribe', 'report.mine', 'report.order', 'council.invitation', 'council.update', 'council.cancellation'] as const satisfies readonly MailTemplate[];

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const messages = defineMessages(
  {
    'mail.greeting': 'Guten Tag,',
    'mail.closing': 'Mit freundlichen Grüßen',
    'mail.reference': 'Vorgangsnummer',
    'mail.automatic': 'Diese E-Mail wurde automatisch erstellt. Antworten auf diese E-Mail erreichen uns nicht. Für Nachrichten an uns nutzen Sie bitte die Statusseite.',
    'mail.keepLink': 'Bitte bewahren Sie diese E-Mail auf. Der Link ist nur für Sie bestimmt: Wer ihn kennt, kann den Stand Ihres Anliegens sehen. Geben Sie ihn bitte nicht weiter.',
    'mail.received.subject': 'Eingangsbestätigung: Ihr Anliegen {reference}',
    'mail.received.heading': 'Ihr Anliegen ist bei uns eingegangen',
    'mail.received.intro': 'vielen Dank! Ihr Anliegen ist bei uns eingegangen.',
    'mail.received.subjectLabel': 'Anliegen',
    'mail.received.unitLabel': 'Zuständig',
    'mail.received.nextHeading': 'Wie geht es weiter?',
    'mail.received.next': 'Die zuständige Stelle bearbeitet Ihr Anliegen und meldet sich bei Ihnen, falls noch etwas fehlt. Sobald sich der Bearbeitungsstand ändert, bekommen Sie eine E-Mail.',
    'mail.received.statusIntro': 'Den aktuellen Stand können Sie jederzeit auf Ihrer Statusseite nachsehen:',
    'mail.received.link': 'Stand Ihres Anliegens ansehen',
    'mail.received.quoteReference': 'Bitte nennen Sie bei Rückfragen Ihre Vorgangsnummer.',
    'mail.status.subject': 'Neuer Bearbeitungsstand zu Ihrem Anliegen {reference}: {statusLabel}',
    'mail.status.heading': 'Neuer Bearbeitungsstand: {statusLabel}',
    'mail.status.intro': 'der Bearbeitungsstand Ihres Anliegens hat sich geändert.',
    'mail.status.statusLabel': 'Neuer Stand',
    'mail.status.messageIntro': 'Dazu schreibt Ihnen die Sachbearbeitung:',
    'mail.status.statusIntro': 'Alle Einzelheiten finden Sie auf Ihrer Statusseite:',
    'mail.status.link': 'Stand Ihres Anliegens ansehen',
    'mail.message.subject': 'Neue Nachricht zu Ihrem Anliegen {reference}',
    'mail.message.heading': 'Sie haben eine neue Nachricht',
    'mail.message.intro': 'zu Ihrem Anliegen hat Ihnen die Sachbearbeitung geschrieben:',
    'mail.message.replyIntro': 'Sie können auf Ihrer Statusseite antworten und dort auch Unterlagen nachreichen:',
    'mail.message.link': 'Nachricht beantworten',
    'mail.question.subject': 'Rückfrage zu Ihrem Anliegen {reference}: bitte antworten Sie uns',
    'mail.question.heading': 'Wir brauchen noch etwas von Ihnen',
    'mail.question.intro': 'um Ihr Anliegen weiter bearbeiten zu können, brauchen wir noch eine Angabe oder eine Unterlage von Ihnen:',
    'mail.question.how': 'Bitte antworten Sie auf Ihrer Statusseite. Dort können Sie auch Unterlagen hochladen (PDF, JPEG oder PNG). Ihre Antwort erreicht die Sachbearbeitung direkt; bis dahin ruht die Bearbeitung.',
    'mail.question.link': 'Rückfrage beantworten und Unterlagen hochladen',
    'mail.refund.subject': 'Erstattung: {amount} zum Kassenzeichen {kassenzeichen}',
    'mail.refund.heading': 'Wir erstatten Ihnen Geld',
    'mail.refund.intro': 'wir erstatten Ihnen einen Betrag, den Sie an uns gezahlt haben. Das Geld geht auf dem Weg zurück, auf dem Sie bezahlt haben; bei Überweisung auf das Konto, von dem die Zahlung kam.',
    'mail.refund.amount': 'Betrag',
    'mail.refund.purpose': 'Wofür',
    'mail.refund.reason': 'Grund',
    'payment.kassenzeichenLabel': 'Kassenzeichen',
    'mail.refund.questions': 'Fragen zur Erstattung? Bitte nennen Sie das Kassenzeichen.',
    'mail.refund.contact': 'Kontakt zur Stadtverwaltung',
    'mail.resume.subject': 'Ihr gespeicherter Antrag: {service}',
    'mail.resume.heading': 'Ihr Antrag ist gespeichert',
    'mail.resume.intro': 'Sie haben Ihren Antrag „{service}“ gespeichert, um ihn später fertigzustellen. Mit diesem Link machen Sie dort weiter, wo Sie aufgehört haben:',
    'mail.resume.link': 'Antrag fortsetzen',
    'mail.resume.expires': 'Der Link ist bis einschließlich {date} gültig. Danach löschen wir den Entwurf mit allen hochgeladenen Dateien.',
    'mail.resume.notSent': 'Ihr Antrag ist noch nicht abgeschickt.',
    'mail.appt.when': 'Termin',
    'mail.appt.where': 'Ort',
    'mail.appt.what': 'Anliegen',
    'mail.appt.reference': 'Buchungsnummer',
    'mail.appt.confirm.subject': 'Bitte bestätigen Sie Ihren Termin {reference}',
    'mail.appt.confirm.heading': 'Bitte bestätigen Sie Ihre Terminbuchung',
    'mail.appt.confirm.intro': 'Sie haben einen Termin reserviert. Er gilt erst, wenn Sie ihn mit dem folgenden Link bestätigen:',
    'mail.appt.confirm.link': 'Termin jetzt bestätigen',
    'mail.appt.confirm.expires': 'Bitte bestätigen Sie bis {time} Uhr. Danach geben wir die Zeit wieder frei.',
    'mail.appt.confirm.notYou': 'Sie haben keinen Termin gebucht? Dann ignorieren Sie diese E-Mail; die Reservierung verfällt von selbst.',
    'mail.appt.confirmed.subject': 'Terminbestätigung {reference}: {when}',
    'mail.appt.rescheduled.subject': 'Ihr Termin {reference} wurde verlegt: {when}',
    'mail.appt.confirmed.heading': 'Ihr Termin ist bestätigt',
    'mail.appt.rescheduled.heading': 'Ihr Termin wurde verlegt',
    'mail.appt.confirmed.intro': 'Ihr Termin ist verbindlich gebucht. Im Anhang finden Sie ihn als Kalendereintrag (termin.ics).',
    'mail.appt.rescheduled.intro': 'Ihr Termin hat eine neue Zeit. Der Kalendereintrag im Anhang ersetzt den bisherigen.',
    'mail.appt.bring': 'Bitte bringen Sie mit:',
    'mail.appt.video': 'Ihr Termin findet per Video statt. Treten Sie zur Terminzeit über diesen Link bei (Browser genügt, keine Anmeldung):',
    'mail.appt.videoLink': 'Videotermin öffnen',
    'mail.appt.phone': 'Ihr Termin findet telefonisch statt: Wir rufen Sie zur Terminzeit unter der angegebenen Nummer an.',
    'mail.appt.manage': 'Sie können den Termin bis {until} absagen oder verschieben:',
    'mail.appt.manageLink': 'Termin ansehen, verschieben oder absagen',
    'mail.appt.personal': 'Der Termin ist personengebunden und darf nicht weitergegeben oder verkauft werden. Name und E-Mail-Adresse lassen sich nicht ändern; buchen Sie dafür bitte neu.',
    'mail.appt.keepLink': 'Der Link ist nur für Sie bestimmt: Wer ihn kennt, kann Ihren Termin absagen.',
    'mail.appt.reminder.subject': 'Erinnerung an Ihren Termin {reference}: {when}',
    'mail.appt.reminder.heading': 'Erinnerung an Ihren Termin',
    'mail.appt.reminder.intro': 'wir erinnern Sie an Ihren Termin:',
    'mail.appt.reminder.cancel': 'Sie können nicht kommen? Bitte sagen Sie den Termin ab, damit jemand anderes ihn bekommt:',
    'mail.appt.reminder.cancelLink': 'Termin absagen',
    'mail.appt.cancelled.subject': 'Ihr Termin {reference} ist abgesagt',
    'mail.appt.cancelled.heading': 'Ihr Termin ist abgesagt',
    'mail.appt.cancelled.intro': 'der folgende Termin findet nicht statt. Der Kalendereintrag im Anhang entfernt ihn aus Ihrem Kalender.',
    'mail.appt.cancelled.reason': 'Dazu schreibt Ihnen die Verwaltung:',
    'mail.appt.cancelled.rebook': 'Einen neuen Termin können Sie hier buchen:',
    'mail.appt.cancelled.link': 'Neuen Termin buchen',
    'mail.report.reference': 'Meldungsnummer',
    'mail.report.category': 'Art',
    'mail.report.place': 'Ort',
    'mail.report.state': 'Stand',
    'mail.report.received.subject': 'Ihre Meldung {reference} ist eingegangen',
    'mail.report.received.heading': 'Danke für Ihre Meldung',
    'mail.report.received.intro': 'Ihre Meldung ist bei uns eingegangen und an die zuständige Stelle weitergeleitet.',
    'mail.report.received.pending': 'Bevor Ihre Meldung öffentlich auf der Karte erscheint, sieht sie sich jemand aus der Verwaltung an. Persönliche Angaben werden nie veröffentlicht.',
    'mail.report.received.public': 'Ihre Meldung ist ab sofort ohne Ihren Namen und Ihre E-Mail-Adresse auf der Karte der gemeldeten Mängel zu sehen.',
    'mail.report.received.next': 'Sobald sich der Bearbeitungsstand ändert, bekommen Sie eine E-Mail. Den Stand sehen Sie auch hier:',
    'mail.report.link': 'Stand Ihrer Meldung ansehen',
    'mail.report.status.subject': 'Ihre Meldung {reference}: {state}',
    'mail.report.status.heading': 'Neuer Stand Ihrer Meldung: {state}',
    'mail.report.status.followSubject': 'Neuigkeiten zur Meldung {reference}: {state}',
    'mail.report.status.followHeading': 'Neuer Stand der Meldung: {state}',
    'mail.report.status.intro': 'zu Ihrer Meldung gibt es Neuigkeiten.',
    'mail.report.status.followIntro': 'zu einer Meldung, der Sie folgen, gibt es Neuigkeiten.',
    'mail.report.status.message': 'Dazu schreibt die Verwaltung:',
    'mail.report.status.reopen': 'Der Mangel ist noch nicht behoben? Dann teilen Sie uns das bis {until} auf Ihrer Seite mit („Nicht erledigt“). Dort können Sie uns auch sagen, wie zufrieden Sie sind.',
    'mail.report.status.publicLink': 'Meldung ansehen',
    'mail.report.status.unsubscribe': 'Sie möchten keine E-Mails mehr zu dieser Meldung? Hier abbestellen:',
    'mail.report.status.unsubscribeLink': 'Benachrichtigungen abbestellen',
    'mail.report.subscribe.subject': 'Bitte bestätigen: Neuigkeiten zur Meldung {reference}',
    'mail.report.subscribe.heading': 'Möchten Sie dieser Meldung folgen?',
    'mail.report.subscribe.intro': 'Sie (oder jemand mit Ihrer E-Mail-Adresse) möchten über den Stand dieser Meldung informiert werden. Bitte bestätigen Sie das mit dem folgenden Link:',
    'mail.report.subscribe.link': 'Ja, ich möchte informiert werden',
    'mail.report.subscribe.notYou': 'Sie haben das nicht angefordert? Dann ignorieren Sie diese E-Mail; Sie bekommen keine weiteren Nachrichten.',
    'mail.report.mine.subject': 'Ihre Meldungen im Mängelmelder',
    'mail.report.mine.heading': 'Ihre Meldungen',
    'mail.report.mine.intro': 'mit diesem Link sehen Sie alle Meldungen, die Sie mit dieser E-Mail-Adresse geschickt haben, und ihren Stand:',
    'mail.report.mine.link': 'Meine Meldungen ansehen',
    'mail.report.mine.expires': 'Der Link gilt bis {until} und ist nur für Sie bestimmt. Sie haben ihn nicht angefordert? Dann ignorieren Sie diese E-Mail.',
    'mail.report.order.subject': 'Auftrag zur Meldung {reference}: {category}',
    'mail.report.order.heading': 'Auftrag der Verwaltung',
    'mail.report.order.intro': 'wir bitten Sie, sich um den folgenden gemeldeten Mangel zu kümmern.',
    'mail.report.order.description': 'Beschreibung aus der Meldung:',
    'mail.report.order.instructions': 'Hinweise der Verwaltung:',
    'mail.report.order.respond': 'Bitte melden Sie uns über diesen Link zurück, wenn der Mangel behoben ist oder Sie ihn nicht beheben können (Fotos und Bemerkung möglich):',
    'mail.report.order.link': 'Rückmeldung geben',
    'mail.council.meeting': 'Sitzung',
    'mail.council.organization': 'Gremium',
    'mail.council.when': 'Beginn',
    'mail.council.where': 'Ort',
    'mail.council.agenda': 'Tagesordnung',
    'mail.council.publicPart': 'Öffentlicher Teil',
    'mail.council.nonPublicPart': 'Nicht öffentlicher Teil (vertraulich)',
    'mail.council.noItems': 'Keine Tagesordnungspunkte.',
    'mail.council.memberIntro': 'Alle Sitzungsunterlagen, auch die des nicht öffentlichen Teils, finden Sie nach der Anmeldung im Mandatsbereich:',
    'mail.council.memberLink': 'Sitzung im Mandatsbereich öffnen',
    'mail.council.publicIntro': 'Die öffentliche Seite der Sitzung:',
    'mail.council.publicLink': 'Öffentliche Sitzungsseite',
    'mail.council.confidential': 'Die Inhalte des nicht öffentlichen Teils sind vertraulich. Bitte geben Sie diese E-Mail nicht weiter.',
    'mail.council.invitation.subject': 'Einladung: {meeting} am {when}',
    'mail.council.invitation.heading': 'Einladung zur Sitzung',
    'mail.council.invitation.intro': 'hiermit laden wir Sie zur folgenden Sitzung ein. Sollten Sie verhindert sein, geben Sie bitte rechtzeitig im Mandatsbereich Nachricht.',
    'mail.council.update.subject': 'Nachtrag zur Tagesordnung: {meeting} am {when}',
    'mail.council.update.heading': 'Nachtrag zur Tagesordnung',
    'mail.council.update.intro': 'die Tagesordnung der folgenden Sitzung hat sich nach dem Versand der Einladung geändert. Es gilt die folgende Tagesordnung:',
    'mail.council.cancellation.subject': 'Abgesagt: {meeting} am {when}',
    'mail.council.cancellation.heading': 'Die Sitzung ist abgesagt',
    'mail.council.cancellation.intro': 'die folgende Sitzung, zu der wir Sie eingeladen hatten, findet nicht statt:',
  },
  {
    'mail.greeting': 'Hello,',
    'mail.closing': 'Kind regards',
    'mail.reference': 'Reference number',
    'mail.automatic': 'This e-mail was generated automatically. Replies to this e-mail do not reach us. To send us a message, please use the status page.',
    'mail.keepLink': 'Please keep this e-mail. The link is meant for you alone: anyone who has it can see the progress of your request. Please do not pass it on.',
    'mail.received.subject': 'Confirmation of receipt: your request {reference}',
    'mail.received.heading': 'We have received your request',
    'mail.received.intro': 'Thank you! We have received your request.',
    'mail.received.subjectLabel': 'Request',
    'mail.received.unitLabel': 'Handled by',
    'mail.received.nextHeading': 'What happens next?',
    'mail.received.next': 'The responsible office will process your request and contact you if anything is missing. Whenever the progress of your request changes, you will receive an e-mail.',
    'mail.received.statusIntro': 'You can check the current progress on your status page at any time:',
    'mail.received.link': 'View the progress of your request',
    'mail.received.quoteReference': 'Please quote your reference number if you contact us.',
    'mail.status.subject': 'Your request {reference} has a new status: {statusLabel}',
    'mail.status.heading': 'New status: {statusLabel}',
    'mail.status.intro': 'The status of your request has changed.',
    'mail.status.statusLabel': 'New status',
    'mail.status.messageIntro': 'Your case worker adds:',
    'mail.status.statusIntro': 'You can find all details on your status page:',
    'mail.status.link': 'View the progress of your request',
    'mail.message.subject': 'New message about your request {reference}',
    'mail.message.heading': 'You have a new message',
    'mail.message.intro': 'Your case worker has written to you about your request:',
    'mail.message.replyIntro': 'You can reply on your status page, where you can also send us documents:',
    'mail.message.link': 'Reply to the message',
    'mail.question.subject': 'Question about your request {reference}: please reply',
    'mail.question.heading': 'We need something more from you',
    'mail.question.intro': 'to continue with your request, we need further information or a document from you:',
    'mail.question.how': 'Please reply on your status page, where you can also upload documents (PDF, JPEG or PNG). Your reply goes straight to your case worker; until then, processing is paused.',
    'mail.question.link': 'Answer and upload documents',
    'mail.refund.subject': 'Refund: {amount} for payment reference {kassenzeichen}',
    'mail.refund.heading': 'We are refunding money to you',
    'mail.refund.intro': 'we are refunding an amount you paid to us. The money goes back the way you paid; for bank transfers, to the account the payment came from.',
    'mail.refund.amount': 'Amount',
    'mail.refund.purpose': 'For',
    'mail.refund.reason': 'Reason',
    'payment.kassenzeichenLabel': 'Payment reference (Kassenzeichen)',
    'mail.refund.questions': 'Questions about the refund? Please quote the payment reference.',
    'mail.refund.contact': 'Contact the town administration',
    'mail.resume.subject': 'Your saved application: {service}',
    'mail.resume.heading': 'Your application is saved',
    'mail.resume.intro': 'You saved your application "{service}" to finish it later. This link takes you back to where you left off:',
    'mail.resume.link': 'Continue your application',
    'mail.resume.expires': 'The link is valid until and including {date}. After that we delete the draft with all uploaded files.',
    'mail.resume.notSent': 'Your application has not been sent yet.',
    'mail.appt.when': 'Appointment',
    'mail.appt.where': 'Place',
    'mail.appt.what': 'Concern',
    'mail.appt.reference': 'Booking number',
    'mail.appt.confirm.subject': 'Please confirm your appointment {reference}',
    'mail.appt.confirm.heading': 'Please confirm your booking',
    'mail.appt.confirm.intro': 'You have reserved an appointment. It only counts once you confirm it with this link:',
    'mail.appt.confirm.link': 'Confirm the appointment now',
    'mail.appt.confirm.expires': 'Please confirm by {time}. After that we release the time again.',
    'mail.appt.confirm.notYou': 'You did not book an appointment? Then ignore this e-mail; the reservation lapses by itself.',
    'mail.appt.confirmed.subject': 'Appointment confirmed {reference}: {when}',
    'mail.appt.rescheduled.subject': 'Your appointment {reference} has moved: {when}',
    'mail.appt.confirmed.heading': 'Your appointment is confirmed',
    'mail.appt.rescheduled.heading': 'Your appointment has moved',
    'mail.appt.confirmed.intro': 'Your appointment is booked. The attachment adds it to your calendar (termin.ics).',
    'mail.appt.rescheduled.intro': 'Your appointment has a new time. The calendar entry attached replaces the old one.',
    'mail.appt.bring': 'Please bring:',
    'mail.appt.video': 'Your appointment takes place by video. Join at the time of the appointment with this link (a browser is enough, no sign-in):',
    'mail.appt.videoLink': 'Open the video appointment',
    'mail.appt.phone': 'Your appointment takes place by phone: we call you at the number you gave at the time of the appointment.',
    'mail.appt.manage': 'You can cancel or move the appointment until {until}:',
    'mail.appt.manageLink': 'View, move or cancel the appointment',
    'mail.appt.personal': 'The appointment is personal and must not be passed on or sold. Name and e-mail address cannot be changed; please book again instead.',
    'mail.appt.keepLink': 'This link is meant for you alone: anyone who has it can cancel your appointment.',
    'mail.appt.reminder.subject': 'Reminder of your appointment {reference}: {when}',
    'mail.appt.reminder.heading': 'Reminder of your appointment',
    'mail.appt.reminder.intro': 'this is a reminder of your appointment:',
    'mail.appt.reminder.cancel': 'You cannot come? Please cancel the appointment so that somebody else can have it:',
    'mail.appt.reminder.cancelLink': 'Cancel the appointment',
    'mail.appt.cancelled.subject': 'Your appointment {reference} is cancelled',
    'mail.appt.cancelled.heading': 'Your appointment is cancelled',
    'mail.appt.cancelled.intro': 'the following appointment will not take place. The calendar entry attached removes it from your calendar.',
    'mail.appt.cancelled.reason': 'The administration adds:',
    'mail.appt.cancelled.rebook': 'You can book a new appointment here:',
    'mail.appt.cancelled.link': 'Book a new appointment',
    'mail.report.reference': 'Report number',
    'mail.report.category': 'Type',
    'mail.report.place': 'Place',
    'mail.report.state': 'Status',
    'mail.report.received.subject': 'We have received your report {reference}',
    'mail.report.received.heading': 'Thank you for your report',
    'mail.report.received.intro': 'We have received your report and passed it to the office responsible.',
    'mail.report.received.pending': 'Before your report appears on the public map, somebody from the administration looks at it. Personal details are never published.',
    'mail.report.received.public': 'Your report is now shown on the map of reported problems, without your name or e-mail address.',
    'mail.report.received.next': 'Whenever its status changes, you will receive an e-mail. You can also see the status here:',
    'mail.report.link': 'View the status of your report',
    'mail.report.status.subject': 'Your report {reference}: {state}',
    'mail.report.status.heading': 'New status of your report: {state}',
    'mail.report.status.followSubject': 'News on report {reference}: {state}',
    'mail.report.status.followHeading': 'New status of the report: {state}',
    'mail.report.status.intro': 'there is news about your report.',
    'mail.report.status.followIntro': 'there is news about a report you follow.',
    'mail.report.status.message': 'The administration adds:',
    'mail.report.status.reopen': 'The problem is not fixed yet? Then tell us by {until} on your page ("Not fixed"). You can also tell us there how satisfied you are.',
    'mail.report.status.publicLink': 'View the report',
    'mail.report.status.unsubscribe': 'You no longer want e-mails about this report? Unsubscribe here:',
    'mail.report.status.unsubscribeLink': 'Unsubscribe',
    'mail.report.subscribe.subject': 'Please confirm: updates on report {reference}',
    'mail.report.subscribe.heading': 'Do you want to follow this report?',
    'mail.report.subscribe.intro': 'You (or somebody with your e-mail address) asked to be told about the progress of this report. Please confirm with this link:',
    'mail.report.subscribe.link': 'Yes, keep me informed',
    'mail.report.subscribe.notYou': 'You did not ask for this? Then ignore this e-mail; you will not receive further messages.',
    'mail.report.mine.subject': 'Your reports',
    'mail.report.mine.heading': 'Your reports',
    'mail.report.mine.intro': 'with this link you can see every report you sent with this e-mail address, and its status:',
    'mail.report.mine.link': 'View my reports',
    'mail.report.mine.expires': 'The link is valid until {until} and meant for you alone. You did not ask for it? Then ignore this e-mail.',
    'mail.report.order.subject': 'Order for report {reference}: {category}',
    'mail.report.order.heading': 'Order from the administration',
    'mail.report.order.intro': 'we ask you to take care of the following reported problem.',
    'mail.report.order.description': 'Description from the report:',
    'mail.report.order.instructions': 'Notes from the administration:',
    'mail.report.order.respond': 'Please tell us through this link when the problem is fixed or if you cannot fix it (photos and a remark are possible):',
    'mail.report.order.link': 'Respond',
    'mail.council.meeting': 'Meeting',
    'mail.council.organization': 'Committee',
    'mail.council.when': 'Start',
    'mail.council.where': 'Place',
    'mail.council.agenda': 'Agenda',
    'mail.council.publicPart': 'Public part',
    'mail.council.nonPublicPart': 'Non-public part (confidential)',
    'mail.council.noItems': 'No agenda items.',
    'mail.council.memberIntro': 'All meeting documents, including those of the non-public part, are in the members’ area after you sign in:',
    'mail.council.memberLink': 'Open the meeting in the members’ area',
    'mail.council.publicIntro': 'The public page of the meeting:',
    'mail.council.publicLink': 'Public meeting page',
    'mail.council.confidential': 'The non-public part is confidential. Please do not pass this e-mail on.',
    'mail.council.invitation.subject': 'Invitation: {meeting} on {when}',
    'mail.council.invitation.heading': 'Invitation to a meeting',
    'mail.council.invitation.intro': 'You are invited to the following meeting. If you cannot attend, please let us know in good time in the members’ area.',
    'mail.council.update.subject': 'Agenda update: {meeting} on {when}',
    'mail.council.update.heading': 'Agenda update',
    'mail.council.update.intro': 'The agenda of the following meeting changed after the invitation was sent. This is the agenda now:',
    'mail.council.cancellation.subject': 'Cancelled: {meeting} on {when}',
    'mail.council.cancellation.heading': 'The meeting is cancelled',
    'mail.council.cancellation.intro': 'The following meeting, to which you were invited, will not take place:',
  },
);

const catalog = buildCatalog([messages]);
const translators: Record<Locale, Translate> = {
  de: createTranslator(catalog, 'de'),
  en: createTranslator(catalog, 'en'),
};

/** The content of a mail, independent of its format. Every string in it is plain text. */
type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'facts'; items: readonly (readonly [label: string, value: string])[] }
  | { kind: 'quote'; text: string }
  | { kind: 'link'; label: string; url: string };

interface MailContent {
  subject: string;
  title: string;
  blocks: Block[];
}

type Composer<T extends MailTemplate> = (t: Translate, params: MailTemplateParams[T]) => MailContent;

function frame(t: Translate, tenantName: string, subject: string, title: string, body: Block[]): MailContent {
  return {
    subject: `${subject} – ${tenantName}`,
    title,
    blocks: [
      { kind: 'paragraph', text: t('mail.greeting') },
      ...body,
      { kind: 'paragraph', text: `${t('mail.closing')}\n${tenantName}` },
      { kind: 'paragraph', text: t('mail.automatic') },
    ],
  };
}

const composers: { [T in MailTemplate]: Composer<T> } = {
  'case.received': (t, p) =>
    frame(t, p.tenantName, t('mail.received.subject', { reference: p.reference }), t('mail.received.heading'), [
      { kind: 'paragraph', text: t('mail.received.intro') },
      {
        kind: 'facts',
        items: [
          [t('mail.received.subjectLabel'), p.subject],
          [t('mail.reference'), p.reference],
          [t('mail.received.unitLabel'), p.unitName],
        ],
      },
      { kind: 'heading', text: t('mail.received.nextHeading') },
      { kind: 'paragraph', text: t('mail.received.next') },
      { kind: 'paragraph', text: t('mail.received.statusIntro') },
      { kind: 'link', label: t('mail.received.link'), url: p.statusUrl },
      { kind: 'paragraph', text: t('mail.keepLink') },
      { kind: 'paragraph', text: t('mail.received.quoteReference') },
    ]),

  'case.status': (t, p) => {
    const message = p.message?.trim();
    return frame(t, p.tenantName, t('mail.status.subject', { reference: p.reference, statusLabel: p.statusLabel }), t('mail.status.heading', { statusLabel: p.statusLabel }), [
      { kind: 'paragraph', text: t('mail.status.intro') },
      {
        kind: 'facts',
        items: [
          [t('mail.reference'), p.reference],
          [t('mail.status.statusLabel'), p.statusLabel],
        ],
      },
      ...(message
        ? ([
            { kind: 'paragraph', text: t('mail.status.messageIntro') },
            { kind: 'quote', text: message },
          ] as const)
        : []),
      { kind: 'paragraph', text: t('mail.status.statusIntro') },
      { kind: 'link', label: t('mail.status.link'), url: p.statusUrl },
      { kind: 'paragraph', text: t('mail.keepLink') },
    ]);
  },

  'case.message': (t, p) =>
    frame(t, p.tenantName, t('mail.message.subject', { reference: p.reference }), t('mail.message.heading'), [
      { kind: 'paragraph', text: t('mail.message.intro') },
      { kind: 'facts', items: [[t('mail.reference'), p.reference]] },
      { kind: 'quote', text: p.message.trim() },
      { kind: 'paragraph', text: t('mail.message.replyIntro') },
      { kind: 'link', label: t('mail.message.link'), url: p.statusUrl },
      { kind: 'paragraph', text: t('mail.keepLink') },
    ]),

  'case.question': (t, p) =>
    frame(t, p.tenantName, t('mail.question.subject', { reference: p.reference }), t('mail.question.heading'), [
      { kind: 'paragraph', text: t('mail.question.intro') },
      { kind: 'facts', items: [[t('mail.reference'), p.reference]] },
      { kind: 'quote', text: p.message.trim() },
      { kind: 'paragraph', text: t('mail.question.how') },
      { kind: 'link', label: t('mail.question.link'), url: p.statusUrl },
      { kind: 'paragraph', text: t('mail.keepLink') },
    ]),

  'payment.refunded': (t, p) =>
    frame(t, p.tenantName, t('mail.refund.subject', { amount: p.amount, kassenzeichen: p.kassenzeichen }), t('mail.refund.heading'), [
      { kind: 'paragraph', text: t('mail.refund.intro') },
      {
        kind: 'facts',
        items: [
          [t('mail.refund.amount'), p.amount],
          [t('payment.kassenzeichenLabel'), p.kassenzeichen],
          [t('mail.refund.purpose'), p.purpose],
          [t('mail.refund.reason'), p.reason],
        ],
      },
      { kind: 'paragraph', text: t('mail.refund.questions') },
      { kind: 'link', label: t('mail.refund.contact'), url: p.contactUrl },
    ]),

  'draft.resume': (t, p) =>
    frame(t, p.tenantName, t('mail.resume.subject', { service: p.serviceTitle }), t('mail.resume.heading'), [
      { kind: 'paragraph', text: t('mail.resume.intro', { service: p.serviceTitle }) },
      { kind: 'link', label: t('mail.resume.link'), url: p.resumeUrl },
      { kind: 'paragraph', text: t('mail.resume.expires', { date: p.expiresOn }) },
      { kind: 'paragraph', text: t('mail.resume.notSent') },
      { kind: 'paragraph', text: t('mail.keepLink') },
    ]),

  'appointment.confirm': (t, p) =>
    frame(t, p.tenantName, t('mail.appt.confirm.subject', { reference: p.reference }), t('mail.appt.confirm.heading'), [
      { kind: 'paragraph', text: t('mail.appt.confirm.intro') },
      { kind: 'link', label: t('mail.appt.confirm.link'), url: p.confirmUrl },
      { kind: 'facts', items: [[t('mail.appt.when'), p.when], [t('mail.appt.where'), p.locationName], [t('mail.appt.what'), p.services], [t('mail.appt.reference'), p.reference]] },
      { kind: 'paragraph', text: t('mail.appt.confirm.expires', { time: p.expiresAt }) },
      { kind: 'paragraph', text: t('mail.appt.confirm.notYou') },
    ]),

  'appointment.confirmed': (t, p) =>
    frame(t, p.tenantName, t(p.rescheduled ? 'mail.appt.rescheduled.subject' : 'mail.appt.confirmed.subject', { reference: p.reference, when: p.when }), t(p.rescheduled ? 'mail.appt.rescheduled.heading' : 'mail.appt.confirmed.heading'), [
      { kind: 'paragraph', text: t(p.rescheduled ? 'mail.appt.rescheduled.intro' : 'mail.appt.confirmed.intro') },
      ...appointmentFacts(t, p),
      ...(p.bring.length ? [{ kind: 'paragraph' as const, text: `${t('mail.appt.bring')}\n${p.bring.map((b) => `– ${b}`).join('\n')}` }] : []),
      { kind: 'paragraph', text: t('mail.appt.manage', { until: p.cancelUntil }) },
      { kind: 'link', label: t('mail.appt.manageLink'), url: p.manageUrl },
      { kind: 'paragraph', text: t('mail.appt.personal') },
      { kind: 'paragraph', text: t('mail.appt.keepLink') },
    ]),

  'appointment.reminder': (t, p) =>
    frame(t, p.tenantName, t('mail.appt.reminder.subject', { reference: p.reference, when: p.when }), t('mail.appt.reminder.heading'), [
      { kind: 'paragraph', text: t('mail.appt.reminder.intro') },
      ...appointmentFacts(t, p),
      { kind: 'paragraph', text: t('mail.appt.reminder.cancel') },
      { kind: 'link', label: t('mail.appt.reminder.cancelLink'), url: p.manageUrl },
    ]),

  'appointment.cancelled': (t, p) =>
    frame(t, p.tenantName, t('mail.appt.cancelled.subject', { reference: p.reference }), t('mail.appt.cancelled.heading'), [
      { kind: 'paragraph', text: t('mail.appt.cancelled.intro') },
      { kind: 'facts', items: [[t('mail.appt.when'), p.when], [t('mail.appt.where'), p.locationName], [t('mail.appt.what'), p.services], [t('mail.appt.reference'), p.reference]] },
      ...(p.reason ? [{ kind: 'paragraph' as const, text: t('mail.appt.cancelled.reason') }, { kind: 'quote' as const, text: p.reason }] : []),
      { kind: 'paragraph', text: t('mail.appt.cancelled.rebook') },
      { kind: 'link', label: t('mail.appt.cancelled.link'), url: p.bookUrl },
    ]),

  'report.received': (t, p) =>
    frame(t, p.tenantName, t('mail.report.received.subject', { reference: p.reference }), t('mail.report.received.heading'), [
      { kind: 'paragraph', text: t('mail.report.received.intro') },
      reportFacts(t, p),
      { kind: 'paragraph', text: t(p.pendingReview ? 'mail.report.received.pending' : 'mail.report.received.public') },
      { kind: 'paragraph', text: t('mail.report.received.next') },
      { kind: 'link', label: t('mail.report.link'), url: p.statusUrl },
      { kind: 'paragraph', text: t('mail.keepLink') },
    ]),

  'report.status': (t, p) => {
    const follower = Boolean(p.unsubscribeUrl);
    const message = p.message?.trim();
    return frame(t, p.tenantName, t(follower ? 'mail.report.status.followSubject' : 'mail.report.status.subject', { reference: p.reference, state: p.stateLabel }), t(follower ? 'mail.report.status.followHeading' : 'mail.report.status.heading', { state: p.stateLabel }), [
      { kind: 'paragraph', text: t(follower ? 'mail.report.status.followIntro' : 'mail.report.status.intro') },
      reportFacts(t, p),
      { kind: 'facts', items: [[t('mail.report.state'), p.stateLabel]] },
      ...(message ? [{ kind: 'paragraph' as const, text: t('mail.report.status.message') }, { kind: 'quote' as const, text: message }] : []),
      ...(p.reopenUntil && !follower ? [{ kind: 'paragraph' as const, text: t('mail.report.status.reopen', { until: p.reopenUntil }) }] : []),
      { kind: 'link', label: t(follower ? 'mail.report.status.publicLink' : 'mail.report.link'), url: p.statusUrl },
      ...(p.unsubscribeUrl
        ? [{ kind: 'paragraph' as const, text: t('mail.report.status.unsubscribe') }, { kind: 'link' as const, label: t('mail.report.status.unsubscribeLink'), url: p.unsubscribeUrl }]
        : [{ kind: 'paragraph' as const, text: t('mail.keepLink') }]),
    ]);
  },

  'report.subscribe': (t, p) =>
    frame(t, p.tenantName, t('mail.report.subscribe.subject', { reference: p.reference }), t('mail.report.subscribe.heading'), [
      { kind: 'paragraph', text: t('mail.report.subscribe.intro') },
      reportFacts(t, p),
      { kind: 'link', label: t('mail.report.subscribe.link'), url: p.confirmUrl },
      { kind: 'paragraph', text: t('mail.report.subscribe.notYou') },
    ]),

  'report.mine': (t, p) =>
    frame(t, p.tenantName, t('mail.report.mine.subject'), t('mail.report.mine.heading'), [
      { kind: 'paragraph', text: t('mail.report.mine.intro') },
      { kind: 'link', label: t('mail.report.mine.link'), url: p.listUrl },
      { kind: 'paragraph', text: t('mail.report.mine.expires', { until: p.expiresAt }) },
    ]),

  'report.order': (t, p) =>
    frame(t, p.tenantName, t('mail.report.order.subject', { reference: p.reference, category: p.category }), t('mail.report.order.heading'), [
      { kind: 'paragraph', text: t('mail.report.order.intro') },
      reportFacts(t, p),
      { kind: 'paragraph', text: t('mail.report.order.description') },
      { kind: 'quote', text: p.description },
      ...(p.instructions.trim() ? [{ kind: 'paragraph' as const, text: t('mail.report.order.instructions') }, { kind: 'quote' as const, text: p.instructions.trim() }] : []),
      { kind: 'paragraph', text: t('mail.report.order.respond') },
      { kind: 'link', label: t('mail.report.order.link'), url: p.respondUrl },
    ]),

  'council.invitation': (t, p) => councilMeetingMail(t, p, 'invitation'),

  'council.update': (t, p) => councilMeetingMail(t, p, 'update'),

  'council.cancellation': (t, p) =>
    frame(t, p.tenantName, t('mail.council.cancellation.subject', { meeting: p.meetingName, when: p.when }), t('mail.council.cancellation.heading'), [
      { kind: 'paragraph', text: t('mail.council.cancellation.intro') },
      councilFacts(t, p),
      { kind: 'paragraph', text: t('mail.council.publicIntro') },
      { kind: 'link', label: t('mail.council.publicLink'), url: p.meetingUrl },
    ]),
};

function councilFacts(t: Translate, p: { meetingName: string; organizationName: string; when: string; location: string }): Block {
  return { kind: 'facts', items: [[t('mail.council.meeting'), p.meetingName], [t('mail.council.organization'), p.organizationName], [t('mail.council.when'), p.when], [t('mail.council.where'), p.location]] };
}

function councilAgenda(t: Translate, p: CouncilMeetingMailParams): Block[] {
  return [
    { kind: 'heading', text: t('mail.council.agenda') },
    { kind: 'paragraph', text: `${t('mail.council.publicPart')}:\n${p.publicAgenda.length ? p.publicAgenda.join('\n') : t('mail.council.noItems')}` },
    ...(p.nonPublicAgenda.length ? [{ kind: 'paragraph' as const, text: `${t('mail.council.nonPublicPart')}:\n${p.nonPublicAgenda.join('\n')}` }] : []),
  ];
}

function councilMeetingMail(t: Translate, p: CouncilMeetingMailParams, kind: 'invitation' | 'update'): MailContent {
  return frame(t, p.tenantName, t(`mail.council.${kind}.subject`, { meeting: p.meetingName, when: p.when }), t(`mail.council.${kind}.heading`), [
    { kind: 'paragraph', text: t(`mail.council.${kind}.intro`) },
    councilFacts(t, p),
    ...councilAgenda(t, p),
    { kind: 'paragraph', text: t('mail.council.memberIntro') },
    { kind: 'link', label: t('mail.council.memberLink'), url: p.memberUrl },
    { kind: 'paragraph', text: t('mail.council.publicIntro') },
    { kind: 'link', label: t('mail.council.publicLink'), url: p.meetingUrl },
    ...(p.nonPublicAgenda.length ? [{ kind: 'paragraph' as const, text: t('mail.council.confidential') }] : []),
  ]);
}

function reportFacts(t: Translate, p: { reference: string; category: string; place: string }): Block {
  return { kind: 'facts', items: [[t('mail.report.reference'), p.reference], [t('mail.report.category'), p.category], [t('mail.report.place'), p.place]] };
}

function appointmentFacts(t: Translate, p: AppointmentMailParams): Block[] {
  return [
    { kind: 'facts', items: [[t('mail.appt.when'), p.when], [t('mail.appt.where'), p.address ? `${p.locationName}, ${p.address}` : p.locationName], [t('mail.appt.what'), p.services], [t('mail.appt.reference'), p.reference]] },
    ...(p.videoUrl ? [{ kind: 'paragraph' as const, text: t('mail.appt.video') }, { kind: 'link' as const, label: t('mail.appt.videoLink'), url: p.videoUrl }] : []),
    ...(p.phoneCall ? [{ kind: 'paragraph' as const, text: t('mail.appt.phone') }] : []),
  ];
}

/** Header lines must not break: a newline in a value would otherwise end the subject. */
function singleLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

function textBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `${block.text}\n${'-'.repeat(block.text.length)}`;
    case 'paragraph':
      return block.text;
    case 'facts':
      return block.items.map(([label, value]) => `${label}: ${singleLine(value)}`).join('\n');
    case 'quote':
      return block.text
        .split('\n')
        .map((line) => `> ${line}`.trimEnd())
        .join('\n');
    case 'link':
      return block.url;
  }
}

function renderText(content: MailContent): string {
  const title = singleLine(content.title);
  return [`${title}\n${'='.repeat(title.length)}`, ...content.blocks.map(textBlock)].join('\n\n') + '\n';
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/** Escaped text with its line breaks kept; blank lines start a new paragraph. */
function htmlParagraphs(text: string, style = ''): string {
  return text
    .split(/\n\s*\n/)
    .map((part) => `<p${style}>${escapeHtml(part.trim()).replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
}

const P_STYLE = ' style="margin:0 0 1em"';

function htmlBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<h2 style="font-size:1.15em;margin:1.5em 0 0.5em">${escapeHtml(block.text)}</h2>`;
    case 'paragraph':
      return htmlParagraphs(block.text, P_STYLE);
    case 'facts':
      return `<ul style="margin:0 0 1em;padding-left:1.25em">\n${block.items
        .map(([label, value]) => `<li>${escapeHtml(label)}: <strong>${escapeHtml(singleLine(value))}</strong></li>`)
        .join('\n')}\n</ul>`;
    case 'quote':
      return `<blockquote style="margin:0 0 1em;padding:0.5em 1em;border-left:4px solid #6b6b6b;background:#f3f3f3">\n${htmlParagraphs(block.text, ' style="margin:0.5em 0"')}\n</blockquote>`;
    case 'link':
      return `<p${P_STYLE}><a href="${escapeHtml(block.url)}" style="color:#0b4fa8;font-weight:bold">${escapeHtml(block.label)}</a></p>`;
  }
}

function renderHtml(content: MailContent, locale: Locale): string {
  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(singleLine(content.subject))}</title>
</head>
<body style="margin:0;padding:0;background:#ffffff">
<main style="max-width:40em;margin:0 auto;padding:1.5em 1em;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b">
<h1 style="font-size:1.4em;margin:0 0 1em">${escapeHtml(content.title)}</h1>
${content.blocks.map(htmlBlock).join('\n')}
</main>
</body>
</html>
`;
}

/** The one link every mail carries (status page, resume link, or contact page). */
export function mailLink(params: MailTemplateParams[MailTemplate]): string {
  if ('statusUrl' in params) return params.statusUrl;
  if ('resumeUrl' in params) return params.resumeUrl;
  if ('confirmUrl' in params) return params.confirmUrl;
  if ('manageUrl' in params) return params.manageUrl;
  if ('bookUrl' in params) return params.bookUrl;
  if ('listUrl' in params) return params.listUrl;
  if ('respondUrl' in params) return params.respondUrl;
  if ('meetingUrl' in params) return params.meetingUrl;
  return params.contactUrl;
}

export function renderMail<T extends MailTemplate>(template: T, locale: Locale, params: MailTemplateParams[T]): RenderedMail {
  // Escaping keeps the link inside its attribute, but only the scheme check stops a `javascript:` link.
  const url = mailLink(params);
  if (!/^https?:\/\//i.test(url)) throw new Error(`mail: link must be an http(s) URL`);
  const compose = composers[template] as Composer<T>;
  const content = compose(translators[locale], params);
  for (const block of content.blocks) {
    if (block.kind === 'link' && !/^https?:\/\//i.test(block.url)) throw new Error(`mail: link must be an http(s) URL`);
  }
  return { subject: singleLine(content.subject), text: renderText(content), html: renderHtml(content, locale) };
}
