/**
 * Texts of the ALTCHA widget. The widget's own translations are not loaded:
 * these go through our catalog like every other user-facing string and reach
 * the widget as JSON (see widget.tsx and altcha-setup.js).
 */
import { defineMessages } from '../i18n/i18n.ts';

export const antibotMessages = defineMessages(
  {
    'antibot.label': 'Ich bin kein Roboter',
    'antibot.verifying': 'Wird überprüft …',
    'antibot.verified': 'Überprüft',
    'antibot.waitAlert': 'Die Überprüfung läuft noch. Bitte warten Sie einen Moment.',
    'antibot.error': 'Die Überprüfung ist fehlgeschlagen. Bitte versuchen Sie es noch einmal.',
    'antibot.expired': 'Die Überprüfung ist abgelaufen. Bitte bestätigen Sie noch einmal.',
    'antibot.verificationRequired': 'Bitte bestätigen Sie, dass Sie kein Roboter sind.',
  },
  {
    'antibot.label': "I'm not a robot",
    'antibot.verifying': 'Verifying …',
    'antibot.verified': 'Verified',
    'antibot.waitAlert': 'Verification is still running. Please wait a moment.',
    'antibot.error': 'Verification failed. Please try again.',
    'antibot.expired': 'Verification has expired. Please confirm again.',
    'antibot.verificationRequired': 'Please confirm that you are not a robot.',
  },
);
