import { useRef, useState } from 'react';
import { ShareIcon } from '../shell/icons.tsx';
import { ModuleLoader } from '../shell/module-loader.ts';
import { useReplicache } from '../sync/use-replicache.ts';
import { ensureShare } from './ensure-share.ts';

type DialogModule = typeof import('./share-dialog.tsx');

// The dialog is a chunk of its own (precached, so it opens offline): most visits never share.
const dialogLoader = new ModuleLoader<DialogModule>(() => import('./share-dialog.tsx'));

/**
 * The conversation header's `Share`: makes the conversation's link if it has none, then opens
 * the dialog that shows and changes it.
 */
export function ShareButton({ conversationId }: { conversationId: string }) {
  const rep = useReplicache();
  const [dialog, setDialog] = useState<DialogModule | null>(null);
  const [open, setOpen] = useState(false);
  // A second press while the chunk loads would make a second link.
  const opening = useRef(false);

  async function openDialog() {
    if (opening.current) return;
    opening.current = true;
    try {
      const module = await dialogLoader.load();
      await ensureShare(rep, conversationId);
      setDialog(module);
      setOpen(true);
    } catch {
      // The chunk is precached; failing to load it means the app itself is broken. The next
      // press tries again.
    } finally {
      opening.current = false;
    }
  }

  return (
    <>
      <button type="button" className="button button--quiet" onClick={() => void openDialog()}>
        <ShareIcon />
        <span className="label-wide">Share</span>
      </button>
      {dialog && (
        <dialog.ShareDialog
          conversationId={conversationId}
          open={open}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
