/**
 * 投标文件加密递交 (/projects/<id>/bid) — a registered bidder seals and submits a bid, all in the
 * browser:
 *
 *  1. the bid form (投标总价, 工期/交货期, 质量承诺, 备注) and the attached files become one ustar
 *     archive (lib/bid-package.ts);
 *  2. the signing key is read from the bidder's PKCS#12 file and imported NON-extractable
 *     (auth/certificate-login.ts); it signs the manifest inside WebCrypto;
 *  3. crypto/sbp `sealBid` encrypts the archive (AES-256-GCM, one shot) to the bidder's own
 *     encryption certificate and, when the project has one, the opening certificate, and signs the
 *     manifest (rev / prevManifestSha256 follow the current bid of the lot, from `myBids`);
 *  4. bid.cms goes up in chunks, resuming after a broken connection (lib/bid-upload.ts);
 *  5. `submitBid` with an idempotency key made once per sealed package, so a retry after a lost
 *     response returns the same bid and receipt.
 *
 * The network only ever carries ciphertext, the signed manifest and GraphQL calls: neither the
 * plaintext nor the private key leaves the page.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { toBase64 } from '../../../../crypto/bytes';
import { useClient, useQuery } from 'urql';
import { Link } from '../../app/router';
import type { SigningIdentity } from '../../auth/certificate-login';
import { useSession } from '../../auth/session';
import { Field } from '../../components/Field';
import { FormErrors } from '../../components/form-errors';
import { StatusBadge } from '../../components/project';
import { EmptyState, ErrorMessage, Loading } from '../../components/status';
import {
  BID_PAGE,
  CREATE_BID_UPLOAD,
  MY_BIDS,
  SUBMIT_BID,
  type Bid,
  type BidCertificate,
  type BidProject,
  type CreateBidUploadPayload,
  type SubmitBidPayload,
} from '../../graphql/bids';
import type { PayloadError } from '../../graphql/types';
import { useI18n } from '../../i18n';
import { buildBidPackage, BidPackageError, checkFileNames, normaliseYuan, toHexString } from '../../lib/bid-package';
import { BidUploadError, uploadBidCms, uploadOffset, wait, type UploadProgress } from '../../lib/bid-upload';
import { formatSize, pemFingerprint } from '../../lib/documents';
import type { SealedBidPackage } from '../../lib/seal';
import { BidHistory, BidReceipt, useBidErrorText } from './BidReceipt';

/** The server's default MAX_BID_BYTES (200 MiB) less room for the CMS envelope. */
const MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024 - 64 * 1024;
const SUBMIT_ATTEMPTS = 3;

type Phase = 'idle' | 'packaging' | 'sealing' | 'uploading' | 'submitting' | 'done' | 'failed';
const PHASES = ['packaging', 'sealing', 'uploading', 'submitting'] as const;

interface BidPageData {
  project: BidProject | null;
  me: { id: string; organisation: { id: string; name: string } } | null;
  myCertificates: BidCertificate[];
}

/** A sealed package on its way: kept until the server has it, so a retry sends the very same bytes and key. */
interface Delivery {
  pkg: SealedBidPackage;
  bidCmsSha256: string;
  idempotencyKey: string;
  lotId: string;
  rev: number;
  uploadId: string | null;
  chunkSize: number;
}

export interface Submitted {
  bid: Bid;
  receipt: string;
}

/** Local failures and server refusals, shown the same way (code → wording, then the detail). */
type Problem = PayloadError;

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
const normaliseFingerprint = (hex: string) => hex.replace(/:/g, '').toLowerCase();

