/** 我的账户 — who I am, my organisation, my roles, my certificates. */
import { useQuery } from 'urql';
import { EmptyState, ErrorMessage, Loading } from '../../components/status';
import { USER_FIELDS, type Certificate, type User } from '../../graphql/types';
import { useI18n } from '../../i18n';

const ACCOUNT = /* GraphQL */ `
  query Account {
    me { ${USER_FIELDS} }
    myCertificates { id serialHex usage subject notBefore notAfter revokedAt status fingerprintSha256 }
  }
`;

export function AccountPage() {
  const { t, label, formatDateTime } = useI18n();
  const [{ data, fetching, error }, refetch] = useQuery<{ me: User | null; myCertificates: Certificate[] }>({ query: ACCOUNT });

  if (error && !data) return <ErrorMessage error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!data) return fetching ? <Loading /> : null;
  const { me, myCertificates } = data;
  if (!me) {
    return (
      <p className="status status-error" role="alert">
        {t('error.unauthenticated')}
      </p>
    );
  }

  return (
    <section>
      <h1>{t('account.title')}</h1>
      <div className="card">
        <h2>{t('account.profile')}</h2>
        <dl className="facts">
          <dt>{t('account.displayName')}</dt>
          <dd>{me.displayName}</dd>
          <dt>{t('account.username')}</dt>
          <dd className="mono">{me.username}</dd>
          <dt>{t('account.roles')}</dt>
          <dd>
            <ul className="tags">
              {me.roles.map((role) => (
                <li key={role} className="tag">
                  {label('role', role)}
                </li>
              ))}
            </ul>
          </dd>
          <dt>{t('account.organisation')}</dt>
          <dd>{me.organisation.name}</dd>
          <dt>{t('account.organisationKind')}</dt>
          <dd>{label('organisationKind', me.organisation.kind)}</dd>
          <dt>{t('account.uscc')}</dt>
          <dd className="mono">{me.organisation.uscc ?? '—'}</dd>
        </dl>
      </div>

      <h2>{t('account.certificates')}</h2>
      {myCertificates.length === 0 ? (
        <EmptyState title={t('account.noCertificates')} />
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('account.certificates')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('certificate.usage')}</th>
                <th scope="col">{t('certificate.status')}</th>
                <th scope="col">{t('certificate.subject')}</th>
                <th scope="col">{t('certificate.serial')}</th>
                <th scope="col">{t('certificate.notBefore')}</th>
                <th scope="col">{t('certificate.notAfter')}</th>
                <th scope="col">{t('certificate.fingerprint')}</th>
              </tr>
            </thead>
            <tbody>
              {myCertificates.map((certificate) => (
                <tr key={certificate.id}>
                  <td className="nowrap">{label('certificateUsage', certificate.usage)}</td>
                  <td className="nowrap">
                    <span className={`badge badge-${certificate.status.toLowerCase()}`}>{label('certificateStatus', certificate.status)}</span>
                    {certificate.revokedAt && (
                      <span className="muted small block">{t('certificate.revokedAt', { at: formatDateTime(certificate.revokedAt) })}</span>
                    )}
                  </td>
                  <td className="break">{certificate.subject}</td>
                  <td className="mono break">{certificate.serialHex}</td>
                  <td className="nowrap">{formatDateTime(certificate.notBefore)}</td>
                  <td className="nowrap">{formatDateTime(certificate.notAfter)}</td>
                  <td className="mono break small">{certificate.fingerprintSha256}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
