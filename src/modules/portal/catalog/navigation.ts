/** Where the Leistungskatalog appears in the menus and on the start page. */
import type { NavEntry, StartTile } from '../../../core/module.ts';

export const catalogNavigation: { public: NavEntry[]; staff: NavEntry[] } = {
  public: [{ labelKey: 'catalog.nav', href: '/leistungen', order: 10 }],
  staff: [{ labelKey: 'catalog.nav.staff', href: '/verwaltung/leistungen', permission: 'catalog.edit', order: 50 }],
};

export const catalogStartTile: StartTile = { titleKey: 'catalog.tile.title', textKey: 'catalog.tile.text', href: '/leistungen', order: 10 };
