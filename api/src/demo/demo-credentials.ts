/**
 * Demo credentials (development only): each demo user's private keys are kept as platform secrets and
 * served as PKCS#12 files (password demo1234) at /demo/certificates/<username>-<signing|encryption>.p12.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { makePkcs12 } from '../../../crypto/pki';
import { Certificate, type CertificateUsage } from '../modules/identity/certificate.entity';
import { PlatformSecret } from '../modules/identity/platform-secret.entity';
import { TrustAnchor } from '../modules/identity/trust-anchor.entity';
import { User } from '../modules/identity/user.entity';

export const DEMO_PASSWORD = 'demo1234';
const PREFIX = 'demo.key.';

export function storeDemoKey(em: EntityManager, username: string, usage: CertificateUsage, keyPem: string): void {
  em.create(PlatformSecret, { name: `${PREFIX}${username}-${usage.toLowerCase()}`, value: keyPem });
}

export async function demoPkcs12(em: EntityManager, fileName: string): Promise<Buffer | null> {
  const match = /^([a-z0-9._-]+)-(signing|encryption)\.p12$/.exec(fileName);
  if (!match) return null;
  const [, username, usage] = match;
  const key = await em.findOne(PlatformSecret, { name: `${PREFIX}${username}-${usage}` });
  const user = key && (await em.findOne(User, { username }));
  const certificate = user && (await em.findOne(Certificate, { user, usage: usage.toUpperCase() as CertificateUsage }, { orderBy: { issuedAt: 'asc' } }));
  if (!key || !certificate) return null;
  const ca = await em.findOneOrFail(TrustAnchor, { platform: true });
  const p12 = makePkcs12({ keyPem: key.value, certPem: certificate.pem, chainPems: [ca.pem], password: DEMO_PASSWORD, friendlyName: `${username} ${usage}` });
  return Buffer.from(p12);
}
