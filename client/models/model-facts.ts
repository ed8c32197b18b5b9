import type { CatalogModel } from '../../shared/model-catalog.ts';

/** What a model can take and make beyond text, as short badges. */
export function capabilityBadges(model: CatalogModel): string[] {
  const badges: string[] = [];
  if (model.inputModalities.includes('image')) badges.push('Vision');
  if (model.inputModalities.includes('file')) badges.push('PDF');
  if (model.outputModalities.includes('image')) badges.push('Makes images');
  return badges;
}

/** "128K context", "1M context". */
export function formatContext({ contextLength }: CatalogModel): string {
  if (contextLength >= 1_000_000)
    return `${Number((contextLength / 1_000_000).toFixed(1))}M context`;
  if (contextLength >= 1_000) return `${Math.round(contextLength / 1_000)}K context`;
  return contextLength > 0 ? `${contextLength} context` : '';
}

/** Models whose name or id contains every word of `query`, case ignored. */
export function filterModels(models: readonly CatalogModel[], query: string): CatalogModel[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return models.filter((model) => {
    const haystack = `${model.name} ${model.id}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}
