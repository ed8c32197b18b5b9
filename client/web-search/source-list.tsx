import { useMemo } from 'react';
import type { MessageSource } from '../../shared/entities.ts';
import { citedSources } from './cited-sources.ts';

/**
 * The pages an answer cites, under it: one link each, numbered as the markers in the text,
 * named by the page's title and host. They open in a new tab with no way back to this page.
 */
export function SourceList({ sources }: { sources: readonly MessageSource[] }) {
  const cited = useMemo(() => citedSources(sources), [sources]);
  if (cited.length === 0) return null;
  return (
    <section className="sources" aria-label="Sources">
      <p className="sources-heading" aria-hidden="true">
        Sources
      </p>
      <ol className="sources-list">
        {cited.map((source) => (
          <li key={source.url} value={source.number}>
            <a href={source.url} target="_blank" rel="noopener noreferrer" title={source.url}>
              <span className="source-number">{source.number}</span>{' '}
              {source.title && <span className="source-title">{source.title}</span>}{' '}
              <span className="source-host">{source.host}</span>
            </a>
          </li>
        ))}
      </ol>
    </section>
  );
}
