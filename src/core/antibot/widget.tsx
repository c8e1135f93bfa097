/**
 * The ALTCHA widget in server-rendered forms. The challenge is inlined in the
 * markup, so the browser fetches nothing but our static files; the widget's
 * texts come from our catalog (messages.ts). Without JavaScript the element
 * stays empty and the <noscript> hint tells the citizen what happens instead.
 *
 * Strict CSP: the widget is ALTCHA's "external" build (no injected <style>, no
 * blob: workers) plus its stylesheet, and the proof-of-work worker is a
 * static file registered by altcha-setup.js (see assets/altcha/README.md).
 */
import type { Locale, Translate } from '../i18n/i18n.ts';
import type { AltchaChallenge } from './altcha.ts';

declare global {
  namespace JSX {
    interface IntrinsicElements {
      'altcha-widget': HtmlTag & {
        auto?: 'off' | 'onfocus' | 'onload' | 'onsubmit';
        challenge: string;
        configuration?: string;
        language?: string;
        name?: string;
        'data-strings'?: string;
      };
    }
  }
}

export const ALTCHA_ASSETS = '/assets/ui/altcha';

/**
 * JSON for an attribute value. @kitajs/html escapes only `"` in attributes, so
 * `&` would be read back as the start of a character reference; with `&`, `<`
 * and `>` written as JSON \u escapes the browser hands back exactly this JSON.
 */
export function jsonAttribute(value: unknown): string {
  return JSON.stringify(value).replace(/[&<>]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface AltchaWidgetProps {
  t: Translate;
  locale: Locale;
  /** From `Antibot.challenge()`, fresh for every rendering of the form. */
  challenge: AltchaChallenge;
  /** What happens without JavaScript, e.g. "Ohne JavaScript können Sie trotzdem buchen; …". */
  noscriptHint: string;
  /** The form field carrying the payload. */
  name?: string;
  /**
   * When the browser starts working: 'onfocus' (default) as soon as any field
   * of the form gets focus, so the work is usually done before the citizen
   * submits; 'onsubmit' holds the submit until the work is done; 'off' waits
   * for the checkbox.
   */
  auto?: 'onfocus' | 'onsubmit' | 'off';
}

/** Put inside the <form>; the widget adds a hidden input named `name` to it. */
export function AltchaWidget(props: AltchaWidgetProps): JSX.Element {
  const { t } = props;
  const strings = {
    label: t('antibot.label'),
    verifying: t('antibot.verifying'),
    verified: t('antibot.verified'),
    waitAlert: t('antibot.waitAlert'),
    error: t('antibot.error'),
    expired: t('antibot.expired'),
    verificationRequired: t('antibot.verificationRequired'),
  };
  // No logo or footer: both link to altcha.org in a new window. No interaction
  // signature: it would record pointer and key events for a service we do not use.
  const configuration = { hideLogo: true, hideFooter: true, humanInteractionSignature: false };
  return (
    <div class="rathaus-antibot">
      <altcha-widget
        challenge={jsonAttribute(props.challenge)}
        name={props.name ?? 'altcha'}
        language={props.locale}
        auto={props.auto ?? 'onfocus'}
        configuration={jsonAttribute(configuration)}
        data-strings={jsonAttribute(strings)}
      ></altcha-widget>
      <noscript>
        <p class="kern-hint" safe>
          {props.noscriptHint}
        </p>
      </noscript>
    </div>
  );
}

/** The stylesheet and the module script the widget needs, once per page (in <head> or before the widget). */
export function altchaScripts(): JSX.Element {
  return (
    <>
      <link rel="stylesheet" href={`${ALTCHA_ASSETS}/altcha.css`} />
      <script type="module" src={`${ALTCHA_ASSETS}/altcha-setup.js`}></script>
    </>
  );
}
