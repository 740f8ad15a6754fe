/** Which IP addresses are public (personal data to mask) and how they are masked. */
import { isIPv4, isIPv6 } from 'node:net';

function ipv4Octets(value: string): number[] | undefined {
  if (!isIPv4(value)) return undefined;
  return value.split('.').map(Number);
}

/**
 * True for globally routable IPv4 addresses. Private (10/8, 172.16/12,
 * 192.168/16), loopback, link-local, CGNAT, documentation (192.0.2/24,
 * 198.51.100/24, 203.0.113/24), benchmarking, multicast and reserved ranges are
 * not public.
 */
export function isPublicIPv4(value: string): boolean {
  const o = ipv4Octets(value);
  if (!o) return false;
  const [a, b, c] = o;
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 169 && b === 254) return false;
  if (a === 100 && b >= 64 && b <= 127) return false; // carrier-grade NAT
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return false;
  if (a === 198 && (b === 18 || b === 19)) return false; // benchmarking
  if (a === 198 && b === 51 && c === 100) return false;
  if (a === 203 && b === 0 && c === 113) return false;
  return true;
}

/** True for global unicast IPv6 (2000::/3) outside the documentation prefixes 2001:db8::/32 and 3fff::/20. */
export function isPublicIPv6(value: string): boolean {
  if (!isIPv6(value)) return false;
  const mapped = value.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i);
  if (mapped) return isPublicIPv4(mapped[1]);
  const first = value.startsWith('::') ? 0 : parseInt(value.split(':')[0], 16);
  if (first < 0x2000 || first > 0x3fff) return false;
  const lower = value.toLowerCase();
  if (/^2001:0?db8:/.test(lower)) return false;
  if (first === 0x3fff && /^3fff:0?[0-9a-f]{0,2}(?::|$)/.test(lower)) return false;
  return true;
}

export const maskIPv4 = (v: string) => `${v.split('.').slice(0, 2).join('.')}.x.x`;
export const maskIPv6 = (v: string) => `${v.split(':')[0]}:x:x:x:x:x:x:x`;
