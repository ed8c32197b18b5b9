import { Link } from '@tanstack/react-router';
import type { ReadTransaction } from 'replicache';
import type { Share } from '../../shared/entities.ts';
import { getConversation } from '../../shared/queries.ts';
import { useReplicache } from '../sync/use-replicache.ts';
import { useSubscribe } from '../sync/use-subscribe.ts';
import { expiryStatus } from './format-expiry.ts';
import { listShares } from './share-queries.ts';
import { shareUrl } from './share-token.ts';
import './sharing.css';

type SharedLink = { share: Share; title: string | null };

/** Each share with its conversation's title (`null`: the conversation is not on this device). */
async function listSharedLinks(tx: ReadTransaction): Promise<SharedLink[]> {
  const shares = await listShares(tx);
  return Promise.all(
    shares.map(async (share) => {
      const conversation = await getConversation(tx, share.conversationId);
      return { share, title: conversation ? conversation.title || 'New chat' : null };
    }),
  );
}

const shows: Record<Share['mode'], string> = {
  snapshot: 'Shows the messages up to when it was set',
  live: 'Shows later messages too',
};

/**
 * Settings › Shared links: every link the person has made, newest first, read from the local
 * store (so offline too), each with a way to stop it.
 */
export function SharedLinksSection() {
  const rep = useReplicache();
  const links = useSubscribe(rep, listSharedLinks);
  const now = Date.now();

  return (
    <section className="settings-section" aria-labelledby="settings-shared-links">
      <h2 id="settings-shared-links">Shared links</h2>
      {links === undefined ? (
        <p className="muted">Loading…</p>
      ) : links.length === 0 ? (
        <p className="muted">
          You have not shared any chats. Share one from its page: anyone with the link can read it.
        </p>
      ) : (
        <ul className="shared-links">
          {links.map(({ share, title }) => (
            <li key={share.id} className="shared-link">
              {title === null ? (
                <span className="shared-link-title">A chat not on this device</span>
              ) : (
                <Link
                  className="shared-link-title"
                  to="/c/$conversationId"
                  params={{ conversationId: share.conversationId }}
                >
                  {title}
                </Link>
              )}
              <span className="shared-link-facts muted">
                {shows[share.mode]} · {expiryStatus(share.expiresAt, now)}
              </span>
              {/* A document load: the server renders shared pages, not this app. */}
              <a className="shared-link-url" href={shareUrl(share.token)}>
                {shareUrl(share.token)}
              </a>
              <button
                type="button"
                className="button button--danger"
                aria-label={`Stop sharing ${title ?? 'this chat'}`}
                onClick={() => void rep.mutate.stopShare({ id: share.id })}
              >
                Stop sharing
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
