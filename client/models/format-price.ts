import type { CatalogModel } from '../../shared/model-catalog.ts';

const usd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 3,
});

/** "Free", or "$0.15 in · $0.60 out per 1M tokens". */
export function formatPrice({ pricing }: Pick<CatalogModel, 'pricing'>): string {
  const { promptPerMillion: input, completionPerMillion: output } = pricing;
  if (input === 0 && output === 0) return 'Free';
  return `${usd.format(input)} in · ${usd.format(output)} out per 1M tokens`;
}
