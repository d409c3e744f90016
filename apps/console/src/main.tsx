import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './shared/i18n/i18n';
import './app/console.css';
import { App } from './app/App';
import { loadConfig } from './app/config';

const root = createRoot(document.getElementById('root') as HTMLElement);
loadConfig()
  .then((config) =>
    root.render(
      <StrictMode>
        <App config={config} />
      </StrictMode>,
    ),
  )
  .catch((e: unknown) => {
    root.render(<p role="alert">The console could not start: {String(e)}</p>);
  });
