/** Pieces of a project page shared by the public, bidder and tenderee views. */
import { useEffect, useState } from 'react';
import { useSession } from '../auth/session';
import type { Announcement, DeadlineLight, Lot, ProjectDetail, ProjectDocument, ProjectTransition, ScheduleField } from '../graphql/projects';
import { SCHEDULE_FIELDS } from '../graphql/projects';
import { useI18n } from '../i18n';
import { reasonText } from '../i18n/status-reason';
import { DocumentRequestError, downloadDocument, formatSize, formatYuan, pemFingerprint } from '../lib/documents';

/** 招标中 / 已发布 / 已终止 … as a coloured badge. */
export function StatusBadge({ status }: { status: string }) {
  const { label } = useI18n();
  return <span className={`badge badge-status-${status.toLowerCase()}`}>{label('projectStatus', status)}</span>;
}

/** 绿灯 / 黄灯 / 红灯: a coloured dot and the word (never colour alone). */
export function LightDot({ light }: { light: DeadlineLight }) {
  const { label } = useI18n();
  return (
    <span className={`light light-${light.toLowerCase()}`}>
      <span className="light-dot" aria-hidden="true" />
      {label('deadlineLight', light)}
    </span>
  );
}

/** The schedule of a project: every field it has, in Beijing time. */
export function ScheduleFacts({ project }: { project: Pick<ProjectDetail, ScheduleField | 'publishedAt'> }) {
  const { t, label, formatDateTime } = useI18n();
  const fields = SCHEDULE_FIELDS.filter((field) => project[field]);
  return (
    <dl className="facts">
      <dt>{t('project.publishedAt')}</dt>
      <dd>{formatDateTime(project.publishedAt)}</dd>
      {fields.map((field) => (
        <div key={field} className="facts-row">
          <dt>{label('scheduleField', field)}</dt>
          <dd>{formatDateTime(project[field])}</dd>
        </div>
      ))}
    </dl>
  );
}

