import { LitElement, css, html, type TemplateResult } from 'lit';
import { VERSION } from './lib/version.ts';
import { baseStyles } from './styles.ts';
import './sono-home.ts';
import './sono-offline-notice.ts';
import './sono-update-prompt.ts';
import './sono-send.ts';
import './sono-listen.ts';
import './sono-account.ts';
import './sono-privacy.ts';

type Route = 'home' | 'send' | 'listen' | 'account' | 'privacy';

const ROUTES: Record<string, Route> = {
  '/': 'home', '/send': 'send', '/listen': 'listen', '/account': 'account', '/privacy': 'privacy',
};
const TITLES: Record<Route, string> = {
  home: 'Sono',
  send: 'Send · Sono',
  listen: 'Listen · Sono',
  account: 'Account · Sono',
  privacy: 'Privacy · Sono',
};

function routeOf(pathname: string): Route {
  return ROUTES[pathname] ?? 'home';
}

/** The shell: a header and whichever page the path names. Unknown paths show home. */
export class SonoApp extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        min-height: 100vh;
        background: var(--sono-bg);
      }
      header {
        max-width: 56rem;
        margin: 0 auto;
        padding: 1rem 1.25rem 0;
      }
      header {
        display: flex;
        gap: 1.25rem;
        align-items: baseline;
      }
      header a.small {
        color: inherit;
        font-size: 1rem;
        font-weight: 400;
      }
      header a.home {
        margin-right: auto;
        color: inherit;
        font-size: 1.25rem;
        font-weight: 700;
        letter-spacing: 0.02em;
        text-decoration: none;
      }
      main {
        max-width: 56rem;
        margin: 0 auto;
        padding: 1rem 1.25rem 3rem;
      }
      .notices,
      footer {
        max-width: 56rem;
        margin: 0 auto;
        padding: 0 1.25rem;
      }
      .notices {
        padding-top: 1rem;
      }
      footer {
        padding-bottom: 1.5rem;
        font-size: 0.875rem;
      }
    `,
  ];

  static override properties = { _route: { state: true } };

  declare _route: Route;

  constructor() {
    super();
    this._route = routeOf(location.pathname);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('popstate', this._onPopState);
    this.addEventListener('click', this._onClick);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('popstate', this._onPopState);
    this.removeEventListener('click', this._onClick);
    super.disconnectedCallback();
  }

  override updated(): void {
    document.title = TITLES[this._route];
  }

  override render(): TemplateResult {
    return html`
      <header>
        <a class="home" href="/" aria-label="Sono home">Sono</a>
        <a class="small" href="/account">Account</a>
        <a class="small" href="/privacy">Privacy</a>
      </header>
      <div class="notices">
        <sono-offline-notice></sono-offline-notice>
        <sono-update-prompt .streamPage=${this._route === 'send' || this._route === 'listen'}></sono-update-prompt>
      </div>
      <main>${this._page()}</main>
      <footer class="muted" data-testid="version">Sono ${VERSION}</footer>
    `;
  }

  private _page(): TemplateResult {
    switch (this._route) {
      case 'send':
        return html`<sono-send></sono-send>`;
      case 'listen':
        return html`<sono-listen></sono-listen>`;
      case 'account':
        return html`<sono-account></sono-account>`;
      case 'privacy':
        return html`<sono-privacy></sono-privacy>`;
      case 'home':
        return html`<sono-home></sono-home>`;
    }
  }

  private readonly _onPopState = (): void => {
    this._route = routeOf(location.pathname);
  };

  /** Same-origin links anywhere in the app, even inside shadow roots, stay in the page. */
  private readonly _onClick = (event: MouseEvent): void => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.composedPath().find((node) => node instanceof HTMLAnchorElement);
    if (!(link instanceof HTMLAnchorElement)) return;
    if (link.target || link.hasAttribute('download')) return;

    const url = new URL(link.href);
    if (url.origin !== location.origin) return;
    event.preventDefault();
    if (url.href !== location.href) history.pushState(null, '', url);
    this._route = routeOf(url.pathname);
    window.scrollTo(0, 0);
  };
}

customElements.define('sono-app', SonoApp);

declare global {
  interface HTMLElementTagNameMap {
    'sono-app': SonoApp;
  }
}
