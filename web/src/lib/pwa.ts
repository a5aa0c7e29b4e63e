/**
 * The service worker's registration and update flow. Registered from a module (the CSP forbids
 * inline scripts). A new version installs in the background and waits; `ms-update-banner`
 * offers to reload into it, and the worker also takes over on the next cold start, so nobody is
 * kept on an old version, and no half-typed trip is lost to a reload nobody asked for.
 */
import { registerSW } from 'virtual:pwa-register';

type Listener = () => void;
const listeners = new Set<Listener>();
let waiting = false;
let applyUpdate: ((reload?: boolean) => Promise<void>) | null = null;

/** How often an open app asks the server for a newer version (besides on becoming visible). */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/** Whether a new version is installed and waiting for a reload. */
export function updateWaiting(): boolean {
  return waiting;
}

/** Calls `listener` when a new version is waiting; returns the unsubscribe. */
export function onUpdateWaiting(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Activates the waiting version and reloads the page into it. */
export async function reloadIntoUpdate(): Promise<void> {
  if (applyUpdate) await applyUpdate(true);
  else location.reload();
}

/** Registers the service worker once; a browser without one simply runs online. */
export function startServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  applyUpdate = registerSW({
    immediate: true,
    onNeedRefresh() {
      waiting = true;
      for (const l of listeners) l();
    },
    onRegisteredSW(_url, registration) {
      if (!registration) return;
      const check = (): void => {
        if (navigator.onLine) registration.update().catch(() => undefined);
      };
      setInterval(check, UPDATE_CHECK_MS);
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') check();
      });
    },
  });
}
