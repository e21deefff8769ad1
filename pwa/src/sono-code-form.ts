import { LitElement, css, html, type TemplateResult } from 'lit';
import { baseStyles } from './styles.ts';

/**
 * The pairing code field and its Listen button. Fires `sono-join` with the text as
 * typed; checking it is the page's job, so that it can say what is wrong.
 */
export class SonoCodeForm extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      form {
        display: grid;
        gap: 0.75rem;
      }
      input {
        font-size: 1.5rem;
        letter-spacing: 0.08em;
        text-transform: uppercase;
      }
      button {
        width: 100%;
      }
    `,
  ];

  static override properties = { value: {} };

  declare value: string;

  constructor() {
    super();
    this.value = '';
  }

  override render(): TemplateResult {
    return html`
      <form @submit=${this._onSubmit}>
        <label for="code">Pairing code</label>
        <input
          id="code"
          name="code"
          autocomplete="off"
          autocapitalize="characters"
          inputmode="text"
          spellcheck="false"
          enterkeyhint="go"
          placeholder="ABCD-EFGH"
          .value=${this.value}
          @input=${this._onInput}
        />
        <button class="primary" type="submit">Listen</button>
      </form>
    `;
  }

  private _onInput(event: InputEvent): void {
    if (event.target instanceof HTMLInputElement) this.value = event.target.value;
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const options = { detail: this.value, bubbles: true, composed: true };
    this.dispatchEvent(new CustomEvent<string>('sono-join', options));
  }
}

customElements.define('sono-code-form', SonoCodeForm);

declare global {
  interface HTMLElementTagNameMap {
    'sono-code-form': SonoCodeForm;
  }
  interface HTMLElementEventMap {
    'sono-join': CustomEvent<string>;
  }
}
