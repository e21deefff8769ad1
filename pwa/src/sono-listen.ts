import { LitElement, css, html, type TemplateResult } from 'lit';
import { normalizeCode } from '../../api/pairing-code.ts';
import { Listener } from './lib/listener.ts';
import { clearNowPlaying, showNowPlaying } from './lib/media-session.ts';
import { baseStyles } from './styles.ts';
import './sono-code-form.ts';

type Phase = 'idle' | 'connecting' | 'tap' | 'playing' | 'ended' | 'error';

const NOT_A_CODE = 'That is not a pairing code. It has 8 letters and digits, like ABCD-EFGH.';

/** The status line's words, and nothing else, in each phase. */
const STATUS: Record<Phase, (detail: string) => string> = {
  idle: () => '',
  connecting: () => 'Connecting…',
  tap: () => 'Tap to play',
  playing: () => 'Playing',
  ended: (reason) => `Ended: ${reason}`,
  error: (message) => `Error: ${message}`,
};

/** Reads `#code=…` from a Listen link, e.g. one the laptop's QR code opened. */
function codeFromHash(): string {
  return new URLSearchParams(location.hash.slice(1)).get('code') ?? '';
}

/** The phone's page: enter a code, then play what the laptop sends. */
export class SonoListen extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        max-width: 30rem;
      }
      .status {
        min-height: 1.5em;
        font-size: 1.25rem;
        font-weight: 600;
      }
      .tap {
        width: 100%;
        min-height: 8rem;
        font-size: 1.75rem;
      }
      .volume {
        display: grid;
        gap: 0.35rem;
        margin: 1.5rem 0;
      }
      .volume input {
        padding: 0;
      }
      button {
        width: 100%;
      }
    `,
  ];

  static override properties = {
    _phase: { state: true },
    _detail: { state: true },
    _code: { state: true },
    _volume: { state: true },
  };

  declare _phase: Phase;
  /** The reason or message after "Ended: " or "Error: ". */
  declare _detail: string;
  declare _code: string;
  declare _volume: number;

  private _listener: Listener | null = null;

  constructor() {
    super();
    this._phase = 'idle';
    this._detail = '';
    this._code = '';
    this._volume = 1;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this._onHashChange);
    this._onHashChange();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this._onHashChange);
    this._stop();
    super.disconnectedCallback();
  }

  override render(): TemplateResult {
    const phase = this._phase;
    const canJoin = phase === 'idle' || phase === 'ended' || phase === 'error';
    const hasSound = phase === 'tap' || phase === 'playing';
    return html`
      <h1>Listen</h1>
      <p class="status" role="status" data-testid="status">${STATUS[this._phase](this._detail)}</p>
      ${canJoin
        ? html`<sono-code-form .value=${this._code} @sono-join=${this._onJoin}></sono-code-form>`
        : ''}
      ${phase === 'tap'
        ? html`<button class="primary tap" type="button" @click=${this._onTap}>
            Tap to play
          </button>`
        : ''}
      ${hasSound ? this._volumeSlider() : ''}
      ${canJoin ? '' : html`<button type="button" @click=${this._onStop}>Stop listening</button>`}
      <audio @pause=${this._onPause} @playing=${this._onPlaying}></audio>
    `;
  }

  private _volumeSlider(): TemplateResult {
    // iOS ignores audio.volume (only the hardware buttons count); the slider then does nothing.
    return html`
      <div class="volume">
        <label for="volume">Volume</label>
        <input
          id="volume"
          type="range"
          min="0"
          max="1"
          step="0.05"
          .value=${String(this._volume)}
          @input=${this._onVolume}
        />
      </div>
    `;
  }

  private get _audio(): HTMLAudioElement | null {
    return this.renderRoot.querySelector('audio');
  }

  private _join(): void {
    const code = normalizeCode(this._code);
    if (code === null) {
      this._show('error', NOT_A_CODE);
      return;
    }

    this._stop();
    const listener = new Listener({
      onStream: (stream) => {
        if (this._listener === listener) void this._play(stream);
      },
      onEnded: (reason) => {
        if (this._listener === listener) this._finish('ended', reason);
      },
      onFailed: (message) => {
        if (this._listener === listener) this._finish('error', message);
      },
    });
    this._listener = listener;
    this._show('connecting');
    void listener.join(code);
  }

  private async _play(stream: MediaStream): Promise<void> {
    const audio = this._audio;
    if (!audio) return;
    if (audio.srcObject !== stream) audio.srcObject = stream;
    audio.volume = this._volume;
    try {
      await audio.play();
    } catch {
      // Autoplay refused: the browser wants a tap first.
      if (this._listener) this._show('tap');
    }
  }

  /** Ends playback and the connection; the page goes back to asking for a code. */
  private _finish(phase: 'ended' | 'error', detail: string): void {
    this._stop();
    if (phase === 'ended') this._code = '';
    this._show(phase, detail);
  }

  private _stop(): void {
    this._listener?.leave();
    this._listener = null;
    const audio = this._audio;
    if (audio) {
      audio.pause();
      audio.srcObject = null;
    }
    clearNowPlaying();
  }

  private _show(phase: Phase, detail = ''): void {
    this._phase = phase;
    this._detail = detail;
  }

  private _onJoin(event: CustomEvent<string>): void {
    this._code = event.detail;
    this._join();
  }

  private _onTap(): void {
    this._audio?.play().catch(() => {
      this._finish('error', 'The browser would not play the sound.');
    });
  }

  private _onPlaying(): void {
    if (!this._listener) return;
    this._show('playing');
    showNowPlaying();
  }

  /** Paused from the lock screen or headphones: offer the tap again. */
  private _onPause(): void {
    if (this._phase === 'playing') this._show('tap');
  }

  private _onVolume(event: Event): void {
    if (!(event.target instanceof HTMLInputElement)) return;
    this._volume = Number(event.target.value);
    if (this._audio) this._audio.volume = this._volume;
  }

  private _onStop(): void {
    this._stop();
    this._show('idle');
  }

  private readonly _onHashChange = (): void => {
    const code = codeFromHash();
    if (!code) return;
    // The code is single-use: keep it out of history so a reload does not rejoin.
    history.replaceState(history.state, '', location.pathname + location.search);
    this._code = code;
    this._join();
  };
}

customElements.define('sono-listen', SonoListen);

declare global {
  interface HTMLElementTagNameMap {
    'sono-listen': SonoListen;
  }
}
