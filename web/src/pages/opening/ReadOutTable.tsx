/** 唱标: every bid in read-out order — sign-in, decryption, outcome, claim, price, duration. */
import type { OpeningBid } from '../../graphql/opening';
import { useI18n } from '../../i18n';
import { formatYuan } from '../../lib/documents';

const DECRYPTION_BADGE: Record<string, string> = { DECRYPTED: 'badge-valid', FAILED: 'badge-revoked', PENDING_COMMITTEE: 'badge-pending', NOT_YET: 'badge-status-draft' };
const OUTCOME_BADGE: Record<string, string> = { VALID: 'badge-valid', REVOKED: 'badge-revoked', WITHDRAWN: 'badge-failed', PENDING: 'badge-status-draft' };

export function ReadOutTable({ bids, showFailures }: { bids: OpeningBid[]; showFailures: boolean }) {
  const { t, label, formatDateTime } = useI18n();
  return (
    <div className="table-wrap">
      <table className="hall-bids">
        <caption className="visually-hidden">{t('hall.readOut')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('hall.position')}</th>
            <th scope="col">{t('hall.bidder')}</th>
            <th scope="col">{t('hall.signIn')}</th>
            <th scope="col">{t('hall.decryption')}</th>
            <th scope="col">{t('hall.outcome')}</th>
            <th scope="col">{t('hall.price')}</th>
            <th scope="col">{t('hall.duration')}</th>
          </tr>
        </thead>
        <tbody>
          {[...bids]
            .sort((a, b) => a.position - b.position)
            .map((bid) => (
              <tr key={bid.id} data-bid={bid.bidId} data-decryption={bid.decryption} className={bid.mine ? 'hall-bid-mine' : bid.readOutAt ? 'hall-bid-read' : undefined}>
                <td className="num">{bid.position}</td>
                <td>
                  {bid.organisationName}
                  {bid.mine && <span className="muted small"> {t('hall.mine')}</span>}
                </td>
                <td className="small">{bid.signedInAt ? <span title={formatDateTime(bid.signedInAt)}>{t('hall.signedIn')}</span> : <span className="muted">{t('hall.notSignedIn')}</span>}</td>
                <td>
                  <span className={`badge ${DECRYPTION_BADGE[bid.decryption] ?? ''}`}>{label('hallDecryption', bid.decryption)}</span>
                  {bid.decryptedBy && <span className="muted small"> {t(bid.decryptedBy === 'COMMITTEE' ? 'hall.byCommittee' : 'hall.byBidder')}</span>}
                  {showFailures && bid.failureCode && (
                    <span className="block small field-error-detail">
                      {bid.failureCode}
                      {bid.failureReason ? `：${bid.failureReason}` : ''}
                    </span>
                  )}
                </td>
                <td>
                  <span className={`badge ${OUTCOME_BADGE[bid.outcome] ?? ''}`}>{label('hallOutcome', bid.outcome)}</span>
                  {bid.claim && <span className="block small">{t('hall.claim')}</span>}
                </td>
                <td className="num" data-price={bid.totalPrice ?? ''}>
                  {formatYuan(bid.totalPrice)}
                  {bid.readOutAt && <span className="block small muted">{t('hall.readOutAt', { at: formatDateTime(bid.readOutAt) })}</span>}
                </td>
                <td className="num">{bid.durationDays ?? '—'}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}
