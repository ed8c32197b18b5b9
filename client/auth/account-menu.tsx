import { Link } from '@tanstack/react-router';
import { useEffect, useId, useRef, useState } from 'react';
import { useSignOut } from '../sync/use-sign-out.ts';
import { useCurrentUser } from './use-current-user.ts';

/**
 * The `Account` button (named "Account: " and the name it shows) and its popover: who is signed
 * in, Settings, Sign out. A disclosure, not an ARIA menu: its contents are an ordinary link and
 * button.
 */
export function AccountMenu({ onNavigate }: { onNavigate: () => void }) {
  const user = useCurrentUser();
  const signOut = useSignOut();
  const [open, setOpen] = useState(false);
  const container = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (event.target instanceof Node && !container.current?.contains(event.target)) {
        setOpen(false);
      }
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      toggle.current?.focus();
    };
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [open]);

  return (
    <div className="account" ref={container}>
      <div id={panelId} className="account-panel" hidden={!open}>
        <p className="account-name">{user.name}</p>
        <p className="account-email">{user.email}</p>
        <Link
          to="/settings"
          className="account-item"
          onClick={() => {
            setOpen(false);
            onNavigate();
          }}
        >
          Settings
        </Link>
        <button type="button" className="account-item" onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
      <button
        ref={toggle}
        type="button"
        className="account-toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        <span className="avatar" aria-hidden="true">
          {initial(user.name || user.email)}
        </span>
        {/* Named from its text, "Account: Ada", so the name shown is part of the name heard
            (and spoken to a voice control) and the button still reads as Account first. */}
        <span className="visually-hidden">Account: </span>
        <span className="account-toggle-name">{user.name || user.email}</span>
      </button>
    </div>
  );
}

const initial = (text: string) => text.trim().charAt(0).toUpperCase() || '?';
