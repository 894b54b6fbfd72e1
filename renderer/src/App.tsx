/**
 * The app shell: top bar with navigation, the connection-lost banner, and routing by
 * location.hash: `#/` live dashboard (default), `#/sessions`, `#/coach`.
 */
import { Suspense, lazy, useEffect, useState } from 'react';
import { useConnection, useIsViewer, useStatus } from './api/api-context';
import { HostBanner } from './shell/HostBanner';
import { ErrorBoundary } from './shell/ErrorBoundary';
import { SessionsView } from './sessions/SessionsView';
import { routeFromHash, type Route } from './route';

// each view's code (charts, uPlot, training) is loaded when the view is first shown: the Sessions
// page with 1,000 sessions is interactive sooner when it does not evaluate the dashboard first
const LiveDashboard = lazy(() => import('./live/LiveDashboard').then((m) => ({ default: m.LiveDashboard })));
const CoachView = lazy(() => import('./coach/CoachView').then((m) => ({ default: m.CoachView })));

function Loading() {
  return <p className="mc-hint" data-testid="view-loading">Loading…</p>;
}

export { routeFromHash, type Route };

function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => routeFromHash(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(routeFromHash(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

export function App() {
  const route = useRoute();
  if (route === 'coach') {
    return (
      <div className="app app-coach">
        <HostBanner />
        <ErrorBoundary name="Coach view">
          <Suspense fallback={<Loading />}>
            <CoachView />
          </Suspense>
        </ErrorBoundary>
      </div>
    );
  }
  return (
    <div className="app">
      <TopBar route={route} />
      <HostBanner />
      <main className="app-main">
        {route === 'sessions' ? (
          <ErrorBoundary name="Sessions">
            <SessionsView />
          </ErrorBoundary>
        ) : (
          <Suspense fallback={<Loading />}>
            <LiveDashboard />
          </Suspense>
        )}
      </main>
    </div>
  );
}

function TopBar({ route }: { route: Route }) {
  const connection = useConnection();
  const status = useStatus();
  const viewer = useIsViewer();
  const streaming = status?.device.state === 'streaming';
  return (
    <header className="topbar">
      <a className="brand" href="#/" aria-label="Myocue live">
        <span className={`brand-pulse ${streaming ? 'on' : ''}`} aria-hidden="true" />
        <span className="brand-name">Myocue</span>
      </a>
      <nav className="nav" aria-label="Main">
        <a href="#/" className={route === 'live' ? 'active' : ''} data-testid="nav-live" aria-current={route === 'live' ? 'page' : undefined}>
          Live
        </a>
        <a href="#/sessions" className={route === 'sessions' ? 'active' : ''} data-testid="nav-sessions" aria-current={route === 'sessions' ? 'page' : undefined}>
          Sessions
        </a>
        <a href="#/coach" data-testid="nav-coach">
          Coach view
        </a>
      </nav>
      <div className="topbar-right">
        {viewer && <span className="pill pill-viewer">Read-only viewer</span>}
        <span className={`pill pill-conn conn-${connection}`} data-testid="host-connection" data-state={connection}>
          {connection === 'open' ? 'Host connected' : connection === 'connecting' ? 'Connecting…' : connection === 'unauthorized' ? 'Link needs its token' : 'Host offline'}
        </span>
      </div>
    </header>
  );
}
