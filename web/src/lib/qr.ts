/**
 * A QR code as one SVG path (uqr encodes; this draws): one `h1v1h-1z` square per dark module,
 * in a viewBox that includes the quiet zone. No style attribute, no inline CSS, so it fits the
 * CSP and prints crisply at any size.
 */
import { encode } from 'uqr';

export interface QrPath {
  /** Width and height of the viewBox in modules, quiet zone included. */
  size: number;
  d: string;
}

/** The dark modules of a boolean matrix as one path, offset by `border` modules. */
export function pathOfModules(data: readonly (readonly boolean[])[], border: number): QrPath {
  const parts: string[] = [];
  data.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) parts.push(`M${x + border} ${y + border}h1v1h-1z`);
    });
  });
  return { size: data.length + 2 * border, d: parts.join('') };
}

/** The QR code of a text (a join link), error correction M, with the standard 4-module margin. */
export function qrPath(text: string): QrPath {
  const { data } = encode(text, { ecc: 'M', border: 0 });
  return pathOfModules(data, 4);
}
