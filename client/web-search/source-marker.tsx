import type { ReactNode } from 'react';
import { webHost } from '../../shared/web-url.ts';

/** A citation in an answer's text: a superscript `[n]` linking to the page it cites. */
export function SourceMarker({ href, children }: { href: string; children: ReactNode }) {
  return (
    <sup className="source-marker">
      <a
        href={href}
        target="_blank"
        rel="noopener noreferrer"
        aria-label={`Source ${String(children)}: ${webHost(href)}`}
      >
        [{children}]
      </a>
    </sup>
  );
}
