import { css } from 'lit';

/** Colours, controls and focus rings every Sono component shares. */
export const baseStyles = css`
  :host {
    --sono-bg: #f6f5f2;
    --sono-surface: #ffffff;
    --sono-text: #1b1c1f;
    --sono-muted: #595c64;
    --sono-border: #d6d5cf;
    --sono-accent: #2e47c9;
    --sono-on-accent: #ffffff;
    --sono-danger: #a4261d;
    --sono-danger-bg: #fbe9e7;
    --sono-focus: #2e47c9;
    --sono-radius: 14px;
    color: var(--sono-text);
    box-sizing: border-box;
  }

  @media (prefers-color-scheme: dark) {
    :host {
      --sono-bg: #17181b;
      --sono-surface: #222328;
      --sono-text: #ececee;
      --sono-muted: #a7a9b0;
      --sono-border: #3a3c43;
      --sono-accent: #9aabff;
      --sono-on-accent: #10142e;
      --sono-danger: #ffb4a9;
      --sono-danger-bg: #3b1d1a;
      --sono-focus: #9aabff;
    }
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  [hidden] {
    display: none !important;
  }

  h1,
  h2 {
    line-height: 1.2;
    margin: 0 0 0.5rem;
  }

  p {
    line-height: 1.5;
  }

  button,
  input,
  select {
    font: inherit;
    color: inherit;
    accent-color: var(--sono-accent);
  }

  button {
    min-height: 44px;
    padding: 0.6rem 1.2rem;
    border: 1px solid var(--sono-border);
    border-radius: var(--sono-radius);
    background: var(--sono-surface);
    cursor: pointer;
  }

  button.primary {
    border-color: var(--sono-accent);
    background: var(--sono-accent);
    color: var(--sono-on-accent);
    font-weight: 600;
  }

  button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }

  input,
  select {
    min-height: 44px;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--sono-border);
    border-radius: calc(var(--sono-radius) / 2);
    background: var(--sono-surface);
  }

  a {
    color: var(--sono-accent);
  }

  :focus-visible {
    outline: 3px solid var(--sono-focus);
    outline-offset: 3px;
  }

  .notice {
    margin: 1rem 0;
    padding: 0.75rem 1rem;
    border-radius: calc(var(--sono-radius) / 2);
    background: var(--sono-danger-bg);
    color: var(--sono-danger);
  }

  .muted {
    color: var(--sono-muted);
  }
`;
