import { LitElement, css, html, type TemplateResult } from 'lit';
import { watchForUpdates, type AppUpdates } from './lib/updates.ts';
import { baseStyles } from './styles.ts';

/**
 * Says when a new version of Sono is ready and reloads into it only when asked.
 * `streamPage` is set on Send and Listen, where a reload would end a stream.
 */
export class SonoUpdatePrompt extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .prompt {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: center;
        margin: 0 0 1rem;
        padding: 0.75rem 1rem;
        border: 1px solid var(--sono-accent);
        border-radius: var(--sono-radius);
        background: var(--sono-surface);
      }
      p {
        flex: 1 1 16rem;
        margin: 0;
      }
      .actions {
        display: flex;
        gap: 0.5rem;
      }
    `,
  ];

  static override properties = {
    streamPage: { type: Boolean },
    _ready: { state: true },
  };

  declare streamPage: boolean;
  declare _ready: boolean;

  private _updates: AppUpdates | null = null;

  constructor() {
    super();
    this.streamPage = false;
    this._ready = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._updates ??= watchForUpdates(() => (this._ready = true));
    document.addEventListener('visibilitychange', this._onVisible);
    window.addEventListener('online', this._onVisible);
  }

  override disconnectedCallback(): void {
    document.removeEventListener('visibilitychange', this._onVisible);
    window.removeEventListener('online', this._onVisible);
    super.disconnectedCallback();
  }

  override render(): TemplateResult {
    // The live region stays in the page so that screen readers announce what appears in it.
    return html`<div role="status" data-testid="update">${this._ready ? this._prompt() : ''}</div>`;
  }

  private _prompt(): TemplateResult {
    const warning = this.streamPage
      ? ' Updating reloads the page and ends a stream in progress.'
      : '';
    return html`
      <div class="prompt">
        <p>A new version of Sono is ready.${warning}</p>
        <div class="actions">
          <button class="primary" type="button" @click=${this._onUpdate}>Update now</button>
          <button type="button" @click=${this._onLater}>Later</button>
        </div>
      </div>
    `;
  }

  private _onUpdate(): void {
    this._updates?.accept();
  }

  /** The new version keeps waiting; the prompt comes back the next time Sono opens. */
  private _onLater(): void {
    this._ready = false;
  }

  /** An installed app stays open for days: look again whenever it comes back into view. */
  private readonly _onVisible = (): void => {
    if (document.visibilityState === 'visible') this._updates?.check();
  };
}

customElements.define('sono-update-prompt', SonoUpdatePrompt);

declare global {
  interface HTMLElementTagNameMap {
    'sono-update-prompt': SonoUpdatePrompt;
  }
}
