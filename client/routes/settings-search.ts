/**
 * The parts of the settings page an address can open at, named as their headings' ids end
 * (`/settings?section=keys` opens at `#settings-keys`).
 */
export const settingsSections = [
  'account',
  'keys',
  'models',
  'usage',
  'shared-links',
  'appearance',
  'storage',
] as const;
export type SettingsSection = (typeof settingsSections)[number];

export type SettingsSearch = { section?: SettingsSection | undefined };

/** Keeps a known `section` and drops anything else: a mistyped address still opens Settings. */
export function parseSettingsSearch(search: Record<string, unknown>): SettingsSearch {
  const section = settingsSections.find((known) => known === search.section);
  return section ? { section } : {};
}
