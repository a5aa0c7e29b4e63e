import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { dropPartnerAnswers, get } from '../api/client.js';

/** How often an open dashboard asks whether its partner's data changed. */
export const LIVE_POLL_MS = 2000;

/**
 * Keeps an open dashboard live (issue 13, point 6): while the page is visible and `partner()`
 * names a scope (a partner id or `network`; null when no dashboard is shown or nobody is signed
 * in), it asks `GET /data-version` every LIVE_POLL_MS. When the answer differs from the last
 * one for the same scope, the cached answers of that partner are dropped and the views fetch
 * again (`dropPartnerAnswers`). Polling a version read from the database, rather than a push
 * from the process that took the write, shows writes made through any server process.
 */
export class LiveDataController implements ReactiveController {
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _scope: string | null = null;
  private _version: string | null = null;
  private _busy = false;
  private _connected = false;

  constructor(
    host: ReactiveControllerHost,
    private readonly partner: () => string | null,
  ) {
    host.addController(this);
  }

  private readonly _onVisibility = (): void => {
    if (document.visibilityState === 'visible') void this._tick();
  };

  hostConnected(): void {
    this._connected = true;
    document.addEventListener('visibilitychange', this._onVisibility);
    this._schedule();
  }

  hostDisconnected(): void {
    this._connected = false;
    document.removeEventListener('visibilitychange', this._onVisibility);
    if (this._timer !== null) clearTimeout(this._timer);
    this._timer = null;
  }

  hostUpdated(): void {
    // A new scope (signed in, another partner, a dashboard opened): take its version at once,
    // alongside the view's first answer, so a write right after it is not mistaken for old.
    if (this.partner() !== this._scope) void this._tick();
  }

  private _schedule(): void {
    if (!this._connected) return;
    if (this._timer !== null) clearTimeout(this._timer);
    this._timer = setTimeout(() => void this._tick(), LIVE_POLL_MS);
  }

  private async _tick(): Promise<void> {
    if (this._busy) return;
    const scope = this.partner();
    if (scope !== this._scope) {
      // A new scope starts from its own first answer: no reload for having moved.
      this._scope = scope;
      this._version = null;
    }
    if (scope === null || document.visibilityState !== 'visible') {
      this._schedule();
      return;
    }
    this._busy = true;
    try {
      const answer = await get(
        '/data-version',
        { params: { query: { partner: scope } } },
        { fresh: true },
      );
      if (this._scope === scope) {
        if (this._version !== null && answer.version !== this._version) dropPartnerAnswers(scope);
        this._version = answer.version;
      }
    } catch {
      // Offline, signed out or refused: the figures on screen stay; the next tick tries again.
    } finally {
      this._busy = false;
      this._schedule();
    }
  }
}
