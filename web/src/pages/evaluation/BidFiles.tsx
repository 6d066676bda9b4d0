/** The files of an opened bid, fetched with the bearer token (the route checks the committee) and saved. */
import { useState } from 'react';
import { useSession } from '../../auth/session';
import type { EvaluationBid } from '../../graphql/evaluation';
import { useI18n } from '../../i18n';
import { saveBlob } from '../../lib/download';

export function BidFiles({ bid }: { bid: EvaluationBid }) {
  const { t } = useI18n();
  const { token } = useSession();
  const [problem, setProblem] = useState<string | null>(null);
  const download = async (file: EvaluationBid['files'][number]) => {
    setProblem(null);
    const response = await fetch(file.url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (!response.ok) return setProblem(`HTTP ${response.status}`);
    saveBlob(file.name, await response.blob());
  };
  return (
    <ul className="plain-list small bid-files">
      {bid.files.map((f) => (
        <li key={f.name}>
          <button type="button" className="button-link" title={`SHA-256 ${f.sha256}`} onClick={() => void download(f)}>
            {t('eval.download')} {f.name}
          </button>{' '}
          <span className="muted">{Math.ceil(f.size / 1024)} KB</span>
        </li>
      ))}
      {problem && (
        <li className="form-error" role="alert">
          {problem}
        </li>
      )}
    </ul>
  );
}
