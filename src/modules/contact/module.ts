/**
 * Kontaktformular and "Barriere melden": the channels every town must keep
 * open. Each submission becomes a Vorgang in the unit its topic routes to.
 */
import type { RathausModule } from '../../core/module.ts';
import type { DataRow } from '../../core/cases/case-types.ts';
import { contactMessages } from './messages.ts';
import { contactRoutes } from './contact.routes.tsx';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export const contactModule: RathausModule = {
  name: 'contact',
  messages: [contactMessages],
  caseTypes: [
    {
      type: 'contact',
      prefix: 'KF',
      labelKey: 'contact.caseType',
      retentionSetting: 'cases.contactRetentionDays',
      dueSetting: 'cases.contactDueDays',
      describe: (data, t): DataRow[] => [
        { label: t('contact.data.topic'), value: text(data.topicLabel) },
        { label: t('contact.data.message'), value: text(data.message) },
      ],
    },
    {
      type: 'barrier',
      prefix: 'BM',
      labelKey: 'contact.barrierCaseType',
      retentionSetting: 'cases.contactRetentionDays',
      dueSetting: 'cases.contactDueDays',
      describe: (data, t): DataRow[] => [
        { label: t('contact.data.page'), value: text(data.page) },
        { label: t('contact.data.description'), value: text(data.description) },
      ],
    },
  ],
  navigation: { public: [{ labelKey: 'nav.contact', href: '/kontakt', order: 90 }] },
  startTiles: [{ titleKey: 'contact.tile.title', textKey: 'contact.tile.text', href: '/kontakt', order: 90 }],
  publicRoutes: contactRoutes,
};
