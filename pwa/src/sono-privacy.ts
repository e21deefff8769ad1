import { LitElement, css, html, type TemplateResult } from 'lit';
import { baseStyles } from './styles.ts';

/**
 * The privacy page: what the code does with data, said plainly. Every sentence
 * here is a promise about api/schema.ts, api/login-cookie.ts, lib/cooldown.ts and
 * lib/saved-stream.ts;
 * change them together.
 */
export class SonoPrivacy extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        max-width: 42rem;
      }
    `,
  ];

  override render(): TemplateResult {
    return html`
      <h1>Privacy</h1>
      <h2>Your sound</h2>
      <p>Sound goes straight from your laptop to your phone. Sono's server only introduces the
        two devices. When they cannot reach each other directly, a relay passes the encrypted
        packets along without storing or logging them.</p>
      <h2>What we keep</h2>
      <p>Without an account: a record of each streaming session (a random id, when it started
        and ended, the laptop's random connection id, and a scrambled form of its pairing code),
        tied to no person.</p>
      <p>With an account, also: your e-mail address, your password as a one-way scrypt hash
        (nobody can read the password back), your plan, and which sessions were yours, with the
        time your next free session may start.</p>
      <p>To slow down password guessing we count failed sign-ins for an hour or two, under
        scrambled forms of the e-mail address and of your network address, never the addresses
        themselves.</p>
      <p>Nothing else: no names, phone numbers, locations, recordings, analytics or tracking.
        Our logs say what happened (for example "session created"), never e-mail addresses,
        passwords, cookies or pairing codes.</p>
      <h2>In your browser</h2>
      <p>One cookie, <code>sono_token</code>, and only once you sign in: it holds your sign-in,
        sealed so that only our server can read it, cannot be read by scripts, is not sent by
        other sites' requests, and expires on its own. No third-party cookies.</p>
      <p>Without an account, the laptop keeps in its local storage when your next free session
        may start, and removes it once that time has passed.</p>
      <p>While a stream is on, the tab that runs it keeps what it needs to pick the stream up
        again after a reload in its session storage: on the laptop the stream's ticket, on the
        phone its pairing code. It belongs to that one tab, is removed when the stream ends,
        and is gone when the tab closes.</p>
      <h2>How long</h2>
      <p>Session records are deleted 30 days after they end (the operator can change the period).
        Signing out or deleting your account makes every copy of your cookie useless at once.</p>
      <h2>Your rights</h2>
      <p>On the <a href="/account">account page</a> you can change your e-mail address and
        password, download everything we keep about you as one file, and delete your account:
        the account and all its sessions are then erased, not hidden.</p>
    `;
  }
}

customElements.define('sono-privacy', SonoPrivacy);

declare global {
  interface HTMLElementTagNameMap {
    'sono-privacy': SonoPrivacy;
  }
}
