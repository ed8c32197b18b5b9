import { useSearch } from '@tanstack/react-router';
import { useEffect } from 'react';
import { SharedLinksSection } from '../sharing/shared-links-section.tsx';
import { useDocumentTitle } from '../shell/use-document-title.ts';
import { AccountSection } from './account-section.tsx';
import { ApiKeysSection } from './api-keys-section.tsx';
import { AppearanceSection } from './appearance-section.tsx';
import { ModelsSection } from './models-section.tsx';
import { StorageSection } from './storage-section.tsx';
import { UsageSection } from './usage-section.tsx';

/** `/settings`: the account, API keys, models, usage, shared links, appearance and storage. */
export function SettingsPage() {
  useDocumentTitle('Settings');
  // `/settings?section=keys` (from "Add an API key", say) opens at that section.
  const { section } = useSearch({ from: '/signed-in/settings' });
  useEffect(() => {
    if (section) document.getElementById(`settings-${section}`)?.scrollIntoView({ block: 'start' });
  }, [section]);

  return (
    <div className="settings">
      <h1>Settings</h1>
      <AccountSection />
      <ApiKeysSection />
      <ModelsSection />
      <UsageSection />
      <SharedLinksSection />
      <AppearanceSection />
      <StorageSection />
    </div>
  );
}
