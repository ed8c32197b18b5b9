import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';

/**
 * `text` with its first "Settings" as a link to `/settings`: the server's messages about keys
 * (missing, refused, out of credits) name it as the place to fix them.
 */
export function withSettingsLink(text: string): ReactNode {
  const at = text.indexOf('Settings');
  if (at === -1) return text;
  return (
    <>
      {text.slice(0, at)}
      <Link to="/settings" search={{ section: 'keys' }}>
        Settings
      </Link>
      {text.slice(at + 'Settings'.length)}
    </>
  );
}
