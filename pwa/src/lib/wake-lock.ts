/**
 * Keeps the phone's screen on while listening, for those who want it: some
 * phones stop a page's sound soon after the screen locks. The browser drops the
 * lock whenever the page is hidden, so it is taken again on return.
 */
export class ScreenKeeper {
  private _sentinel: WakeLockSentinel | null = null;
  private _wanted = false;

  static get supported(): boolean {
    return 'wakeLock' in navigator;
  }

  async keepOn(wanted: boolean): Promise<void> {
    this._wanted = wanted;
    if (wanted) {
      document.addEventListener('visibilitychange', this._onVisible);
      await this._take();
    } else {
      document.removeEventListener('visibilitychange', this._onVisible);
      await this._sentinel?.release().catch(() => {});
      this._sentinel = null;
    }
  }

  private readonly _onVisible = (): void => {
    if (this._wanted && document.visibilityState === 'visible') void this._take();
  };

  private async _take(): Promise<void> {
    if (!ScreenKeeper.supported || (this._sentinel && !this._sentinel.released)) return;
    try {
      this._sentinel = await navigator.wakeLock.request('screen');
    } catch {
      // Refused (battery saver, hidden page): the screen may lock as usual.
      this._sentinel = null;
    }
  }
}