export function LotsTable({ lots }: { lots: Lot[] }) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{t('project.lots')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('project.lotNumber')}</th>
            <th scope="col">{t('project.lotTitle')}</th>
            <th scope="col">{t('project.lotBudget')}</th>
          </tr>
        </thead>
        <tbody>
          {lots.map((lot) => (
            <tr key={lot.number}>
              <td className="nowrap">{t('project.lotLabel', { number: lot.number })}</td>
              <td>{lot.title}</td>
              <td className="nowrap num">{formatYuan(lot.budget)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Documents with their SHA-256; the download button only for those the server lets download. */
export function DocumentsTable({ documents, canDownload, downloadHint }: { documents: ProjectDocument[]; canDownload: boolean; downloadHint?: string }) {
  const { t, formatDateTime } = useI18n();
  const session = useSession();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  if (documents.length === 0) return <p className="muted">{t('documents.none')}</p>;

  const download = async (document: ProjectDocument) => {
    if (!session.token) return;
    setProblem(null);
    setBusy(document.id);
    try {
      await downloadDocument(document.id, document.name, session.token);
    } catch (error) {
      const code = error instanceof DocumentRequestError ? error.code : 'NETWORK';
      setProblem(code === 'NETWORK' ? t('error.network') : code === 'FORBIDDEN' ? t('documents.forbidden') : t('error.generic', { message: (error as Error).message }));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('documents.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('documents.name')}</th>
              <th scope="col">{t('documents.size')}</th>
              <th scope="col">{t('documents.uploadedAt')}</th>
              <th scope="col">{t('documents.sha256')}</th>
              {canDownload && <th scope="col">{t('documents.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {documents.map((document) => (
              <tr key={document.id}>
                <td className="break">{document.name}</td>
                <td className="nowrap num">{formatSize(document.size)}</td>
                <td className="nowrap">{formatDateTime(document.uploadedAt)}</td>
                <td className="mono small break hash">{document.sha256}</td>
                {canDownload && (
                  <td className="nowrap">
                    <button type="button" className="button-secondary button-small" disabled={busy === document.id} onClick={() => void download(document)}>
                      {t('documents.download')}
                      <span className="visually-hidden"> {document.name}</span>
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!canDownload && downloadHint && <p className="hint">{downloadHint}</p>}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </>
  );
}

export function AnnouncementList({ announcements }: { announcements: Announcement[] }) {
  const { t, label, formatDateTime } = useI18n();
  if (announcements.length === 0) return <p className="muted">{t('announcements.none')}</p>;
  return (
    <div className="announcements">
      {announcements.map((announcement) => (
        <article key={announcement.id} className={`announcement announcement-${announcement.kind.toLowerCase()}`}>
          <header>
            <span className="tag">{label('announcementKind', announcement.kind)}</span>
            <h3>{announcement.title}</h3>
            <p className="muted small">{t('announcements.publishedAt', { at: formatDateTime(announcement.publishedAt) })}</p>
          </header>
          <div className="announcement-body">{announcement.body}</div>
        </article>
      ))}
    </div>
  );
}

/** Why the project failed or was cancelled, in the reader's language where the platform said it. */
export function StatusReason({ project, role }: { project: Pick<ProjectDetail, 'statusReason' | 'statusReasonCode' | 'statusReasonParams'>; role?: 'status' }) {
  const { t } = useI18n();
  const reason = reasonText(t, project.statusReasonCode, project.statusReasonParams, project.statusReason);
  if (!reason) return null;
  return (
    <p className="notice" role={role}>
      {t('project.statusReason', { reason })}
    </p>
  );
}

/** Every change of state, oldest first. */
export function TransitionsTimeline({ transitions }: { transitions: ProjectTransition[] }) {
  const { t, label, formatDateTime } = useI18n();
  if (transitions.length === 0) return <p className="muted">{t('transitions.none')}</p>;
  return (
    <ol className="timeline">
      {transitions.map((transition) => (
        <li key={transition.id}>
          <p className="timeline-head">
            <StatusBadge status={transition.fromStatus} /> <span aria-hidden="true">→</span>
            <span className="visually-hidden">{t('transitions.to')}</span> <StatusBadge status={transition.toStatus} />{' '}
            <span className="muted small">{label('transitionEvent', transition.event)}</span>
          </p>
          <p className="muted small">
            {t('transitions.effectiveAt', { at: formatDateTime(transition.effectiveAt) })}
            {transition.recordedAt !== transition.effectiveAt && ` · ${t('transitions.recordedAt', { at: formatDateTime(transition.recordedAt) })}`}
          </p>
          {transition.reason && <p className="small">{reasonText(t, transition.reasonCode, transition.reasonParams, transition.reason)}</p>}
        </li>
      ))}
    </ol>
  );
}

/** The opening certificate's fingerprint and the key shares' hashes, collapsed: for those who verify. */
export function OpeningKeyFacts({ project }: { project: Pick<ProjectDetail, 'openingCertificatePem' | 'openingKeyShares'> }) {
  const { t } = useI18n();
  const [fingerprint, setFingerprint] = useState<string | null>(null);
  const pem = project.openingCertificatePem;
  useEffect(() => {
    let cancelled = false;
    if (pem) void pemFingerprint(pem).then((value) => !cancelled && setFingerprint(value));
    return () => {
      cancelled = true;
    };
  }, [pem]);
  if (!pem) return <p className="muted">{t('opening.noKey')}</p>;
  return (
    <details className="verify">
      <summary>{t('opening.summary')}</summary>
      <p className="hint">{t('opening.explain')}</p>
      <dl className="facts">
        <dt>{t('opening.certificateFingerprint')}</dt>
        <dd className="mono small break">{fingerprint ?? '—'}</dd>
        <dt>{t('opening.shares')}</dt>
        <dd>
          <ul className="plain-list">
            {project.openingKeyShares.map((share) => (
              <li key={share.id} className="mono small break">
                {t('opening.shareHash')} {share.shareSha256}
                <span className="block muted">
                  {t('opening.custodianCertificate')} {share.custodianCertificateSha256}
                </span>
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      <details>
        <summary>{t('opening.certificatePem')}</summary>
        <pre className="pem">{pem}</pre>
      </details>
    </details>
  );
}