export function BidSealPage({ id }: { id: string }) {
  const { t, formatDateTime } = useI18n();
  const [{ data, fetching, error }, refetch] = useQuery<BidPageData>({ query: BID_PAGE, variables: { id }, requestPolicy: 'network-only' });
  const [bidsResult, refetchBids] = useQuery<{ myBids: Bid[] }>({ query: MY_BIDS, variables: { projectId: id }, requestPolicy: 'network-only' });
  const [submitted, setSubmitted] = useState<Submitted | null>(null);
  const reloadBids = () => refetchBids({ requestPolicy: 'network-only' });

  if (error && !data) return <ErrorMessage error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!data) return fetching ? <Loading /> : null;
  const { project, me, myCertificates } = data;
  if (!project || !me) {
    return (
      <section>
        <h1>{t('bid.pageTitle')}</h1>
        <EmptyState title={t('project.notFound')}>
          <Link to="/">{t('project.backToList')}</Link>
        </EmptyState>
      </section>
    );
  }
  // null until MY_BIDS is in: the next rev and prevManifestSha256 follow the current bid
  const bids = bidsResult.data?.myBids ?? null;
  const registeredLots = project.lots.filter((lot) => project.myRegistration?.lotNumbers.includes(lot.number));

  return (
    <section>
      <p className="breadcrumb">
        <Link to="/">{t('nav.projects')}</Link> <span aria-hidden="true">›</span> <Link to={`/projects/${project.id}`}>{project.code}</Link> <span aria-hidden="true">›</span>{' '}
        {t('bid.pageTitle')}
      </p>
      <h1>{t('bid.pageTitle')}</h1>
      <p className="lead">
        <StatusBadge status={project.status} /> <span className="mono">{project.code}</span> · {project.title}
        <span className="block small">{t('bid.deadline', { at: formatDateTime(project.bidDeadline) })}</span>
      </p>

      {!project.myRegistration ? (
        <p className="notice" role="status">
          {t('bid.notRegistered')} <Link to={`/projects/${project.id}`}>{t('bid.backToProject')}</Link>
        </p>
      ) : project.status !== 'BIDDING' ? (
        <p className="notice" role="status">
          {t('bid.notBidding')}
        </p>
      ) : (
        <SealForm
          project={project}
          lots={registeredLots}
          bidderId={me.organisation.id}
          certificates={myCertificates}
          bids={bids}
          onSubmitted={(result) => {
            setSubmitted(result);
            reloadBids();
          }}
        />
      )}

      {submitted && <BidReceipt project={project} submitted={submitted} />}

      <div className="card">
        <h2>{t('bid.history')}</h2>
        {bidsResult.error && !bidsResult.data ? (
          <ErrorMessage error={bidsResult.error} onRetry={reloadBids} />
        ) : !bidsResult.data ? (
          <Loading />
        ) : (
          <BidHistory project={project} bids={bids ?? []} canWithdraw={project.status === 'BIDDING'} onChange={reloadBids} />
        )}
      </div>
    </section>
  );
}

interface SealFormProps {
  project: BidProject;
  lots: BidProject['lots'];
  bidderId: string;
  certificates: BidCertificate[];
  /** null while still loading: sealing waits for it */
  bids: Bid[] | null;
  onSubmitted(result: Submitted): void;
}

