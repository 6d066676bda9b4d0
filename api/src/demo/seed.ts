/**
 * Demo data loaded on first start (DEMO=true, the default): the trading centre, a supervisory
 * authority, a tenderee, an agent, three bidders and five experts, each with a signing and an
 * encryption certificate from the platform CA. Idempotent: runs once per database.
 */
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { issueCertificate } from '../../../crypto/pki';
import { recordCertificate, subjectOf, validityFrom } from '../modules/identity/certificate-records';
import { CertificateUsage } from '../modules/identity/certificate.entity';
import { Organisation } from '../modules/identity/organisation.entity';
import { hashPassword } from '../modules/identity/password';
import { OrganisationKind, Role } from '../modules/identity/roles';
import { User } from '../modules/identity/user.entity';
import type { Services } from '../services';
import { DEMO_PASSWORD, storeDemoKey } from './demo-credentials';

interface DemoOrganisation {
  key: string;
  name: string;
  kind: OrganisationKind;
  uscc: string | null;
}

const ORGANISATIONS: DemoOrganisation[] = [
  { key: 'centre', name: '示范市公共资源交易中心', kind: OrganisationKind.TRADING_CENTRE, uscc: null },
  { key: 'authority', name: '示范市财政局政府采购监督管理处', kind: OrganisationKind.SUPERVISORY_AUTHORITY, uscc: null },
  { key: 'hospital', name: '示范市第一人民医院', kind: OrganisationKind.TENDEREE, uscc: '12350100MB0000001Y' },
  { key: 'agent', name: '示范招标代理有限公司', kind: OrganisationKind.AGENT, uscc: '91350100MA0000002T' },
  { key: 'b1', name: '华东建设集团有限公司', kind: OrganisationKind.BIDDER, uscc: '91350100MA0000003X' },
  { key: 'b2', name: '闽江医疗设备有限公司', kind: OrganisationKind.BIDDER, uscc: '91350100MA00000041' },
  { key: 'b3', name: '海峡信息技术股份有限公司', kind: OrganisationKind.BIDDER, uscc: '91350100MA00000054' },
];

export const DEMO_USERS: { username: string; displayName: string; org: string; roles: Role[] }[] = [
  { username: 'admin', displayName: '平台管理员', org: 'centre', roles: [Role.ADMIN] },
  { username: 'supervisor', displayName: '监督员 王敏', org: 'authority', roles: [Role.SUPERVISOR] },
  { username: 'tenderee', displayName: '采购人 李华', org: 'hospital', roles: [Role.TENDEREE] },
  { username: 'agent', displayName: '代理 陈静', org: 'agent', roles: [Role.AGENT] },
  { username: 'bidder1', displayName: '投标人 张伟', org: 'b1', roles: [Role.BIDDER] },
  { username: 'bidder2', displayName: '投标人 刘洋', org: 'b2', roles: [Role.BIDDER] },
  { username: 'bidder3', displayName: '投标人 赵磊', org: 'b3', roles: [Role.BIDDER] },
  ...[1, 2, 3, 4, 5].map((n) => ({ username: `expert${n}`, displayName: `评标专家 ${n}号`, org: 'centre', roles: [Role.EXPERT] })),
];

export async function loadDemoData(services: Services): Promise<boolean> {
  return services.orm.em.fork().transactional(async (em) => {
    await em.execute('select pg_advisory_xact_lock(7170003)');
    if (await em.count(User, { username: 'admin' })) return false;
    const orgs = new Map(ORGANISATIONS.map((o) => [o.key, em.create(Organisation, { name: o.name, kind: o.kind, uscc: o.uscc })]));
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const now = await services.clock.now(em);
    const ca = await services.pki.authority(em);
    const keys = await Promise.all(DEMO_USERS.flatMap(() => [rsaKeyPair(), rsaKeyPair()]));
    for (const demo of DEMO_USERS) {
      const organisation = orgs.get(demo.org)!;
      const user = em.create(User, { username: demo.username, displayName: demo.displayName, organisation, roles: demo.roles, passwordHash });
      for (const usage of [CertificateUsage.SIGNING, CertificateUsage.ENCRYPTION]) {
        const { publicKey, privateKey } = keys.pop()!;
        const issued = issueCertificate({ publicKeyPem: publicKey, ca, profile: usage, subject: subjectOf(user, organisation), ...validityFrom(now) });
        recordCertificate(em, issued, { user, organisation, usage, issuerFingerprintSha256: ca.fingerprintSha256 });
        storeDemoKey(em, demo.username, usage, privateKey);
      }
    }
    await em.flush();
    return true;
  });
}

const generate = promisify(generateKeyPair);

/** RSA-2048 key pairs are made in parallel on libuv's thread pool. */
function rsaKeyPair(): Promise<{ publicKey: string; privateKey: string }> {
  return generate('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
}
