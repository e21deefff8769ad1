/**
 * What the lock screen and notification shade show while the phone plays. Browsers
 * without the Media Session API simply show nothing extra.
 */
export function showNowPlaying(): void {
  if (!('mediaSession' in navigator)) return;
  navigator.mediaSession.metadata = new MediaMetadata({ title: 'Sono', artist: 'Laptop sound' });
  navigator.mediaSession.playbackState = 'playing';
}

export function clearNowPlaying(): void {
  if (!('mediaSession' in navigator)) return;
  navigator.mediaSession.metadata = null;
  navigator.mediaSession.playbackState = 'none';
}
