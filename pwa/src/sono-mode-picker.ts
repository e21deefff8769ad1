import { LitElement, css, html, type TemplateResult } from 'lit';
import { MODE_ORDER, MODES, type QualityMode } from './lib/quality.ts';
import { baseStyles } from './styles.ts';

/** The sender's quality mode as a labelled radio group. Fires `sono-mode` on a change. */
export class SonoModePicker extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      fieldset {
        margin: 0;
        padding: 0.75rem 1rem;
        border: 1px solid var(--sono-border);
        border-radius: var(--sono-radius);
      }
      legend {
        padding: 0 0.35rem;
        font-weight: 600;
      }
      label {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0 0.6rem;
        align-items: baseline;
        padding: 0.35rem 0;
        cursor: pointer;
      }
      input {
        min-height: auto;
        margin: 0;
      }
      .hint {
        grid-column: 2;
        font-size: 0.9rem;
      }
    `,
  ];

  static override properties = { mode: {} };

  declare mode: QualityMode;

  constructor() {
    super();
    this.mode = 'music';
  }

  override render(): TemplateResult {
    return html`
      <fieldset>
        <legend>Quality</legend>
        ${MODE_ORDER.map((mode) => this._option(mode))}
      </fieldset>
    `;
  }

  private _option(mode: QualityMode): TemplateResult {
    const { name, hint } = MODES[mode];
    return html`
      <label>
        <input
          type="radio"
          name="mode"
          .value=${mode}
          .checked=${mode === this.mode}
          aria-describedby="${mode}-hint"
          @change=${() => this._pick(mode)}
        />
        <span>${name}</span>
        <span class="hint muted" id="${mode}-hint">${hint}</span>
      </label>
    `;
  }

  private _pick(mode: QualityMode): void {
    this.mode = mode;
    const options = { detail: mode, bubbles: true, composed: true };
    this.dispatchEvent(new CustomEvent<QualityMode>('sono-mode', options));
  }
}

customElements.define('sono-mode-picker', SonoModePicker);

declare global {
  interface HTMLElementTagNameMap {
    'sono-mode-picker': SonoModePicker;
  }
  interface HTMLElementEventMap {
    'sono-mode': CustomEvent<QualityMode>;
  }
}
