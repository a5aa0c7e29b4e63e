import { css } from 'lit';

/**
 * The commuter app's phone-first layout: big tap targets (at least 44 px, WCAG 2.5.5), mode
 * chips that are radio buttons underneath (keyboard and screen readers get a radio group),
 * and leg cards whose fields wrap instead of overlapping at 360 px.
 */
export const commuterStyles = css`
  .big {
    min-height: 3rem;
    padding: 0.6rem 1rem;
    font-size: 1rem;
    justify-content: center;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.6rem;
  }
  .actions > * {
    flex: 1 1 9rem;
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem;
    border: 0;
    margin: 0;
    padding: 0;
    min-width: 0;
  }
  .chips legend {
    font-size: 0.8125rem;
    font-weight: 600;
    color: var(--ms-muted);
    margin-bottom: 0.3rem;
    padding: 0;
  }
  .chip {
    position: relative;
  }
  .chip input {
    position: absolute;
    opacity: 0;
    width: 1px;
    height: 1px;
  }
  .chip span {
    display: inline-flex;
    align-items: center;
    min-height: 2.75rem;
    padding: 0.3rem 0.75rem;
    border: 1px solid var(--ms-border-strong);
    border-radius: 999px;
    background: var(--ms-surface);
    color: var(--ms-text);
    font-size: 0.9rem;
    font-weight: 550;
    cursor: pointer;
  }
  .chip input:checked + span {
    background: var(--ms-accent);
    border-color: var(--ms-accent);
    color: #fff;
  }
  .chip input:focus-visible + span {
    outline: 3px solid var(--ms-focus);
    outline-offset: 2px;
  }
  .fields {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(8.5rem, 1fr));
    gap: 0.6rem;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.2rem;
    min-width: 0;
  }
  .field input,
  .field select {
    width: 100%;
    min-height: 2.75rem;
  }
  .leg {
    border: 1px solid var(--ms-border);
    border-radius: 12px;
    padding: 0.75rem;
    display: grid;
    gap: 0.6rem;
  }
  .leg-head {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: center;
    gap: 0.4rem;
  }
  .leg-tools {
    display: flex;
    gap: 0.3rem;
  }
  .leg-tools button {
    min-width: 2.75rem;
    min-height: 2.75rem;
    justify-content: center;
  }
  .err {
    color: var(--ms-danger);
    font-size: 0.85rem;
  }
  .pending {
    border-left: 4px solid #d9a300;
    padding: 0.5rem 0.75rem;
    background: #fffaf0;
    border-radius: 6px;
  }
  .plain {
    list-style: none;
    padding: 0;
    margin: 0;
    display: grid;
    gap: 0.5rem;
  }
  .links {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
    gap: 0.5rem;
  }
  .links a {
    min-height: 3rem;
    justify-content: center;
  }
`;
