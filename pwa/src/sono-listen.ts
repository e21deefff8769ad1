import { LitElement, css, html, type TemplateResult } from 'lit';
import { normalizeCode } from '../../api/pairing-code.ts';
import type { Figures, Path } from './lib/figures.ts';
import { Listener, type UltraState } from './lib/listener.ts';
import { clearNowPlaying, showNowPlaying } from './lib/media-session.ts';
import { BUFFER_RANGE, MODES, type QualityMode } from './lib/quality.ts';
import { clearListen, loadListen, saveListen } from './lib/saved-stream.ts';
import { ScreenKeeper } from './lib/wake-lock.ts';
import { baseStyles } from './styles.ts';
import './sono-code-form.ts';

type Phase = 'idle' | 'connecting' | 'tap' | 'playing' | 'reconnecting' | 'ended' | 'error';

const NOT_A_CODE = 'That is not a pairing code. It has 8 letters and digits, like ABCD-EFGH.';

/** The status line's words, and nothing else, in each phase. */
const STATUS: Record<Phase, (detail: string) => string> = {
  idle: () => '',
  connecting: () => 'Connecting…',
  tap: () => 'Tap to play',
  playing: () => 'Playing',
  reconnecting: () => 'Reconnecting…',
  ended: (reason) => `Ended: ${reason}`,
  error: (message) => `Error: ${message}`,
};

const PATH_NAMES: Record<Path, string> = {
  direct: 'Direct between the devices',
  relayed: 'Relayed (through a TURN server)',
};

/** A figure for the panel, or a dash while it is not known. */
function known(value: number | null | undefined, format: (value: number) => string): string {
  return value === null || value === undefined ? '–' : format(value);
}

