import { eq } from 'drizzle-orm';
import { message } from '../db/chat-schema.ts';
import type { Database } from '../db/database.ts';
import { waitFor } from './wait-for.ts';

/** An answer's row once it has ended (no longer `pending` or `streaming`), read from the database. */
export function settledAnswer(db: Database, id: string) {
  return waitFor(
    async () => {
      const [found] = await db.select().from(message).where(eq(message.id, id));
      return found && !['pending', 'streaming'].includes(found.status) ? found : undefined;
    },
    { what: `answer ${id} to finish` },
  );
}
