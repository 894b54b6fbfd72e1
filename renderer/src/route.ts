/**
 * The page's views by location.hash: `#/` live dashboard (default), `#/sessions`, `#/coach`.
 * Its own module, with no React: main.tsx asks it which view comes first before React is loaded
 * (the Sessions page's listing is requested while React starts: api/page-start.ts).
 */
export type Route = 'live' | 'sessions' | 'coach';

export function routeFromHash(hash: string): Route {
  const path = hash.replace(/^#/, '').split('?')[0].replace(/\/+$/, '');
  if (path === '/coach') return 'coach';
  if (path === '/sessions') return 'sessions';
  return 'live';
}
