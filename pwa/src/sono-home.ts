import { LitElement, css, html, type TemplateResult } from 'lit';
import { baseStyles } from './styles.ts';

const touchFirst = matchMedia('(pointer: coarse)');

/** Two doors: Send on a laptop, Listen on a phone. A phone sees Listen first. */
export class SonoHome extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .intro {
        margin: 0 0 1.5rem;
        font-size: 1.1rem;
      }
      nav {
        display: grid;
        gap: 1rem;
        grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
      }
      a {
        display: block;
        padding: 1.75rem 1.5rem;
        border: 1px solid var(--sono-border);
        border-radius: var(--sono-radius);
        background: var(--sono-surface);
        color: inherit;
        text-decoration: none;
      }
      a:hover {
        border-color: var(--sono-accent);
      }
      .label {
        display: block;
        color: var(--sono-accent);
        font-size: 2rem;
        font-weight: 700;
      }
      .hint {
        display: block;
        margin-top: 0.4rem;
        color: var(--sono-muted);
      }
    `,
  ];

  static override properties = { _touchFirst: { state: true } };

  declare _touchFirst: boolean;

  constructor() {
    super();
    this._touchFirst = touchFirst.matches;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    touchFirst.addEventListener('change', this._onPointerChange);
  }

  override disconnectedCallback(): void {
    touchFirst.removeEventListener('change', this._onPointerChange);
    super.disconnectedCallback();
  }

  override render(): TemplateResult {
    const send = html`
      <a href="/send">
        <span class="label">Send</span>
        <span class="hint">Share this computer's sound with a phone.</span>
      </a>
    `;
    const listen = html`
      <a href="/listen">
        <span class="label">Listen</span>
        <span class="hint">Hear a computer's sound on this device.</span>
      </a>
    `;
    return html`
      <h1 class="intro">Your phone as wireless headphones for your laptop.</h1>
      <nav aria-label="Choose a role">${this._touchFirst ? [listen, send] : [send, listen]}</nav>
    `;
  }

  private readonly _onPointerChange = (event: MediaQueryListEvent): void => {
    this._touchFirst = event.matches;
  };
}

customElements.define('sono-home', SonoHome);

declare global {
  interface HTMLElementTagNameMap {
    'sono-home': SonoHome;
  }
}
