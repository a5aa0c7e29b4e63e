import { noChange } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

/**
 * `<${tag} ${properties({ params, partners })}>`: sets each entry as a property of the element,
 * as `.params=${params}` would. The shell renders views from the view table, where the tag and
 * the properties are data, so it cannot write the bindings one by one.
 */
class PropertiesDirective extends Directive {
  private _last: Record<string, unknown> = {};

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('properties() belongs on an element');
  }

  render(_values: Record<string, unknown>): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [values]: [Record<string, unknown>]): typeof noChange {
    const element = part.element as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(values)) {
      // Like a property binding: an unchanged value is not set again.
      if (!(key in this._last) || this._last[key] !== value) element[key] = value;
    }
    this._last = { ...values };
    return noChange;
  }
}

export const properties = directive(PropertiesDirective);
