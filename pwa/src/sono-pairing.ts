import { LitElement, css, html, type PropertyValues, type TemplateResult } from 'lit';
import { unsafeSVG } from 'lit/directives/unsafe-svg.js';
import { renderSVG } from 'uqr';
import { formatCode } from '../../api/pairing-code.ts';
import { formatEndTime } from './lib/time.ts';
import { baseStyles } from './styles.ts';

const COPIED_FOR_MS = 2_000;

/** Everything a phone needs to find this stream: the code, a QR code and a link. */
export class SonoPairing extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .caption {
        margin: 0;
        color: var(--sono-muted);
      }
      .code {
        margin: 0.25rem 0 1rem;
        font-family: ui-monospace, 'SF Mono', Menlo, Consolas, monospace;
        font-size: clamp(2.5rem, 8vw, 4rem);
        font-weight: 700;
        letter-spacing: 0.08em;
      }
      .qr {
        width: min(15rem, 100%);
        line-height: 0;
      }
      .qr svg {
        width: 100%;
        height: auto;
        border-radius: 8px;
      }
      .link {
        display: flex;
        gap: 0.5rem;
        margin-top: 0.35rem;
      }
      .link input {
        flex: 1;
        min-width: 0;
      }
      label {
        display: block;
        margin-top: 1.25rem;
      }
    `,
  ];

  static override properties = {
    code: { attribute: false },
    endsAt: { attribute: false },
    _copied: { state: true },
  };

  declare code: string;
  declare endsAt: Date | null;
  declare _copied: boolean;

  private _qr = '';
  private _copiedTimer?: ReturnType<typeof setTimeout>;

  constructor() {
    super();
    this.code = '';
    this.endsAt = null;
    this._copied = false;
  }

  override disconnectedCallback(): void {
    clearTimeout(this._copiedTimer);
    super.disconnectedCallback();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('code')) this._qr = this.code ? renderSVG(this._link, { border: 2 }) : '';
  }

  override render(): TemplateResult {
    return html`
      <p class="caption">Pairing code</p>
      <p class="code" data-testid="pairing-code">${formatCode(this.code)}</p>
      <div class="qr" role="img" aria-label="QR code that opens Listen with this code">
        ${unsafeSVG(this._qr)}
      </div>
      <label for="link">Or open this link on the phone</label>
      <div class="link">
        <input id="link" readonly .value=${this._link} @focus=${this._onLinkFocus} />
        <button type="button" @click=${this._onCopy}>Copy link</button>
      </div>
      <p class="muted" role="status">${this._copied ? 'Link copied.' : ''}</p>
      ${this.endsAt
        ? html`<p class="muted">
            Ends at
            <time datetime=${this.endsAt.toISOString()}>${formatEndTime(this.endsAt)}</time>
          </p>`
        : ''}
    `;
  }

  private get _link(): string {
    return `${location.origin}/listen#code=${this.code}`;
  }

  private _onLinkFocus(event: FocusEvent): void {
    if (event.target instanceof HTMLInputElement) event.target.select();
  }

  private async _onCopy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this._link);
    } catch {
      // No clipboard (plain HTTP, or refused): leave the link selected to copy by hand.
      this.renderRoot.querySelector('input')?.select();
      return;
    }
    this._copied = true;
    clearTimeout(this._copiedTimer);
    this._copiedTimer = setTimeout(() => (this._copied = false), COPIED_FOR_MS);
  }
}

customElements.define('sono-pairing', SonoPairing);

declare global {
  interface HTMLElementTagNameMap {
    'sono-pairing': SonoPairing;
  }
}
