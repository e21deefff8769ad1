import { LitElement, css, html, type TemplateResult } from 'lit';
import {
  changeEmail, changePassword, deleteAccount, recentSessions, signIn, signOut, signUp, whoAmI,
  type Account, type RecentSession,
} from './lib/account.ts';
import { userMessage } from './lib/user-error.ts';
import { baseStyles } from './styles.ts';

/**
 * The account page: sign up or in; once in, the plan, recent sessions, changes of
 * e-mail and password, the export, and deletion behind a confirmation.
 */
export class SonoAccount extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      form {
        display: grid;
        gap: 0.6rem;
        max-width: 24rem;
        margin: 0.5rem 0 2rem;
      }
      label {
        display: grid;
        gap: 0.25rem;
      }
      section {
        margin-bottom: 2rem;
      }
    `,
  ];

  static override properties = {
    _account: { state: true },
    _sessions: { state: true },
    _notice: { state: true },
    _loaded: { state: true },
  };

  declare _account: Account | null;
  declare _sessions: readonly RecentSession[];
  declare _notice: string;
  declare _loaded: boolean;

  constructor() {
    super();
    this._account = null;
    this._sessions = [];
    this._notice = '';
    this._loaded = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this._load();
  }

  override render(): TemplateResult {
    return html`
      <h1>Account</h1>
      <div role="alert" data-testid="notice">
        ${this._notice ? html`<p class="notice">${this._notice}</p>` : ''}
      </div>
      ${!this._loaded ? html`<p class="muted">Loading…</p>`
        : this._account ? this._signedIn(this._account) : this._signedOut()}
      <p><a href="/privacy">What Sono keeps about you</a></p>
    `;
  }

  private _signedOut(): TemplateResult {
    return html`
      <p>You can stream without an account. With one, your free sessions follow you between
        browsers, and the Plus plan lifts every limit.</p>
      <h2>Sign in</h2>
      <form @submit=${this._onSignIn}>
        <label>E-mail <input name="email" type="email" autocomplete="username" required></label>
        <label>Password <input name="password" type="password" autocomplete="current-password"
          required></label>
        <button class="primary">Sign in</button>
      </form>
      <h2>Create an account</h2>
      <form @submit=${this._onSignUp}>
        <label>E-mail <input name="email" type="email" autocomplete="username" required></label>
        <label>Password (8 characters or more)
          <input name="password" type="password" autocomplete="new-password" minlength="8"
            required></label>
        <button class="primary">Create account</button>
      </form>
    `;
  }

  private _signedIn(account: Account): TemplateResult {
    return html`
      <p data-testid="signed-in-as">Signed in as <strong>${account.email}</strong>,
        plan <strong>${account.plan}</strong>.</p>
      <button type="button" @click=${this._onSignOut}>Sign out</button>
      <section>
        <h2>Recent sessions</h2>
        ${this._sessions.length === 0 ? html`<p class="muted">None yet.</p>` : html`<ul>
          ${this._sessions.map((session) => html`<li>${session.startedAt.toLocaleString()}
            to ${session.endedAt.toLocaleTimeString()}</li>`)}
        </ul>`}
      </section>
      <section>
        <h2>Your data</h2>
        <p><a href="/api/account/export" download>Download everything Sono keeps about you</a>
          (one JSON file).</p>
      </section>
      <section>
        <h2>Change e-mail address</h2>
        <form @submit=${this._onChangeEmail}>
          <label>New e-mail <input name="email" type="email" required></label>
          <label>Current password <input name="password" type="password"
            autocomplete="current-password" required></label>
          <button>Change e-mail</button>
        </form>
        <h2>Change password</h2>
        <form @submit=${this._onChangePassword}>
          <label>Current password <input name="current" type="password"
            autocomplete="current-password" required></label>
          <label>New password <input name="next" type="password" autocomplete="new-password"
            minlength="8" required></label>
          <button>Change password</button>
        </form>
        <p class="muted">Changing your password signs out your other browsers.</p>
      </section>
      <section>
        <h2>Delete account</h2>
        <form @submit=${this._onDelete}>
          <label>Password <input name="password" type="password" autocomplete="current-password"
            required></label>
          <button>Delete my account and all its data</button>
        </form>
      </section>
    `;
  }

  private async _load(): Promise<void> {
    await this._do(async () => {
      this._account = await whoAmI();
      this._sessions = this._account ? await recentSessions() : [];
    });
    this._loaded = true;
  }

  private readonly _onSignIn = (event: SubmitEvent) => this._submit(event, async (form) => {
    this._account = await signIn(field(form, 'email'), field(form, 'password'));
    this._sessions = await recentSessions();
  });

  private readonly _onSignUp = (event: SubmitEvent) => this._submit(event, async (form) => {
    this._account = await signUp(field(form, 'email'), field(form, 'password'));
    this._sessions = [];
  });

  private readonly _onSignOut = () => this._do(async () => {
    await signOut();
    this._account = null;
    this._sessions = [];
  });

  private readonly _onChangeEmail = (event: SubmitEvent) => this._submit(event, async (form) => {
    this._account = await changeEmail(field(form, 'email'), field(form, 'password'));
    this._notice = 'Your e-mail address is changed.';
  });

  private readonly _onChangePassword = (event: SubmitEvent) => this._submit(event, async (form) => {
    await changePassword(field(form, 'current'), field(form, 'next'));
    this._notice = 'Your password is changed. Other browsers are signed out.';
  });

  private readonly _onDelete = (event: SubmitEvent) => this._submit(event, async (form) => {
    if (!confirm('Delete your account, its sessions and everything Sono keeps about you? '
      + 'This cannot be undone.')) return;
    await deleteAccount(field(form, 'password'));
    this._account = null;
    this._sessions = [];
    this._notice = 'Your account and all its data are deleted.';
  });

  private async _submit(event: SubmitEvent, action: (form: HTMLFormElement) => Promise<void>) {
    event.preventDefault();
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    await this._do(() => action(form));
    if (this._account) form.reset();
  }

  private async _do(action: () => Promise<void>): Promise<void> {
    this._notice = '';
    try {
      await action();
    } catch (error) {
      this._notice = userMessage(error, 'That did not work. Try again.');
    }
  }
}

function field(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name);
  return typeof value === 'string' ? value : '';
}

customElements.define('sono-account', SonoAccount);

declare global {
  interface HTMLElementTagNameMap {
    'sono-account': SonoAccount;
  }
}
