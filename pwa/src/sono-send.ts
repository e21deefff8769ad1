import { LitElement, css, html, type TemplateResult } from 'lit';
import { describeFigures } from './lib/figures.ts';
import { DEFAULT_MODE, type QualityMode } from './lib/quality.ts';
import { endSession } from './lib/api.ts';
import { clearSend, loadSend, saveSend, type SavedSend } from './lib/saved-stream.ts';
import { Sender, type ListenerInfo } from './lib/sender.ts';
import {
  capture,
  captureInput,
  describeCaptureError,
  inputCaptureProblem,
  listInputs,
  tabCaptureProblem,
  type InputDevice,
  type Source,
  type SourceKind,
} from './lib/sources.ts';
import { ApiError } from './lib/api.ts';
import {
  cooldownAfterEarlyStop, formatCountdown, rememberCooldown, remainingCooldown,
} from './lib/cooldown.ts';
import { userMessage } from './lib/user-error.ts';
import { baseStyles } from './styles.ts';
import './sono-mode-picker.ts';
import './sono-pairing.ts';
import './sono-source-picker.ts';

type Phase = 'choose' | 'starting' | 'live' | 'stopping' | 'ended';

/** The laptop's page: pick a source, show how to pair, list who listens, stop. */
export class SonoSend extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .live {
        display: grid;
        gap: 2rem;
        grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr));
        align-items: start;
      }
      ul {
        padding-left: 1.25rem;
      }
      li {
        margin: 0.25rem 0;
      }
      .controls {
        display: grid;
        gap: 1rem;
        justify-items: start;
      }
      .input label {
        display: block;
        margin-bottom: 0.35rem;
      }
      sono-mode-picker {
        margin-bottom: 1rem;
      }
      .figures {
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  static override properties = {
    _phase: { state: true },
    _notice: { state: true },
    _listeners: { state: true },
    _endReason: { state: true },
    _inputs: { state: true },
    _mode: { state: true },
    _cooldownLeft: { state: true },
  };

  declare _phase: Phase;
  declare _notice: string;
  declare _listeners: readonly ListenerInfo[];
  declare _endReason: string;
  declare _inputs: readonly InputDevice[];
  declare _mode: QualityMode;
  /** Milliseconds until the next free session may start, or null when it may start now. */
  declare _cooldownLeft: number | null;

  private _sender: Sender | null = null;
  private _cooldownTimer?: ReturnType<typeof setInterval>;
  /** A stream this tab started before a reload, still live, waiting for its source. */
  private _saved: SavedSend | null = null;

  constructor() {
    super();
    this._phase = 'choose';
    this._notice = '';
    this._listeners = [];
    this._endReason = '';
    this._inputs = [];
    this._mode = DEFAULT_MODE;
    this._cooldownLeft = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('pagehide', this._onPageHide);
    this._tickCooldown();
    this._saved = loadSend();
    if (!this._saved) return;
    this._mode = this._saved.mode;
    // The test sound needs nobody's permission: pick the stream up at once. Capture
    // must be allowed again, which takes the user's click.
    if (this._saved.source === 'test') void this._start('test');
    else this._notice = 'Your stream is still on. Choose the source again to carry on.';
  }

  override disconnectedCallback(): void {
    window.removeEventListener('pagehide', this._onPageHide);
    clearInterval(this._cooldownTimer);
    this._cooldownTimer = undefined;
    // Leaving Send within the app ends the stream: nobody would be left to stop it.
    if (this._sender) void this._sender.stop('You left the page.');
    this._sender = null;
    clearSend();
    super.disconnectedCallback();
  }

  override render(): TemplateResult {
    return html`
      <h1>${this._phase === 'ended' ? 'Stream ended' : 'Send sound to a phone'}</h1>
      <div role="alert" data-testid="notice">
        ${this._notice ? html`<p class="notice">${this._notice}</p>` : ''}
      </div>
      ${this._body()}
    `;
  }

  private _cooldown(): TemplateResult {
    if (this._cooldownLeft === null) return html``;
    return html`<p class="muted" data-testid="cooldown" role="timer">
      Your free session is used up. The next one can start in
      <strong>${formatCountdown(this._cooldownLeft)}</strong>.
      <a href="/account">Sono Plus</a> has no limits.
    </p>`;
  }

  private _body(): TemplateResult {
    switch (this._phase) {
      case 'choose':
      case 'starting':
        if (this._cooldownLeft !== null) return this._cooldown();
        return html`${this._modePicker()}<sono-source-picker
          .tabProblem=${tabCaptureProblem()}
          .inputProblem=${inputCaptureProblem()}
          .busy=${this._phase === 'starting'}
          @sono-pick=${this._onPick}
        ></sono-source-picker>`;
      case 'live':
      case 'stopping':
        return this._live();
      case 'ended':
        return html`
          <p>${this._endReason}</p>
          ${this._cooldown()}
          <button class="primary" type="button" ?disabled=${this._cooldownLeft !== null}
            @click=${this._onAgain}>Start again</button>
        `;
    }
  }

  private _live(): TemplateResult {
    const sender = this._sender;
    if (!sender) return html``;
    const count = this._listeners.length;
    return html`
      <div class="live">
        <sono-pairing .code=${sender.code} .endsAt=${sender.endsAt}></sono-pairing>
        <div class="controls">
          <p>Sending: <strong>${sender.source.label}</strong></p>
          ${sender.source.kind === 'input' ? this._inputPicker(sender.source) : ''}
          ${this._modePicker()}
          <section aria-labelledby="listeners-heading">
            <h2 id="listeners-heading">
              ${count === 0 ? 'No listeners yet' : `Listeners: ${count}`}
            </h2>
            <ul data-testid="listeners">
              ${this._listeners.map((listener) => this._listener(listener))}
            </ul>
          </section>
          <button
            class="primary"
            type="button"
            ?disabled=${this._phase === 'stopping'}
            @click=${this._onStop}
          >
            Stop streaming
          </button>
        </div>
      </div>
    `;
  }

  private _modePicker(): TemplateResult {
    return html`<sono-mode-picker
      .mode=${this._mode}
      @sono-mode=${this._onMode}
    ></sono-mode-picker>`;
  }

  private _listener({ name, figures }: ListenerInfo): TemplateResult {
    if (!figures) return html`<li>${name}</li>`;
    return html`<li>
      ${name}: <span class="figures muted">${describeFigures(figures)}</span>
    </li>`;
  }

  private _inputPicker(source: Source): TemplateResult {
    if (this._inputs.length < 2) return html``;
    const current = source.stream.getAudioTracks()[0]?.getSettings().deviceId;
    return html`
      <div class="input">
        <label for="input-device">Input device</label>
        <select id="input-device" @change=${this._onInputChange}>
          ${this._inputs.map(
            (input) => html`<option value=${input.id} ?selected=${input.id === current}>
              ${input.label}
            </option>`,
          )}
        </select>
      </div>
    `;
  }

  private _onPick(event: CustomEvent<SourceKind>): void {
    void this._start(event.detail);
  }

  private async _start(kind: SourceKind): Promise<void> {
    const resume = this._saved?.started;
    this._phase = 'starting';
    this._notice = '';

    let source: Source;
    try {
      source = await capture(kind);
    } catch (error) {
      this._phase = 'choose';
      this._notice = describeCaptureError(error);
      return;
    }

    try {
      this._sender = await Sender.start(source, this._mode, {
        onListeners: (listeners) => (this._listeners = listeners),
        onNotice: (message) => (this._notice = message),
        onEnded: (reason) => this._onEnded(reason),
      }, resume);
    } catch (error) {
      source.stop();
      this._phase = 'choose';
      if (error instanceof ApiError && error.code === 'cooldown' && error.retryAfterSeconds) {
        rememberCooldown(localStorage, Date.now() + error.retryAfterSeconds * 1000);
        this._tickCooldown();
      }
      this._notice = userMessage(error, 'Could not start the stream. Try again.');
      if (resume) this._forgetSaved();
      return;
    }

    const { cooldownEndsAt } = this._sender;
    if (cooldownEndsAt) rememberCooldown(localStorage, cooldownEndsAt.getTime());
    if (!this.isConnected) return this._sender.abandon();
    this._saved = null;
    saveSend({ started: this._sender.session, source: kind, mode: this._mode });
    this._phase = 'live';
    // Device names are only readable once capture was allowed, i.e. now.
    if (kind === 'input') this._inputs = await listInputs().catch(() => []);
  }

  private async _onInputChange(event: Event): Promise<void> {
    const sender = this._sender;
    if (!sender || !(event.target instanceof HTMLSelectElement)) return;
    try {
      await sender.replaceSource(await captureInput(event.target.value));
      this._notice = '';
    } catch (error) {
      this._notice = describeCaptureError(error);
    }
    this.requestUpdate();
  }

  private _onMode(event: CustomEvent<QualityMode>): void {
    this._mode = event.detail;
    this._sender?.setMode(event.detail);
    const sender = this._sender;
    if (sender) saveSend({ started: sender.session, source: sender.source.kind, mode: this._mode });
  }

  /** A kept stream that cannot be picked up (or should not be) is ended for good. */
  private _forgetSaved(): void {
    const started = this._saved?.started;
    this._saved = null;
    clearSend();
    if (started) endSession(started.session.id, started.peer.ticket).catch(() => {});
  }

  private async _onStop(): Promise<void> {
    this._phase = 'stopping';
    await this._sender?.stop('You stopped the stream.');
  }

  private _onEnded(reason: string): void {
    const sender = this._sender;
    const now = Date.now();
    if (sender?.cooldownEndsAt && now < sender.endsAt.getTime()) {
      const cooldownMs = sender.cooldownEndsAt.getTime() - sender.endsAt.getTime();
      cooldownAfterEarlyStop(localStorage, now, cooldownMs);
    }
    this._tickCooldown();
    this._sender = null;
    clearSend();
    this._listeners = [];
    this._inputs = [];
    this._endReason = reason;
    this._notice = '';
    this._phase = 'ended';
  }

  private _onAgain(): void {
    this._notice = '';
    this._phase = 'choose';
  }

  /** Reads the cooldown, and keeps a one-second tick running only while one is on. */
  private _tickCooldown(): void {
    this._cooldownLeft = remainingCooldown(localStorage, Date.now());
    if (this._cooldownLeft === null) {
      clearInterval(this._cooldownTimer);
      this._cooldownTimer = undefined;
    } else {
      this._cooldownTimer ??= setInterval(() => this._tickCooldown(), 1000);
    }
  }

  /**
   * The tab is closing or reloading; which, it cannot tell. The session is kept
   * (see Sender.abandon), so a reload picks it up; a closed tab's session ends
   * when its time does, and its listeners give up on their own.
   */
  private readonly _onPageHide = (): void => {
    this._sender?.abandon();
    this._sender = null;
  };
}

customElements.define('sono-send', SonoSend);

declare global {
  interface HTMLElementTagNameMap {
    'sono-send': SonoSend;
  }
}
