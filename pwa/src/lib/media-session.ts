/**
 * What the lock screen and notification shade show while the phone plays, and
 * what their play and pause buttons do: pause mutes here (the stream keeps
 * flowing, so play is instant), play unmutes. Browsers without the Media
 * Session API simply show nothing extra.
 */
export interface NowPlayingActions {
  onPlay(): void;
  onPause(): void;
}

export function showNowPlaying(actions?: NowPlayingActions): void {
  if (!('mediaSession' in navigator)) return;
  const session = navigator.mediaSession;
  session.metadata = new MediaMetadata({ title: 'Sono', artist: 'Laptop sound' });
  session.playbackState = 'playing';
  if (!actions) return;
  const handle = (action: MediaSessionAction, handler: () => void) => {
    try {
      session.setActionHandler(action, handler);
    } catch {
      // An action this browser does not know: its button just does not appear.
    }
  };
  handle('play', () => {
    actions.onPlay();
    session.playbackState = 'playing';
  });
  handle('pause', () => {
    actions.onPause();
    session.playbackState = 'paused';
  });
}

export function clearNowPlaying(): void {
  if (!('mediaSession' in navigator)) return;
  navigator.mediaSession.metadata = null;
  navigator.mediaSession.playbackState = 'none';
  for (const action of ['play', 'pause'] as const) {
    try {
      navigator.mediaSession.setActionHandler(action, null);
    } catch {
      // Nothing was set.
    }
  }
}
