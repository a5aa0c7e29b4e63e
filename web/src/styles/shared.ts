import { css } from 'lit';

/**
 * Styles every component shares: colour tokens come from :root (index.html) and pierce the
 * shadow roots as custom properties; these rules give buttons, links, cards, tables and focus
 * rings one look.
 */
export const shared = css`
  :host {
    color: var(--ms-text);
    font: inherit;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  a {
    color: var(--ms-link);
    text-underline-offset: 0.15em;
  }
  a:hover {
    color: var(--ms-link-hover);
  }
  :focus-visible {
    outline: 3px solid var(--ms-focus);
    outline-offset: 2px;
    border-radius: 3px;
  }
  h1,
  h2,
  h3 {
    line-height: 1.25;
    margin: 0;
    color: var(--ms-heading);
  }
  h2 {
    font-size: 1.125rem;
    font-weight: 650;
  }
  h3 {
    font-size: 1rem;
    font-weight: 650;
  }
  p {
    margin: 0;
  }
  .muted {
    color: var(--ms-muted);
  }
  .small {
    font-size: 0.875rem;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
  }
  button,
  .button,
  select,
  input {
    font: inherit;
    color: inherit;
  }
  button,
  .button {
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
    min-height: 2.25rem;
    padding: 0.35rem 0.85rem;
    border: 1px solid var(--ms-border-strong);
    border-radius: 8px;
    background: var(--ms-surface);
    color: var(--ms-text);
    cursor: pointer;
    text-decoration: none;
    font-size: 0.9rem;
    font-weight: 550;
    line-height: 1.2;
  }
  button:hover,
  .button:hover {
    background: var(--ms-hover);
    color: var(--ms-text);
  }
  button.primary {
    background: var(--ms-accent);
    border-color: var(--ms-accent);
    color: #fff;
  }
  button.primary:hover {
    background: var(--ms-accent-dark);
  }
  button[disabled] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  button.danger {
    color: var(--ms-danger);
    border-color: var(--ms-danger);
  }
  select,
  input[type='date'],
  input[type='text'],
  input[type='email'],
  input[type='password'],
  input[type='number'] {
    min-height: 2.25rem;
    padding: 0.3rem 0.55rem;
    border: 1px solid var(--ms-border-strong);
    border-radius: 8px;
    background: var(--ms-surface);
    max-width: 100%;
  }
  label {
    font-size: 0.8125rem;
    font-weight: 600;
    color: var(--ms-muted);
  }
  .panel {
    background: var(--ms-surface);
    border: 1px solid var(--ms-border);
    border-radius: 12px;
    padding: 1.1rem 1.25rem;
  }
  .panel-head {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.5rem 1rem;
    margin-bottom: 0.9rem;
  }
  .stack > * + * {
    margin-top: 1.25rem;
  }
  .notice {
    padding: 0.85rem 1rem;
    border-radius: 10px;
    border: 1px solid var(--ms-border);
    background: var(--ms-surface);
  }
  .notice.error {
    border-color: #f1b5ad;
    background: #fdf1ef;
    color: #7a1d12;
  }
  .notice.info {
    border-color: #b9d5ea;
    background: #f0f6fb;
  }
  .loading {
    color: var(--ms-muted);
    padding: 2rem 0;
    text-align: center;
  }
  .swatch {
    display: inline-block;
    width: 0.75rem;
    height: 0.75rem;
    border-radius: 3px;
    vertical-align: -0.05em;
    margin-right: 0.35rem;
    flex: none;
  }
  details > summary {
    cursor: pointer;
    color: var(--ms-link);
    font-size: 0.875rem;
    font-weight: 550;
    padding: 0.25rem 0;
    width: fit-content;
  }
  .def {
    color: inherit;
    text-decoration: none;
  }
  .def:hover {
    text-decoration: underline;
  }
  .def-mark {
    display: inline-grid;
    place-items: center;
    width: 1.05rem;
    height: 1.05rem;
    margin-left: 0.3rem;
    border-radius: 50%;
    border: 1px solid currentColor;
    font-size: 0.7rem;
    font-weight: 700;
    line-height: 1;
    color: var(--ms-muted);
    vertical-align: 0.1em;
  }
  /* A segmented control: two or three buttons, the pressed one highlighted. */
  .seg {
    display: inline-flex;
    border: 1px solid var(--ms-border-strong);
    border-radius: 8px;
    overflow: hidden;
  }
  .seg button {
    border: none;
    border-radius: 0;
    min-height: 2.25rem;
  }
  .seg button[aria-pressed='true'] {
    background: var(--ms-accent-soft);
    color: var(--ms-accent-dark);
  }
`;
