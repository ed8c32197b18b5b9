import { useCallback, useEffect, useRef } from 'react';
import type { ReadTransaction } from 'replicache';
import { ShareMode } from '../../shared/entities.ts';
import { useOnline } from '../sync/use-online.ts';
import { useReplicache } from '../sync/use-replicache.ts';
import { useSubscribe } from '../sync/use-subscribe.ts';
import { CopyLinkButton } from './copy-link-button.tsx';
import { formatExpiry } from './format-expiry.ts';
import { modeLabels, withExpiry, withMode } from './share-changes.ts';
import {
  currentExpiryChoice,
  expiryChoiceNamed,
  expiryChoices,
  isExpired,
} from './share-expiry.ts';
import { getShareOfConversation, lastMessageOrder } from './share-queries.ts';
import { shareUrl } from './share-token.ts';
import { useShareUnsent } from './use-share-unsent.ts';
import './sharing.css';

type Props = {
  conversationId: string;
  open: boolean;
  onClose: () => void;
};

/**
 * The Share dialog: the conversation's link, to copy; how long it opens; what it shows; and
 * Stop sharing. A modal `<dialog>`, as Delete account is: the browser keeps focus inside it,
 * closes it on Escape and gives focus back to `Share`.
 */
export function ShareDialog({ conversationId, open, onClose }: Props) {
  const rep = useReplicache();
  const online = useOnline();
  const dialog = useRef<HTMLDialogElement>(null);
  const linkBox = useRef<HTMLInputElement>(null);
  const read = useCallback(
    async (tx: ReadTransaction) => ({
      share: await getShareOfConversation(tx, conversationId),
      lastOrder: await lastMessageOrder(tx, conversationId),
    }),
    [conversationId],
  );
  const state = useSubscribe(rep, read);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  const share = state?.share ?? null;
  const lastOrder = state?.lastOrder ?? -1;
  const now = Date.now();
  const unsent = useShareUnsent(rep, share, online);

  function stopSharing() {
    if (share) void rep.mutate.stopShare({ id: share.id });
    dialog.current?.close();
  }

  return (
    <dialog
      ref={dialog}
      className="dialog share-dialog"
      aria-labelledby="share-dialog-title"
      onClose={onClose}
    >
      <div className="share-form">
        <h2 id="share-dialog-title">Share this chat</h2>
        <p className="muted">
          Anyone with the link can read this chat without signing in, until you stop sharing or the
          link expires.
        </p>
        {share === null ? (
          <p className="muted">
            {state === undefined ? 'Making a link…' : 'This chat is no longer shared.'}
          </p>
        ) : (
          <>
            <div className="share-link-row">
              <label className="field share-link-field">
                <span>Share link</span>
                <input
                  ref={linkBox}
                  type="text"
                  readOnly
                  value={shareUrl(share.token)}
                  onFocus={(event) => event.currentTarget.select()}
                />
              </label>
              <CopyLinkButton text={shareUrl(share.token)} box={linkBox} />
            </div>
            {!online && (
              <p className="share-offline-note" role="note">
                {unsent
                  ? 'You are offline: the link works once this device is back online, when it is sent.'
                  : 'You are offline: the link works, and changes to it are sent once this device is back online.'}
              </p>
            )}
            <label className="field">
              <span>Link expires</span>
              <select
                value={currentExpiryChoice(share.expiresAt, now).label}
                onChange={(event) => {
                  const choice = expiryChoiceNamed(event.currentTarget.value);
                  if (choice) void rep.mutate.updateShare(withExpiry(share, choice, Date.now()));
                }}
              >
                {expiryChoices.map((choice) => (
                  <option key={choice.label} value={choice.label}>
                    {choice.label}
                  </option>
                ))}
              </select>
            </label>
            <p className="field-hint muted">
              {isExpired(share.expiresAt, now)
                ? 'Expired: choose how long it opens from now.'
                : formatExpiry(share.expiresAt, now)}
            </p>
            <fieldset className="share-mode">
              <legend>What it shows</legend>
              {ShareMode.options.map((mode) => (
                <label key={mode} className="share-mode-choice">
                  <input
                    type="radio"
                    name="share-mode"
                    value={mode}
                    checked={share.mode === mode}
                    onChange={() => void rep.mutate.updateShare(withMode(share, mode, lastOrder))}
                  />
                  {modeLabels[mode]}
                </label>
              ))}
            </fieldset>
            {share.mode === 'snapshot' && (share.throughOrder ?? lastOrder) < lastOrder && (
              <div className="share-later">
                <p className="muted">Messages sent since the link was set are not shown.</p>
                <button
                  type="button"
                  className="button"
                  onClick={() =>
                    void rep.mutate.updateShare(withMode(share, 'snapshot', lastOrder))
                  }
                >
                  Show messages up to now
                </button>
              </div>
            )}
          </>
        )}
        <div className="dialog-buttons">
          <button
            type="button"
            className="button button--danger"
            disabled={share === null}
            onClick={stopSharing}
          >
            Stop sharing
          </button>
          <button type="button" className="button" onClick={() => dialog.current?.close()}>
            Done
          </button>
        </div>
      </div>
    </dialog>
  );
}
