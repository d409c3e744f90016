import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import i18n, { speakCityLanguages } from './shared/i18n/i18n';
import '@city/web-kit/kit.css';
import { App } from './app/App';
import { loadConfig } from './app/config';

const root = createRoot(document.getElementById('root') as HTMLElement);
loadConfig()
  .then(async (config) => {
    await speakCityLanguages(config.languages);
    return config;
  })
  .then((config) =>
    root.render(
      <StrictMode>
        <App config={config} />
      </StrictMode>,
    ),
  )
  .catch((e: unknown) =>
    root.render(
      <p role="alert">
        {i18n.t('app.failedToStart')} ({String(e)})
      </p>,
    ),
  );
