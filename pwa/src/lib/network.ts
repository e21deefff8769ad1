/**
 * Whether this device has a network at all. The app opens without one (its files
 * are cached), but streaming needs one; the browser tells when that changes.
 */
export function isOnline(): boolean {
  return navigator.onLine;
}

/** Calls back on every change; returns the function that stops listening. */
export function watchNetwork(onChange: (online: boolean) => void): () => void {
  const changed = (): void => onChange(navigator.onLine);
  window.addEventListener('online', changed);
  window.addEventListener('offline', changed);
  return () => {
    window.removeEventListener('online', changed);
    window.removeEventListener('offline', changed);
  };
}
