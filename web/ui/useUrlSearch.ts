import { useSearchParams } from 'react-router';

/**
 * A list page's search text and page number, kept in the URL so a reload or a shared link shows
 * the same list. Changing the search goes back to page 1.
 */
export function useUrlSearch(): { q: string; page: number; set: (next: { q?: string; page?: number }) => void } {
  const [params, setParams] = useSearchParams();
  const set = (next: { q?: string; page?: number }) => {
    const p = new URLSearchParams();
    if (next.q) p.set('q', next.q);
    if (next.page && next.page > 1) p.set('page', String(next.page));
    setParams(p, { replace: true });
  };
  return { q: params.get('q') ?? '', page: Math.max(1, Number(params.get('page')) || 1), set };
}
