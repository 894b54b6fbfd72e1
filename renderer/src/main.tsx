// first: connect to the host and send the first view's requests before React is evaluated
// (api/page-start.ts imports nothing of React; modules run in import order)
import './api/page-start';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/api-context';
import { App } from './App';
import './styles.css';
import { earlyAnswered } from './api/early-requests';

/**
 * The first render waits (at most this long) for the answers page-start.ts asked for, so the
 * Sessions page renders and lays out once, with its list, instead of a loading state and then the
 * list (issue 10.5). Other pages ask for nothing at start and render at once.
 */
const FIRST_RENDER_WAIT_MS = 250;

void earlyAnswered(FIRST_RENDER_WAIT_MS).then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ApiProvider>
        <App />
      </ApiProvider>
    </StrictMode>,
  ),
);
