import iconv from 'iconv-lite';

/**
 * The text of an XML file: a byte-order mark decides the encoding, else the declared
 * encoding (ISO-8859-1, Windows-1252, ...), else UTF-8. Blank lines and a BOM before the XML
 * declaration are dropped, because strict parsers refuse a declaration that is not first.
 */
export function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return stripLead(iconv.decode(toBuffer(bytes), 'utf-16le'));
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return stripLead(iconv.decode(toBuffer(bytes), 'utf-16be'));
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 300));
  const declared = /<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
  const encoding =
    declared && !/^utf-?8$/i.test(declared) && iconv.encodingExists(declared) ? declared : 'utf-8';
  return stripLead(iconv.decode(toBuffer(bytes), encoding));
}

/** UTF-8 text (JSON, .rec) without a BOM. */
export function decodeUtf8(bytes: Uint8Array): string {
  return stripLead(new TextDecoder('utf-8').decode(bytes));
}

function stripLead(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/^\s+(?=<)/, '');
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
