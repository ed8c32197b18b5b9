import { useCurrentUser } from '../auth/use-current-user.ts';
import { useDocumentTitle } from '../shell/use-document-title.ts';
import { useSignOut } from '../sync/use-sign-out.ts';
import { ApiKeysSection } from './api-keys-section.tsx';
import { AppearanceSection } from './appearance-section.tsx';
import { ModelsSection } from './models-section.tsx';
import { StorageSection } from './storage-section.tsx';
import { UsageSection } from './usage-section.tsx';

/** `/settings`: the account, API keys, models, usage, appearance and storage. */
export function SettingsPage() {
  const user = useCurrentUser();
  const signOut = useSignOut();
  useDocumentTitle('Settings');

  return (
    <div className="settings">
      <h1>Settings</h1>
      <section className="settings-section" aria-labelledby="settings-account">
        <h2 id="settings-account">Account</h2>
        <dl className="settings-facts">
          <dt>Name</dt>
          <dd>{user.name}</dd>
          <dt>Email</dt>
          <dd>{user.email}</dd>
        </dl>
        <button type="button" className="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </section>
      <ApiKeysSection />
      <ModelsSection />
      <UsageSection />
      <AppearanceSection />
      <StorageSection />
    </div>
  );
}
