/** HTML character references as a browser reads them (`&#65;`, `&#x41;`, `&amp;`), for scanning raw HTML as it is shown. */
import { createRequire } from 'node:module';

// Its table of 2,000 names costs ~20 ms to load: only for raw HTML that has a named reference.
let decodeNamed: typeof import('decode-named-character-reference').decodeNamedCharacterReference | undefined;
const decodeNamedCharacterReference = (name: string) =>
  (decodeNamed ??= (createRequire(import.meta.url)('decode-named-character-reference') as typeof import('decode-named-character-reference'))
    .decodeNamedCharacterReference)(name);

export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));?/g, (whole, dec, hex, name) => {
    if (dec || hex) {
      const code = Number.parseInt(dec ?? hex, dec ? 10 : 16);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    const decoded = decodeNamedCharacterReference(name);
    return decoded === false ? whole : decoded;
  });
}
