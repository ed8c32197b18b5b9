import { useEffect } from 'react';

/** Names the browser tab after what is open: "Title · Parley", or just "Parley". */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} · Parley` : 'Parley';
  }, [title]);
}
