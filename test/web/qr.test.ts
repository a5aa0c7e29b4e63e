import { describe, expect, it } from 'vitest';
import { encode } from 'uqr';
import { pathOfModules, qrPath } from '../../web/src/lib/qr.js';

describe('the QR code of a join link', () => {
  it('draws one square per dark module, shifted by the quiet zone', () => {
    const p = pathOfModules(
      [
        [true, false],
        [false, true],
      ],
      4,
    );
    expect(p).toEqual({ size: 10, d: 'M4 4h1v1h-1zM5 5h1v1h-1z' });
  });

  it('has as many squares as the encoded matrix has dark modules, and no style', () => {
    const link = 'https://modeshift.example/#/join?code=DEMO-WEIZ-2010';
    const { data } = encode(link, { ecc: 'M', border: 0 });
    const dark = data.flat().filter(Boolean).length;
    const p = qrPath(link);
    expect(p.size).toBe(data.length + 8);
    expect(p.d.match(/h1v1h-1z/g)).toHaveLength(dark);
    expect(p.d).not.toMatch(/style|fill/);
  });
});
