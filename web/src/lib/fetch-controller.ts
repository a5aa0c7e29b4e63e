import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError, dataChanges } from '../api/client.js';

export type FetchState<T> =
  | { status: 'idle' }
  | { status: 'loading'; previous: T | null }
  | { status: 'ok'; value: T }
  | { status: 'error'; error: ApiError };

/**
 * Loads data for a component whenever its key (the query it depends on) changes; an answer
 * to an older key is dropped, so fast filter changes never show stale numbers.
 */
export class FetchController<T> implements ReactiveController {
  state: FetchState<T> = { status: 'idle' };
  private _key: string | null = null;
  private _seq = 0;
  private _last: T | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly key: () => string | null,
    private readonly load: () => Promise<T>,
    private readonly onValue?: (value: T) => void,
  ) {
    host.addController(this);
  }

  // New data of a partner (the live-data poller dropped its cached answers): ask again, quietly.
  private readonly _onDataChange = (): void => {
    if (this._key !== null) void this._run(true);
  };

  hostConnected(): void {
    dataChanges.addEventListener('change', this._onDataChange);
  }

  hostDisconnected(): void {
    dataChanges.removeEventListener('change', this._onDataChange);
  }

  hostUpdate(): void {
    const key = this.key();
    if (key === this._key) return;
    this._key = key;
    if (key === null) {
      this.state = { status: 'idle' };
      return;
    }
    void this._run();
  }

  /** Loads again with the same key (after a write). */
  reload(): void {
    void this._run();
  }

  get value(): T | null {
    return this.state.status === 'ok'
      ? this.state.value
      : this.state.status === 'loading'
        ? this.state.previous
        : null;
  }

  /**
   * `quiet`: a refresh after new data; the figures on screen stay as they are (no loading state,
   * no error over them) until the new answer replaces them.
   */
  private async _run(quiet = false): Promise<void> {
    const seq = ++this._seq;
    if (!quiet || this.state.status !== 'ok') {
      this.state = { status: 'loading', previous: this._last };
      this.host.requestUpdate();
    }
    try {
      const value = await this.load();
      if (seq !== this._seq) return;
      this._last = value;
      this.state = { status: 'ok', value };
      this.onValue?.(value);
    } catch (err) {
      if (seq !== this._seq) return;
      if (quiet && this.state.status === 'ok') return;
      this.state = {
        status: 'error',
        error:
          err instanceof ApiError
            ? err
            : new ApiError(0, 'client', err instanceof Error ? err.message : String(err)),
      };
    }
    this.host.requestUpdate();
  }
}
