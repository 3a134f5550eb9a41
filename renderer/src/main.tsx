import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { setBridge } from './bridge/bridge';
import { chooseBridge } from './bridge/choose-bridge';
import './stores/theme-store'; // puts the chosen theme on <html> before the first paint
import './styles.css';

setBridge(chooseBridge(window));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
