import { z } from 'zod';
import { Conversation, Message } from '../../shared/entities.ts';
import { readLastUser } from '../auth/last-user.ts';

/**
 * What the app showed when the page was last hidden: the top of the conversation list and the
 * open conversation. Saved as the page goes away and read once as it starts, so a reload (or a
 * cold start offline) paints them in its first render instead of after the local store has
 * opened and been read (decision 029). The store's own results replace them a
 * moment later, so what was saved only has to be right for that moment: it is what this device
 * itself showed, not what the server said.
 */
const LastScreen = z.object({
  userId: z.string(),
  conversations: z.array(Conversation),
  open: z.object({ conversation: Conversation, messages: z.array(Message) }).nullable(),
});
export type LastScreen = z.infer<typeof LastScreen>;

const storageKey = 'parley:last-screen';
/** Conversations saved: the first paint of the list shows no more (see ConversationNav). */
export const savedConversations = 60;
/**
 * A longer saved screen is not worth its parse at start (nor its share of the origin's
 * storage): beyond this the open conversation is left out, and opens from the store.
 */
const maxSavedChars = 256 * 1024;

/** What is on screen now, noted by whoever shows it. */
const showing: {
  userId: string | null;
  conversations: readonly Conversation[];
  open: LastScreen['open'];
} = { userId: null, conversations: [], open: null };

/** Notes the signed-in person's conversation list (most recent first) as shown. */
export function noteConversationsShown(userId: string, conversations: readonly Conversation[]) {
  if (showing.userId !== userId) {
    showing.userId = userId;
    showing.open = null;
  }
  showing.conversations = conversations;
}

/** Notes the open conversation and its messages; `null` when none is open. */
export function noteConversationShown(open: LastScreen['open']) {
  showing.open = open;
}

/** Forgets what was shown and saved (signing out): nothing of it may open for anyone. */
export function forgetLastScreen() {
  showing.userId = null;
  showing.conversations = [];
  showing.open = null;
  saved = undefined;
  try {
    localStorage.removeItem(storageKey);
  } catch {
    // Unavailable storage holds nothing to forget.
  }
}

/** Writes what is on screen, if anything; called as the page is hidden or left. */
export function saveLastScreen() {
  const { userId, conversations, open } = showing;
  // Signed out (or signing out) meanwhile: nothing of theirs is written again.
  if (userId === null || readLastUser()?.id !== userId) return;
  const screen = { userId, conversations: conversations.slice(0, savedConversations), open };
  let json = JSON.stringify(screen);
  if (json.length > maxSavedChars) json = JSON.stringify({ ...screen, open: null });
  try {
    localStorage.setItem(storageKey, json);
  } catch {
    // Full or disabled storage: the next start waits for the store, as it would anyway.
  }
}

let saved: LastScreen | null | undefined;

/**
 * The screen saved for `userId`, or null (none, someone else's, or unreadable). Read from
 * storage once per page load: later calls see the same value.
 */
export function readLastScreen(userId: string): LastScreen | null {
  if (saved === undefined) {
    try {
      const raw = localStorage.getItem(storageKey);
      const parsed = raw === null ? null : LastScreen.safeParse(JSON.parse(raw));
      saved = parsed?.success ? parsed.data : null;
    } catch {
      saved = null;
    }
  }
  return saved?.userId === userId ? saved : null;
}

/**
 * Saves the screen whenever the page is hidden (a closed tab, a reload, a phone's app switch)
 * until the returned function is called.
 */
export function saveLastScreenWhenHidden(): () => void {
  const onVisibilityChange = () => {
    if (document.visibilityState === 'hidden') saveLastScreen();
  };
  window.addEventListener('pagehide', saveLastScreen);
  document.addEventListener('visibilitychange', onVisibilityChange);
  return () => {
    window.removeEventListener('pagehide', saveLastScreen);
    document.removeEventListener('visibilitychange', onVisibilityChange);
  };
}
