import { LitElement, css, html, type TemplateResult } from 'lit';
import type { SourceKind } from './lib/sources.ts';
import { TEST_TONE_LEFT_HZ, TEST_TONE_RIGHT_HZ } from './lib/test-sound.ts';
import { baseStyles } from './styles.ts';

interface Choice {
  kind: SourceKind;
  name: string;
  hint: string;
}

const CHOICES: readonly Choice[] = [
  {
    kind: 'tab',
    name: 'Tab or screen',
    hint: 'The sound of a browser tab (or of the whole screen, on Windows and ChromeOS).',
  },
  {
    kind: 'input',
    name: 'Input device',
    hint: 'A microphone, or a loopback device that carries the computer\'s sound.',
  },
  {
    kind: 'test',
    name: 'Test sound',
    hint: `A steady tone, ${TEST_TONE_LEFT_HZ} Hz on the left and ${TEST_TONE_RIGHT_HZ} Hz on ` +
      'the right, to check the phone (and which ear is which) without playing anything.',
  },
];

/**
 * The three sources, each with why it cannot work here when it cannot. Fires
 * `sono-pick` with the chosen kind, synchronously inside the click, because the
 * browser only opens capture prompts from a user gesture.
 */
export class SonoSourcePicker extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      ul {
        display: grid;
        gap: 1rem;
        margin: 1rem 0 0;
        padding: 0;
        list-style: none;
      }
      li {
        display: grid;
        gap: 0.35rem;
        padding: 1rem 1.25rem;
        border: 1px solid var(--sono-border);
        border-radius: var(--sono-radius);
        background: var(--sono-surface);
      }
      button {
        justify-self: start;
        font-size: 1.1rem;
      }
      p {
        margin: 0;
      }
      .problem {
        color: var(--sono-danger);
      }
    `,
  ];

  static override properties = {
    tabProblem: { attribute: false },
    inputProblem: { attribute: false },
    busy: { type: Boolean },
  };

  /** Why tab capture cannot work here, or null. */
  declare tabProblem: string | null;
  declare inputProblem: string | null;
  /** A capture is under way: no second one until it settles. */
  declare busy: boolean;

  constructor() {
    super();
    this.tabProblem = null;
    this.inputProblem = null;
    this.busy = false;
  }

  override render(): TemplateResult {
    return html`
      <p>Choose what the phone will hear.</p>
      <ul>
        ${CHOICES.map((choice) => this._choice(choice))}
      </ul>
    `;
  }

  private _choice({ kind, name, hint }: Choice): TemplateResult {
    const problem = this._problemOf(kind);
    return html`
      <li>
        <button
          class="primary"
          type="button"
          aria-describedby="${kind}-hint ${kind}-problem"
          ?disabled=${this.busy || problem !== null}
          @click=${() => this._pick(kind)}
        >
          ${name}
        </button>
        <p class="muted" id="${kind}-hint">${hint}</p>
        ${problem ? html`<p class="problem" id="${kind}-problem">${problem}</p>` : ''}
      </li>
    `;
  }

  private _problemOf(kind: SourceKind): string | null {
    if (kind === 'tab') return this.tabProblem;
    if (kind === 'input') return this.inputProblem;
    return null;
  }

  private _pick(kind: SourceKind): void {
    const options = { detail: kind, bubbles: true, composed: true };
    this.dispatchEvent(new CustomEvent<SourceKind>('sono-pick', options));
  }
}

customElements.define('sono-source-picker', SonoSourcePicker);

declare global {
  interface HTMLElementTagNameMap {
    'sono-source-picker': SonoSourcePicker;
  }
  interface HTMLElementEventMap {
    'sono-pick': CustomEvent<SourceKind>;
  }
}
