import './components/ms-app.js';
import './components/ms-update-banner.js';
import { startServiceWorker } from './lib/pwa.js';
import { startOutbox } from './lib/outbox.js';

startServiceWorker();
startOutbox();
