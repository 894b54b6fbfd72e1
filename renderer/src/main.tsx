// first: connect to the host and send the first view's requests before React is evaluated
// (api/page-start.ts imports nothing of React; modules run in import order)
import './api/page-start';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/api-context';
import { App } from './App';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApiProvider>
      <App />
    </ApiProvider>
  </StrictMode>,
);
