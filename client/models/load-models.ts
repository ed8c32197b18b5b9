import { ModelId } from '../../shared/entities.ts';
import { type CatalogModel, demoCatalogModel, ModelCatalog } from '../../shared/model-catalog.ts';
import { noteStorageError } from '../local/storage-trouble.ts';

/** What the pickers offer when the catalog cannot be had (offline, server error). */
export const fallbackModels: readonly CatalogModel[] = [demoCatalogModel];

let loaded: readonly CatalogModel[] | null = null;
let loading: Promise<readonly CatalogModel[]> | null = null;

/** The catalog once it has been fetched in this page load, or null. */
export function loadedModels(): readonly CatalogModel[] | null {
  return loaded;
}

/**
 * `GET /api/models`, once per page load (concurrent callers share the request, later ones get
 * the catalog already loaded), kept on the device for offline use. Offline or failing, the
 * copy kept last time answers, else the fallback; neither is remembered, so the next caller
 * tries the network again.
 */
export function loadModels(): Promise<readonly CatalogModel[]> {
  if (loaded) return Promise.resolve(loaded);
  loading ??= fetchModels()
    .then((models) => {
      loaded = models;
      return models;
    })
    .catch(() => storedModels())
    .finally(() => {
      loading = null;
    });
  return loading;
}

async function fetchModels(): Promise<readonly CatalogModel[]> {
  // Revalidated rather than taken from the HTTP cache: the copy in IndexedDB is the offline one.
  const response = await fetch('/api/models', { cache: 'no-cache' });
  if (!response.ok) throw new Error(`GET /api/models answered ${response.status}`);
  const { models } = ModelCatalog.parse(await response.json());
  // Only ids our mutators accept: choosing any other would be refused on sending.
  const usable = models.filter((model) => ModelId.safeParse(model.id).success);
  if (usable.length === 0) throw new Error('the catalog lists no usable model');
  // Best effort: a full or blocked disk only costs the offline picker its list.
  void localDb()
    .then((db) => db.catalog.put({ key: 'models', models: usable, fetchedAt: Date.now() }))
    .catch(noteStorageError);
  return usable;
}

async function storedModels(): Promise<readonly CatalogModel[]> {
  try {
    const stored = await (await localDb()).catalog.get('models');
    return stored && stored.models.length > 0 ? stored.models : fallbackModels;
  } catch {
    return fallbackModels;
  }
}

/** Dexie loads after first paint: only the catalog's offline copy needs it. */
async function localDb() {
  return (await import('../local/local-db.ts')).localDb;
}
