import Dexie, { type EntityTable } from 'dexie';
import type { AttachmentMediaType } from '../../shared/entities.ts';
import type { CatalogModel } from '../../shared/model-catalog.ts';

/** The model catalog as last fetched, so the picker works offline. */
export type StoredCatalog = { key: 'models'; models: CatalogModel[]; fetchedAt: number };

/**
 * An attachment's bytes as this device holds them: picked here (kept until the server has
 * them, and after), or fetched once its message was shown, so the conversation reads offline.
 * `uploaded` is 0 while the server has yet to receive them, 1 once it has: a number, not a
 * boolean, because IndexedDB indexes numbers and not booleans, and start-up asks the index for
 * the few files still to upload rather than reading every file's bytes.
 */
export type StoredFile = {
  id: string;
  name: string;
  mediaType: AttachmentMediaType;
  size: number;
  blob: Blob;
  uploaded: 0 | 1;
};

/**
 * What the device keeps outside Replicache (Dexie over IndexedDB): things that are not synced
 * rows. The model catalog, and attachments' bytes (their metadata syncs as rows).
 */
export const localDb = new Dexie('parley-local') as Dexie & {
  catalog: EntityTable<StoredCatalog, 'key'>;
  files: EntityTable<StoredFile, 'id'>;
};
localDb.version(1).stores({ catalog: 'key' });
localDb.version(2).stores({ catalog: 'key', files: 'id, uploaded' });
