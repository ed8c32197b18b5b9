import Dexie, { type EntityTable } from 'dexie';
import type { CatalogModel } from '../../shared/model-catalog.ts';

/** The model catalog as last fetched, so the picker works offline. */
export type StoredCatalog = { key: 'models'; models: CatalogModel[]; fetchedAt: number };

/**
 * What the device keeps outside Replicache (Dexie over IndexedDB): things that are not synced
 * rows. For now the model catalog; attachments' blobs and the upload queue come later.
 */
export const localDb = new Dexie('parley-local') as Dexie & {
  catalog: EntityTable<StoredCatalog, 'key'>;
};
localDb.version(1).stores({ catalog: 'key' });
