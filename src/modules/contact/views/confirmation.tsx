import type { Translate } from '../../../core/i18n/i18n.ts';
import { Panel } from '../../../core/ui/components.tsx';

export function Confirmation({ t, title, reference, withEmail, dueDays }: { t: Translate; title: string; reference: string; withEmail: boolean; dueDays: number }): JSX.Element {
  return (
    <>
      <Panel title={title} reference={reference} referenceLabel={t('contact.confirmation.reference')} />
      <h2 class="kern-heading-medium" safe>
        {t('contact.confirmation.next')}
      </h2>
      <p class="kern-body" safe>
        {withEmail ? t('contact.confirmation.mail') : t('contact.confirmation.noMail')}
      </p>
      <p class="kern-body" safe>
        {t('contact.confirmation.time', { days: dueDays })}
      </p>
      <p class="kern-body">
        <a class="kern-link" href="/" safe>
          {t('contact.confirmation.home')}
        </a>
      </p>
    </>
  );
}
