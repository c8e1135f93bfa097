/** Tables of the contact module (see migrations/0002_contact.ts). */
import type { Generated } from 'kysely';

/** A topic of the Kontaktformular and the unit it routes to. */
export interface ContactTopicsTable {
  tenant_id: string;
  id: Generated<string>;
  slug: string;
  label_de: string;
  label_en: string;
  unit_id: string;
  position: Generated<number>;
  active: Generated<boolean>;
}
