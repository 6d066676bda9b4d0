/** SHA-256 as lower-case hex, synchronously (node:crypto); text is hashed as UTF-8. */
import { createHash } from 'node:crypto';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
