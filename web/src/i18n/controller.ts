import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { onLanguageChange } from './index.js';

/** Re-renders its host when the language changes. */
export class I18nController implements ReactiveController {
  private _off: (() => void) | null = null;
  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }
  hostConnected(): void {
    this._off = onLanguageChange(() => this.host.requestUpdate());
  }
  hostDisconnected(): void {
    this._off?.();
    this._off = null;
  }
}
