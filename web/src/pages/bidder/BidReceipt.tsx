/**
 * The bid page's receipt (回执: server time, ledger index, manifest hash, 下载回执, a local check
 * with crypto/merkle) and the history of the organisation's bids for the project (every revision,
 * 撤回 with a confirmation step). Also the wording of typed bid errors.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useClient, useMutation } from 'urql';
import { FormErrors } from '../../components/form-errors';
import { ErrorMessage } from '../../components/status';
import { WITHDRAW_BID, type Bid, type BidError, type BidProject, type ReceiptJson } from '../../graphql/bids';
import { isMessageKey, useI18n } from '../../i18n';
import { formatSize } from '../../lib/documents';
import { saveBlob } from '../../lib/download';
import type { LocalReceiptCheck } from '../../lib/receipt';
import type { Submitted } from './BidSealPage';

/** Our wording for the code (zh-CN), then the precise detail from the server or the browser. */
export function useBidErrorText(): (error: BidError) => ReactNode {
  const { t, locale } = useI18n();
  return (error) => {
    const key = error.code.startsWith('bidPackage.') ? error.code : `bidError.${error.code}`;
    if (!isMessageKey(key)) return t('bidError.unknown', { code: error.code, message: error.message });
    if (key.startsWith('bidPackage.')) return t(key, { name: error.message });
    if (locale === 'en' && error.message && !['NETWORK', 'ABORTED'].includes(error.code)) return `${t(key)} ${error.message}`;
    return (
      <>
        {t(key)} {error.message && !['NETWORK', 'ABORTED'].includes(error.code) && <span className="field-error-detail">{error.message}</span>}
      </>
    );
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function receiptFileName(project: BidProject, bid: Bid): string {
  return `receipt-${project.code}-lot${bid.lot.number}-rev${bid.rev}.json`;
}

/** Hands the receipt (exactly the server's canonical JSON) to the browser as a file. */
function downloadReceipt(name: string, receipt: string): void {
  saveBlob(name, new Blob([receipt], { type: 'application/json' }));
}

export function BidReceipt({ project, submitted }: { project: BidProject; submitted: Submitted }) {
  const { t, formatDateTime } = useI18n();
  const client = useClient();
  const { bid, receipt } = submitted;
  const parsed = parseJson(receipt) as ReceiptJson | null;
  const [check, setCheck] = useState<LocalReceiptCheck | 'checking'>('checking');

  useEffect(() => {
    let live = true;
    setCheck('checking');
    // crypto/merkle is loaded only to check a receipt
    import('../../lib/receipt')
      .then(({ checkReceiptLocally }) => checkReceiptLocally(client, receipt, bid.manifestSha256))
      .then((result) => live && setCheck(result))
      .catch((error: unknown) => live && setCheck({ ok: false, reason: (error as Error).message }));
    return () => {
      live = false;
    };
  }, [client, receipt, bid.manifestSha256]);

  return (
    <div className="card receipt-card" role="region" aria-label={t('receipt.title')}>
      <h2>{t('receipt.title')}</h2>
      <p className="notice notice-success" role="status">
        {t('receipt.submitted', { rev: bid.rev, number: bid.lot.number })}
      </p>
      <dl className="facts">
        <dt>{t('receipt.serverTime')}</dt>
        <dd>{formatDateTime(parsed?.entry.serverTime ?? bid.submittedAt)}</dd>
        <dt>{t('receipt.ledgerIndex')}</dt>
        <dd className="num">{parsed?.logIndex ?? bid.ledgerIndex}</dd>
        <dt>{t('receipt.manifestSha256')}</dt>
        <dd className="mono break">{bid.manifestSha256}</dd>
        <dt>{t('receipt.bidCmsSha256')}</dt>
        <dd className="mono break">
          {bid.bidCmsSha256} <span className="muted small">({formatSize(bid.bidCmsSize)})</span>
        </dd>
        <dt>{t('receipt.localCheck')}</dt>
        <dd>
          {check === 'checking' ? (
            <span className="muted">{t('receipt.checking')}</span>
          ) : check.ok ? (
            <span className="badge badge-valid">{t('receipt.checkOk', { size: check.treeSize, latest: check.latestSize })}</span>
          ) : (
            <span className="badge badge-error">{t('receipt.checkFailed', { reason: check.reason })}</span>
          )}
        </dd>
      </dl>
      <div className="form-actions receipt-actions">
        <button type="button" onClick={() => downloadReceipt(receiptFileName(project, bid), receipt)}>
          {t('receipt.download')}
        </button>
        <span className="muted small">{t('receipt.cliHint')}</span>
      </div>
    </div>
  );
}

interface HistoryProps {
  project: BidProject;
  bids: Bid[];
  canWithdraw: boolean;
  onChange(): void;
}

export function BidHistory({ project, bids, canWithdraw, onChange }: HistoryProps) {
  const { t, label, formatDateTime } = useI18n();
  const describe = useBidErrorText();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [errors, setErrors] = useState<BidError[]>([]);
  const [withdrawn, setWithdrawn] = useState<number | null>(null);
  const [{ fetching, error }, withdraw] = useMutation<{ withdrawBid: { bid: Bid | null; errors: BidError[] } }>(WITHDRAW_BID);

  if (bids.length === 0) return <p className="muted">{t('bid.historyEmpty')}</p>;
  const multiLot = project.lots.length > 1;

  const confirm = async (bid: Bid) => {
    setErrors([]);
    const result = await withdraw({ input: { bidId: bid.id } });
    const payload = result.data?.withdrawBid;
    if (!payload) return;
    setConfirming(null);
    if (payload.errors.length) {
      setErrors(payload.errors);
      return;
    }
    setWithdrawn(bid.rev);
    onChange();
  };

  return (
    <>
      <div className="table-wrap">
        <table className="bid-history">
          <caption className="visually-hidden">{t('bid.history')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('bid.rev')}</th>
              {multiLot && <th scope="col">{t('bid.lot')}</th>}
              <th scope="col">{t('bid.status')}</th>
              <th scope="col">{t('bid.submittedAt')}</th>
              <th scope="col">{t('receipt.manifestSha256')}</th>
              <th scope="col">{t('documents.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {bids.map((bid) => (
              <tr key={bid.id} data-rev={bid.rev}>
                <td className="num nowrap">{t('bid.revLabel', { rev: bid.rev })}</td>
                {multiLot && <td className="nowrap">{t('project.lotLabel', { number: bid.lot.number })}</td>}
                <td>
                  <span className={`badge badge-bid-${bid.status.toLowerCase()}`}>{label('bidStatus', bid.status)}</span>
                  {bid.withdrawnAt && <span className="block small muted">{formatDateTime(bid.withdrawnAt)}</span>}
                </td>
                <td className="nowrap">{formatDateTime(bid.submittedAt)}</td>
                <td className="mono digest" title={bid.manifestSha256}>
                  {bid.manifestSha256}
                </td>
                <td>
                  <div className="row-actions">
                    <button type="button" className="button-secondary button-small" onClick={() => downloadReceipt(receiptFileName(project, bid), bid.receipt)}>
                      {t('receipt.downloadShort')}
                    </button>
                    {canWithdraw && bid.status === 'SUBMITTED' && confirming !== bid.id && (
                      <button type="button" className="button-secondary button-small" onClick={() => setConfirming(bid.id)}>
                        {t('bid.withdraw')}
                      </button>
                    )}
                  </div>
                  {confirming === bid.id && (
                    <div className="confirm" role="alertdialog" aria-label={t('bid.withdraw')}>
                      <p>{t('bid.withdrawQuestion', { rev: bid.rev })}</p>
                      <div className="form-actions">
                        <button type="button" className="button-danger button-small" disabled={fetching} onClick={() => void confirm(bid)}>
                          {t('bid.withdrawConfirm')}
                        </button>
                        <button type="button" className="button-secondary button-small" onClick={() => setConfirming(null)}>
                          {t('cancel.back')}
                        </button>
                      </div>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {withdrawn !== null && (
        <p className="notice notice-success" role="status">
          {t('bid.withdrawn', { rev: withdrawn })}
        </p>
      )}
      <FormErrors errors={errors} describe={describe} />
      {error && <ErrorMessage error={error} />}
    </>
  );
}