function SealForm({ project, lots, bidderId, certificates, bids, onSubmitted }: SealFormProps) {
  const { t, label } = useI18n();
  const session = useSession();
  const client = useClient();
  const describe = useBidErrorText();
  const [lotId, setLotId] = useState(() => lots[0]?.id ?? '');
  const [form, setForm] = useState({ totalPrice: '', durationDays: '', qualityCommitment: '', remarks: '' });
  const [files, setFiles] = useState<File[]>([]);
  const [p12, setP12] = useState<File | null>(null);
  const [p12Password, setP12Password] = useState('');
  const [identity, setIdentity] = useState<(SigningIdentity & { registered: boolean }) | null>(null);
  const [reading, setReading] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<string, string>>>({});
  const [problems, setProblems] = useState<Problem[]>([]);
  const [phase, setPhaseState] = useState<Phase>('idle');
  const [failedAt, setFailedAt] = useState<Phase | null>(null);
  const phaseRef = useRef<Phase>('idle');
  const setPhase = (next: Phase) => {
    if (next === 'failed') setFailedAt(phaseRef.current);
    phaseRef.current = next;
    setPhaseState(next);
  };
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const delivery = useRef<Delivery | null>(null);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => () => abort.current?.abort(), []);

  const ownEncryption = certificates.filter((c) => c.usage === 'ENCRYPTION' && c.status === 'VALID');
  const recipients = [...ownEncryption.map((c) => c.pem), ...(project.openingCertificatePem ? [project.openingCertificatePem] : [])];
  const current = bids?.find((b) => b.lot.id === lotId && b.status === 'SUBMITTED') ?? null;
  const busy = phase !== 'idle' && phase !== 'done' && phase !== 'failed';
  const edit = (name: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm((f) => ({ ...f, [name]: e.target.value }));
    setFieldErrors((errors) => (errors[name] ? { ...errors, [name]: undefined } : errors));
  };
  const totalSize = files.reduce((sum, f) => sum + f.size, 0);

  const readCertificate = async () => {
    setFieldErrors((e) => ({ ...e, p12: undefined }));
    if (!p12) {
      setFieldErrors((e) => ({ ...e, p12: t('login.certificateFileRequired') }));
      return;
    }
    setReading(true);
    try {
      // node-forge is loaded only when a certificate is read
      const { readSigningIdentity } = await import('../../auth/certificate-login');
      const read = await readSigningIdentity(await p12.arrayBuffer(), p12Password);
      const fingerprint = await pemFingerprint(read.certificatePem);
      const registered = certificates.some((c) => c.usage === 'SIGNING' && c.status === 'VALID' && fingerprint !== null && normaliseFingerprint(c.fingerprintSha256) === fingerprint);
      setIdentity({ ...read, registered });
      setFieldErrors((errors) => ({ ...errors, p12: undefined }));
      setP12Password('');
    } catch (error) {
      const { CertificateFileError } = await import('../../auth/certificate-login');
      const code = error instanceof CertificateFileError ? error.code : 'P12_MALFORMED';
      setFieldErrors((e) => ({ ...e, p12: t(`loginError.${code}`) }));
    } finally {
      setReading(false);
    }
  };

  const validate = (): { price: string; days: number } | null => {
    const errors: Record<string, string> = {};
    const price = normaliseYuan(form.totalPrice);
    const days = Number(form.durationDays.trim());
    if (!lotId) errors.lot = t('bid.lotRequired');
    if (!price) errors.totalPrice = t('bid.priceInvalid');
    if (!/^\d+$/.test(form.durationDays.trim()) || days < 1 || days > 36500) errors.durationDays = t('bid.daysInvalid');
    if (!form.qualityCommitment.trim()) errors.qualityCommitment = t('bid.qualityRequired');
    const nameProblem = checkFileNames(files.map((f) => f.name));
    if (nameProblem) errors.files = t(`bidPackage.${nameProblem.code}`, { name: nameProblem.fileName });
    else if (totalSize > MAX_ATTACHMENT_BYTES) errors.files = t('bid.filesTooLarge', { max: formatSize(MAX_ATTACHMENT_BYTES) });
    if (!identity) errors.p12 = t('bid.certificateRequired');
    if (ownEncryption.length === 0) errors.recipients = t('bid.noEncryptionCertificate');
    setFieldErrors(errors);
    return Object.keys(errors).length || !price ? null : { price, days };
  };

  /** Upload (resuming) and submit the sealed package in `delivery`; safe to call again after a failure. */
  const deliver = async () => {
    const d = delivery.current;
    const token = session.token;
    if (!d || !token) return;
    const controller = new AbortController();
    abort.current = controller;
    setProblems([]);
    try {
      setPhase('uploading');
      let startAt: number;
      if (!d.uploadId) {
        const created = await client
          .mutation<{ createBidUpload: CreateBidUploadPayload }>(CREATE_BID_UPLOAD, { input: { projectId: project.id, lotId: d.lotId, size: d.pkg.bidCms.length, sha256: d.bidCmsSha256 } })
          .toPromise();
        const payload = created.data?.createBidUpload;
        if (!payload) throw new BidUploadError('NETWORK', created.error?.message ?? 'network');
        if (payload.errors.length || !payload.upload) {
          delivery.current = null; // refused: this package will not go up (the deadline, the lot …)
          setProblems(payload.errors);
          setPhase('failed');
          return;
        }
        d.uploadId = payload.upload.id;
        d.chunkSize = payload.chunkSize;
        startAt = payload.upload.received;
      } else {
        startAt = await uploadOffset(d.uploadId, token, controller.signal);
      }
      await uploadBidCms({ uploadId: d.uploadId, bytes: d.pkg.bidCms, chunkSize: d.chunkSize, token, startAt, signal: controller.signal, onProgress: setProgress });

      setPhase('submitting');
      const input = { uploadId: d.uploadId, manifestJson: new TextDecoder().decode(d.pkg.manifestJson), manifestP7s: toBase64(d.pkg.manifestP7s), idempotencyKey: d.idempotencyKey };
      let payload: SubmitBidPayload | undefined;
      for (let attempt = 1; !payload; attempt++) {
        const result = await client.mutation<{ submitBid: SubmitBidPayload }>(SUBMIT_BID, { input }, { requestPolicy: 'network-only' }).toPromise();
        payload = result.data?.submitBid;
        if (payload) break;
        // a lost response: the same idempotency key returns the same bid if the first one got through
        if (attempt >= SUBMIT_ATTEMPTS || !result.error?.networkError) {
          setProblems([{ code: result.error?.graphQLErrors[0]?.extensions?.code === 'FORBIDDEN' ? 'FORBIDDEN' : 'NETWORK', message: result.error?.message ?? '' }]);
          setPhase('failed');
          return;
        }
        await wait(500 * attempt, controller.signal);
      }
      if (payload.errors.length || !payload.bid || !payload.receipt) {
        delivery.current = null;
        setProblems(payload.errors);
        setPhase('failed');
        return;
      }
      delivery.current = null;
      setPhase('done');
      onSubmitted({ bid: payload.bid, receipt: payload.receipt });
    } catch (error) {
      if (error instanceof BidUploadError && error.code === 'ABORTED') return;
      const failure = error instanceof BidUploadError ? error : new BidUploadError('NETWORK', String(error));
      if (failure.code !== 'NETWORK' && !failure.code.startsWith('HTTP_5')) delivery.current = null;
      setProblems([{ code: failure.code, message: failure.message }]);
      setPhase('failed');
    }
  };

  const seal = async (event: FormEvent) => {
    event.preventDefault();
    setProblems([]);
    if (!bids) return;
    const valid = validate();
    if (!valid || !identity) return;
    const lot = lots.find((l) => l.id === lotId)!;
    delivery.current = null;
    setProgress(null);
    let content: Uint8Array | null = null;
    const attachments: { name: string; bytes: Uint8Array }[] = [];
    try {
      setPhase('packaging');
      await nextFrame();
      for (const file of files) attachments.push({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
      const salt = crypto.getRandomValues(new Uint8Array(32));
      content = await buildBidPackage({
        projectId: project.id,
        lotId,
        lotNumber: lot.number,
        form: { totalPrice: valid.price, durationDays: valid.days, qualityCommitment: form.qualityCommitment.trim(), remarks: form.remarks.trim() },
        priceSalt: toHexString(salt),
        files: attachments,
      });
      setPhase('sealing');
      await nextFrame();
      const rev = (current?.rev ?? 0) + 1;
      const { sealInBrowser } = await import('../../lib/seal');
      const { pkg, bidCmsSha256 } = await sealInBrowser({
        projectId: project.id,
        lotId,
        bidderId,
        rev,
        prevManifestSha256: current?.manifestSha256 ?? null,
        price: valid.price,
        priceSalt: salt,
        content,
        recipients,
        signerCertificatePem: identity.certificatePem,
        signingKey: identity.privateKey,
      });
      salt.fill(0);
      // one idempotency key per sealed package: a retry after a lost response gets the same bid
      delivery.current = { pkg, bidCmsSha256, idempotencyKey: crypto.randomUUID(), lotId, rev, uploadId: null, chunkSize: 0 };
    } catch (error) {
      const code = error instanceof BidPackageError ? `bidPackage.${error.code}` : 'SEAL_FAILED';
      setProblems([{ code, message: error instanceof BidPackageError ? error.fileName : (error as Error).message }]);
      setPhase('failed');
      return;
    } finally {
      // the plaintext copies go as soon as the ciphertext exists
      content?.fill(0);
      for (const a of attachments) a.bytes.fill(0);
    }
    await deliver();
  };

  const percent = progress && progress.total > 0 ? Math.floor((progress.sent / progress.total) * 100) : 0;
  const sealedSize = delivery.current?.pkg.bidCms.length;

  return (
    <form className="card bid-form" onSubmit={seal} noValidate aria-busy={busy}>
      <h2>{t('bid.formTitle')}</h2>
      <p className="notice notice-info">{t('bid.privacy')}</p>

      <fieldset disabled={busy}>
        <legend>{t('bid.step.content')}</legend>
        {lots.length > 1 ? (
          <Field label={t('bid.lot')} error={fieldErrors.lot}>
            <select name="lot" value={lotId} onChange={(e) => setLotId(e.target.value)}>
              {lots.map((lot) => (
                <option key={lot.id} value={lot.id}>
                  {t('project.lotLabel', { number: lot.number })} {lot.title}
                </option>
              ))}
            </select>
          </Field>
        ) : (
          <p>{t('bid.lotFixed', { lot: lots[0] ? `${t('project.lotLabel', { number: lots[0].number })} ${lots[0].title}` : '—' })}</p>
        )}
        <p className="hint" role="status">
          {current ? t('bid.replaces', { rev: current.rev + 1, previous: current.rev }) : t('bid.firstRevision')}
        </p>
        <div className="form-grid">
          <Field label={t('bid.totalPrice')} hint={t('wizard.yuanHint')} error={fieldErrors.totalPrice}>
            <input name="totalPrice" inputMode="decimal" autoComplete="off" value={form.totalPrice} onChange={edit('totalPrice')} />
          </Field>
          <Field label={t('bid.durationDays')} hint={t('bid.durationHint')} error={fieldErrors.durationDays}>
            <input name="durationDays" inputMode="numeric" autoComplete="off" value={form.durationDays} onChange={edit('durationDays')} />
          </Field>
        </div>
        <Field label={t('bid.qualityCommitment')} error={fieldErrors.qualityCommitment}>
          <textarea name="qualityCommitment" rows={3} maxLength={5000} value={form.qualityCommitment} onChange={edit('qualityCommitment')} />
        </Field>
        <Field label={`${t('bid.remarks')}${t('common.optional')}`}>
          <textarea name="remarks" rows={2} maxLength={5000} value={form.remarks} onChange={edit('remarks')} />
        </Field>
        <Field label={t('bid.files')} hint={t('bid.filesHint', { max: formatSize(MAX_ATTACHMENT_BYTES) })} error={fieldErrors.files}>
          <input
            name="files"
            type="file"
            multiple
            onChange={(e) => {
              setFiles(Array.from(e.target.files ?? []));
              setFieldErrors((errors) => ({ ...errors, files: undefined }));
            }}
          />
        </Field>
        {files.length > 0 && (
          <ul className="file-list small">
            {files.map((file) => (
              <li key={file.name}>
                {file.name} <span className="muted">{formatSize(file.size)}</span>
              </li>
            ))}
            <li className="muted">{t('bid.filesTotal', { count: files.length, size: formatSize(totalSize) })}</li>
          </ul>
        )}
      </fieldset>

      <fieldset disabled={busy || reading}>
        <legend>{t('bid.step.certificate')}</legend>
        {identity ? (
          <div className={identity.registered ? 'notice notice-success' : 'notice'} role="status">
            <p className="no-margin">{t('bid.certificateLoaded', { subject: identity.subject })}</p>
            <p className="no-margin small">{identity.registered ? t('bid.certificateRegistered') : t('bid.certificateNotRegistered')}</p>
            <button type="button" className="button-secondary button-small" onClick={() => setIdentity(null)}>
              {t('bid.certificateChange')}
            </button>
          </div>
        ) : (
          <>
            <div className="form-grid">
              <Field label={t('login.certificateFile')} error={fieldErrors.p12}>
                <input name="p12" type="file" accept=".p12,.pfx,application/x-pkcs12" onChange={(e) => setP12(e.target.files?.[0] ?? null)} />
              </Field>
              <Field label={t('login.certificatePassword')}>
                <input name="p12Password" type="password" autoComplete="off" value={p12Password} onChange={(e) => setP12Password(e.target.value)} />
              </Field>
            </div>
            <div className="form-actions">
              <button type="button" className="button-secondary" onClick={readCertificate} disabled={reading}>
                {reading ? t('login.step.reading') : t('bid.readCertificate')}
              </button>
              <span className="muted small">{t('bid.certificateExplain')}</span>
            </div>
          </>
        )}
      </fieldset>

      <fieldset>
        <legend>{t('bid.step.recipients')}</legend>
        <ul className="plain-list small">
          {ownEncryption.map((c) => (
            <li key={c.id}>
              <span className="badge badge-valid">{label('certificateUsage', 'ENCRYPTION')}</span> {t('bid.recipientOwn')} <span className="muted">{c.subject}</span>
            </li>
          ))}
          {project.openingCertificatePem && (
            <li>
              <span className="badge badge-status-sealed">{t('opening.title')}</span> {t('bid.recipientOpening')}
            </li>
          )}
        </ul>
        {fieldErrors.recipients && (
          <p className="field-error" role="alert">
            {fieldErrors.recipients}
          </p>
        )}
      </fieldset>

      {phase !== 'idle' && (
        <div className="seal-progress" aria-live="polite">
          <ol className="seal-steps">
            {PHASES.map((p) => {
              const index = PHASES.indexOf(p);
              const at = phase === 'done' ? PHASES.length : PHASES.indexOf((phase === 'failed' ? failedAt : phase) as (typeof PHASES)[number]);
              const state = index < at ? 'done' : index === at ? (phase === 'failed' ? 'failed' : 'current') : 'todo';
              return (
                <li key={p} className={`seal-step seal-step-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
                  {state === 'current' && busy && <span className="spinner" aria-hidden="true" />} {t(`bid.phase.${p}`)}
                </li>
              );
            })}
          </ol>
          {(phase === 'packaging' || phase === 'sealing') && (
            <Loading label={t(phase === 'packaging' ? 'bid.packaging' : 'bid.sealing', { size: formatSize(totalSize) })} />
          )}
          {progress && (phase === 'uploading' || phase === 'submitting' || phase === 'failed' || phase === 'done') && (
            <div className="upload-progress">
              <label htmlFor="bid-upload-progress">{t('bid.uploadProgress')}</label>
              <progress id="bid-upload-progress" max={progress.total} value={progress.sent}>
                {percent}%
              </progress>
              <p className="small no-margin">
                {t('bid.uploaded', { sent: formatSize(progress.sent), total: formatSize(progress.total), percent })}
                {progress.resumes > 0 && <span className="muted"> {t('bid.resumed', { count: progress.resumes })}</span>}
              </p>
              {progress.reconnecting && phase === 'uploading' && (
                <p className="notice small" role="status">
                  {t('bid.reconnecting', { offset: formatSize(progress.stored) })}
                </p>
              )}
            </div>
          )}
          {phase === 'submitting' && <Loading label={t('bid.submitting')} />}
        </div>
      )}

      <FormErrors errors={problems} describe={describe} />

      <div className="form-actions">
        <button type="submit" disabled={busy || !bids}>
          {current ? t('bid.sealReplace', { rev: current.rev + 1 }) : t('bid.seal')}
        </button>
        {phase === 'failed' && delivery.current && (
          <button type="button" className="button-secondary" onClick={() => void deliver()}>
            {t('bid.retryDelivery')}
          </button>
        )}
        {phase === 'failed' && delivery.current && sealedSize !== undefined && <span className="muted small">{t('bid.retryExplain')}</span>}
      </div>
    </form>
  );
}