function ms(value: number | null | undefined): string {
  return known(value, (each) => `${Math.round(each)} ms`);
}

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
      .slider {
        display: grid;
        gap: 0.35rem;
        margin: 1.5rem 0;
      }
      .slider input {
        padding: 0;
      }
      .hint {
        margin: 0;
        font-size: 0.9rem;
      }
      .figures {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.2rem 1rem;
        margin: 0 0 1.5rem;
        font-variant-numeric: tabular-nums;
      }
      .figures dt {
        color: var(--sono-muted);
      }
      .figures dd {
        margin: 0;
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
    _mode: { state: true },
    _bufferMs: { state: true },
    _figures: { state: true },
    _ultra: { state: true },
    _screenOn: { state: true },
  };

  declare _phase: Phase;
  /** The reason or message after "Ended: " or "Error: ". */
  declare _detail: string;
  declare _code: string;
  declare _volume: number;
  declare _mode: QualityMode | null;
  /** The jitter buffer target; null until the mode or the user sets one. */
  declare _bufferMs: number | null;
  declare _figures: Figures | null;
  declare _ultra: UltraState | null;
  declare _screenOn: boolean;
  private readonly _screen = new ScreenKeeper();
  /** Once the user moves the buffer control, their choice outlives mode changes. */
  private _bufferChosen = false;

  private _listener: Listener | null = null;

  constructor() {
    super();
    this._phase = 'idle';
    this._detail = '';
    this._code = '';
    this._volume = 1;
    this._mode = null;
    this._bufferMs = null;
    this._figures = null;
    this._ultra = null;
    this._screenOn = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this._onHashChange);
    document.addEventListener('visibilitychange', this._onVisible);
    this._onHashChange();
    // A reload in the middle of a stream picks it up again.
    const saved = loadListen();
    if (!this._listener && saved) {
      this._code = saved;
      this._join();
    }
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this._onHashChange);
    document.removeEventListener('visibilitychange', this._onVisible);
    this._stop();
    void this._screen.keepOn(false);
    super.disconnectedCallback();
  }

  override render(): TemplateResult {
    const phase = this._phase;
    const canJoin = phase === 'idle' || phase === 'ended' || phase === 'error';
    const hasSound = phase === 'tap' || phase === 'playing' || phase === 'reconnecting';
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
      ${hasSound ? this._volumeSlider() : ''} ${hasSound ? this._bufferSlider() : ''}
      ${hasSound && this._ultra ? this._ultraLine(this._ultra) : ''}
      ${hasSound ? this._figuresPanel() : ''} ${hasSound ? this._screenToggle() : ''}
      ${canJoin ? '' : html`<button type="button" @click=${this._onStop}>Stop listening</button>`}
      <audio @pause=${this._onPause} @playing=${this._onPlaying}></audio>
    `;
  }

  private _volumeSlider(): TemplateResult {
    // iOS ignores audio.volume (only the hardware buttons count); the slider then does nothing.
    return html`
      <div class="slider">
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

  private _bufferSlider(): TemplateResult {
    const value = this._bufferMs ?? 0;
    return html`
      <div class="slider">
        <label for="buffer">Buffer: <output for="buffer">${value} ms</output></label>
        <input
          id="buffer"
          type="range"
          min=${BUFFER_RANGE.min}
          max=${BUFFER_RANGE.max}
          step=${BUFFER_RANGE.step}
          aria-describedby="buffer-hint"
          aria-valuetext="${value} milliseconds"
          .value=${String(value)}
          @input=${this._onBuffer}
        />
        <p class="hint muted" id="buffer-hint">
          Shorter means less delay; longer rides out a bumpy network without dropouts.
        </p>
      </div>
    `;
  }

  private _ultraLine({ note, figures }: UltraState): TemplateResult {
    const codec = figures?.format === 'opus' ? 'Opus; ' : '';
    const detail = figures
      ? ` (${codec}spare buffer ${Math.round(figures.lowMs)} ms, `
        + `aiming at ${Math.round(figures.targetMs)} ms; `
        + `${figures.underruns === 1 ? '1 dropout' : `${figures.underruns} dropouts`})`
      : '';
    return html`<p data-testid="ultra">${note}<span class="muted">${detail}</span></p>`;
  }

  private _screenToggle(): TemplateResult {
    if (!ScreenKeeper.supported) return html``;
    return html`<label class="toggle">
      <input type="checkbox" .checked=${this._screenOn} @change=${this._onScreenToggle} />
      Keep the screen on
    </label>`;
  }

  private _figuresPanel(): TemplateResult {
    const figures = this._figures;
    const parts = figures
      ? `buffer ${ms(figures.jitterBufferMs)}, network ${ms(figures.halfRoundTripMs)}, ` +
        `playout ${ms(figures.playoutMs)}`
      : '';
    const path = figures?.path ?? null;
    return html`
      <section aria-label="Connection figures">
        <dl class="figures" data-testid="figures">
          <dt>Quality</dt>
          <dd>${this._mode ? MODES[this._mode].name : '–'}</dd>
          <dt>Latency</dt>
          <dd>${ms(figures?.latencyMs)} <span class="muted">${parts}</span></dd>
          <dt>Bitrate</dt>
          <dd>${known(figures?.bitrateKbps, (kbps) => `${Math.round(kbps)} kbps`)}</dd>
          <dt>Loss</dt>
          <dd>${known(figures?.lossPercent, (percent) => `${percent.toFixed(1)}%`)}</dd>
          <dt>Path</dt>
          <dd>${path === null ? '–' : PATH_NAMES[path]}</dd>
        </dl>
      </section>
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
      onMode: (mode) => {
        if (this._listener !== listener) return;
        this._mode = mode;
        // The listener keeps a buffer the user chose; otherwise the mode's applies.
        if (!this._bufferChosen) this._bufferMs = MODES[mode].bufferMs;
      },
      onFigures: (figures) => {
        if (this._listener === listener) this._figures = figures;
      },
      onUltra: (state) => {
        if (this._listener === listener) this._ultra = state;
      },
      onReconnecting: () => {
        if (this._listener === listener) this._show('reconnecting');
      },
      onEnded: (reason) => {
        if (this._listener === listener) this._finish('ended', reason);
      },
      onFailed: (message) => {
        if (this._listener === listener) this._finish('error', message);
      },
    });
    this._listener = listener;
    if (this._bufferChosen && this._bufferMs !== null) listener.setBufferTarget(this._bufferMs);
    this._figures = null;
    this._ultra = null;
    saveListen(code);
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
      if (this._phase === 'reconnecting') this._show('playing');
    } catch {
      // Autoplay refused: the browser wants a tap first.
      if (this._listener) this._show('tap');
    }
  }

  /** Ends playback and the connection; the page goes back to asking for a code. */
  private _finish(phase: 'ended' | 'error', detail: string): void {
    this._stop();
    clearListen();
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
    showNowPlaying({
      onPlay: () => {
        if (this._audio) this._audio.muted = false;
      },
      onPause: () => {
        if (this._audio) this._audio.muted = true;
      },
    });
  }

  /** Back in front: sound the platform paused in the background starts again. */
  private readonly _onVisible = (): void => {
    const audio = this._audio;
    if (document.visibilityState !== 'visible' || !audio || !this._listener) return;
    if (audio.paused && audio.srcObject) void audio.play().catch(() => this._show('tap'));
  };

  private _onScreenToggle(event: Event): void {
    if (!(event.target instanceof HTMLInputElement)) return;
    this._screenOn = event.target.checked;
    void this._screen.keepOn(this._screenOn);
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

  private _onBuffer(event: Event): void {
    if (!(event.target instanceof HTMLInputElement)) return;
    this._bufferMs = Number(event.target.value);
    this._bufferChosen = true;
    this._listener?.setBufferTarget(this._bufferMs);
  }

  private _onStop(): void {
    this._stop();
    clearListen();
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
