import { useEffect, useState } from 'react';
import { useCurrentUser } from '../auth/use-current-user.ts';
import { useSignOut } from '../sync/use-sign-out.ts';
import { type AccountInfo, fetchAccountInfo } from './account-api.ts';
import { ChangePasswordForm } from './change-password-form.tsx';
import { DeleteAccount } from './delete-account.tsx';
import { ExportData } from './export-data.tsx';
import { SignOutElsewhere } from './sign-out-elsewhere.tsx';

/**
 * Settings › Account: who is signed in; signing out here or everywhere else; the password;
 * exporting everything; deleting the account.
 */
export function AccountSection() {
  const user = useCurrentUser();
  const signOut = useSignOut();
  const [info, setInfo] = useState<AccountInfo | null>(null);
  useEffect(() => {
    let current = true;
    fetchAccountInfo()
      .then((fetched) => {
        if (current) setInfo(fetched);
      })
      // Offline: the forms that need the server wait for it; nothing to say until then.
      .catch(() => {});
    return () => {
      current = false;
    };
  }, []);

  return (
    <section className="settings-section" aria-labelledby="settings-account">
      <h2 id="settings-account">Account</h2>
      <dl className="settings-facts">
        <dt>Name</dt>
        <dd>{user.name}</dd>
        <dt>Email</dt>
        <dd>{user.email}</dd>
      </dl>
      <div className="account-actions">
        <button type="button" className="button" onClick={() => void signOut()}>
          Sign out
        </button>
        <SignOutElsewhere />
      </div>
      {info?.hasPassword && <ChangePasswordForm />}
      <h3>Your data</h3>
      <div className="account-actions">
        <ExportData />
        <DeleteAccount email={user.email} hasPassword={info?.hasPassword ?? true} />
      </div>
    </section>
  );
}
