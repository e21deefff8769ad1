/**
 * Registers the service worker and says when a new version of the app is ready.
 * The new version waits, and takes over only after the user agreed: a reload in the
 * middle of a stream would cut the sound off.
 */
import { Workbox } from 'workbox-window';

export interface AppUpdates {
  /** Looks for a new version now (the browser also does, on every navigation). */
  check(): void;
  /** Switches to the new version and reloads into it. Only after the user agreed. */
  accept(): void;
}

export function watchForUpdates(onReady: () => void): AppUpdates | null {
  if (!('serviceWorker' in navigator)) return null;
  const workbox = new Workbox('/sw.js');
  let waiting = false;
  let accepted = false;

  workbox.addEventListener('waiting', () => {
    waiting = true;
    onReady();
  });
  workbox.addEventListener('controlling', (event) => {
    waiting = false;
    if (accepted) location.reload();
    // Another Sono tab took the update: this page runs the old files until it reloads.
    else if (event.isUpdate) onReady();
  });
  workbox.register().catch((error: unknown) => {
    // The app still works, only without offline start and updates.
    console.warn('The service worker could not be registered', error);
  });

  return {
    check() {
      workbox.update().catch(() => {});
    },
    accept() {
      accepted = true;
      if (waiting) workbox.messageSkipWaiting();
      else location.reload();
    },
  };
}
