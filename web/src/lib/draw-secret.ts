/**
 * The party's secret of the expert draw, between its commitment and its reveal: generated in the
 * browser (crypto/draw), kept in localStorage under project + user, shown, and offered as a file.
 * commit = SHA-256(lp("ebid/draw-commit/v1") ‖ lp(projectCode) ‖ lp(partyUserId) ‖ secret)
 */
import { toHex } from '../../../crypto/bytes';
import { drawCommitment, newDrawSecret } from '../../../crypto/draw';

export interface StoredDrawSecret {
  projectCode: string;
  userId: string;
  secretHex: string;
  commitmentHex: string;
  createdAt: string;
  /** set once the server accepted the reveal */
  revealedAt?: string;
}

const key = (projectId: string, userId: string) => `tenderhall.drawSecret.${projectId}.${userId}`;

export function loadDrawSecret(projectId: string, userId: string): StoredDrawSecret | null {
  try {
    const text = localStorage.getItem(key(projectId, userId));
    return text ? (JSON.parse(text) as StoredDrawSecret) : null;
  } catch {
    return null;
  }
}

export function storeDrawSecret(projectId: string, secret: StoredDrawSecret): void {
  localStorage.setItem(key(projectId, secret.userId), JSON.stringify(secret));
}

/** A new 32-byte secret and its commitment (nothing leaves the page until the commitment is sent). */
export async function createDrawSecret(projectCode: string, userId: string): Promise<StoredDrawSecret> {
  const secret = newDrawSecret();
  const commitment = await drawCommitment(projectCode, userId, secret);
  return { projectCode, userId, secretHex: toHex(secret), commitmentHex: toHex(commitment), createdAt: new Date().toISOString() };
}
