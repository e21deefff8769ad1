import { LitElement, css, html, type TemplateResult } from 'lit';
import { isOnline, watchNetwork } from './lib/network.ts';
import { baseStyles } from './styles.ts';

/** Says plainly that there is no network, and goes away by itself when it returns. */
export class SonoOfflineNotice extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      p {
        margin: 0 0 1rem;
        padding: 0.75rem 1rem;
        border: 1px solid var(--sono-border);
        border-radius: var(--sono-radius);
        background: var(--sono-surface);
      }
    `,
  ];

  static override properties = { _online: { state: true } };

  declare _online: boolean;

  private _unwatch: (() => void) | null = null;

  constructor() {
    super();
    this._online = isOnline();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._online = isOnline();
    this._unwatch = watchNetwork((online) => (this._online = online));
  }

  override disconnectedCallback(): void {
    this._unwatch?.();
    this._unwatch = null;
    super.disconnectedCallback();
  }

  override render(): TemplateResult {
    return html`
      <div role="status" data-testid="offline">
        ${this._online
          ? ''
          : html`<p>
              <strong>You are offline.</strong> Streaming needs a network: connect this device
              to Wi-Fi or mobile data. Sono carries on by itself once the network is back.
            </p>`}
      </div>
    `;
  }
}

customElements.define('sono-offline-notice', SonoOfflineNotice);

declare global {
  interface HTMLElementTagNameMap {
    'sono-offline-notice': SonoOfflineNotice;
  }
}
