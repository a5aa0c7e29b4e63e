import { css } from 'lit';

/** Layout shared by the dashboard views: the heading row and the panels under it. */
export const viewStyles = css`
  :host {
    display: block;
  }
  .view-head {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    justify-content: space-between;
    gap: 0.5rem 1rem;
    margin: 0.25rem 0 1.1rem;
  }
  .view-head h1 {
    font-size: 1.5rem;
    font-weight: 700;
    letter-spacing: -0.01em;
  }
  .view-head .sub {
    color: var(--ms-muted);
    font-size: 0.9rem;
    margin-top: 0.15rem;
  }
  .stale {
    opacity: 0.6;
    transition: opacity 0.2s;
  }
  .grid-2 {
    display: grid;
    grid-template-columns: minmax(0, 1.6fr) minmax(0, 1fr);
    gap: 1.25rem;
    align-items: start;
  }
  @media (max-width: 960px) {
    .grid-2 {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  @media (max-width: 640px) {
    .view-head h1 {
      font-size: 1.25rem;
    }
    .panel {
      padding: 0.9rem 0.9rem;
    }
  }
`;
