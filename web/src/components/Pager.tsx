/**
 * Paging through a Relay connection with `first/after`: remembers the cursors of the pages seen,
 * so 上一页 goes back without the server supporting `before`.
 */
import { useCallback, useState } from 'react';
import type { PageInfo } from '../graphql/types';
import { useI18n } from '../i18n';

export interface Paging {
  /** `after` for the current page */
  after: string | null;
  page: number;
  next(endCursor: string): void;
  previous(): void;
  reset(): void;
}

export function usePaging(): Paging {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return {
    after: cursors[cursors.length - 1],
    page: cursors.length,
    next: useCallback((endCursor: string) => setCursors((c) => [...c, endCursor]), []),
    previous: useCallback(() => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)), []),
    reset: useCallback(() => setCursors([null]), []),
  };
}

export function Pager({ paging, pageInfo, totalCount, busy }: { paging: Paging; pageInfo: PageInfo; totalCount: number; busy?: boolean }) {
  const { t } = useI18n();
  const { endCursor } = pageInfo;
  return (
    <nav className="pager" aria-label={t('common.pagination')}>
      <span className="muted">
        {t('common.totalCount', { count: totalCount })} · {t('common.page', { page: paging.page })}
      </span>
      <button type="button" className="button-secondary" disabled={busy || paging.page === 1} onClick={paging.previous}>
        {t('common.previousPage')}
      </button>
      <button
        type="button"
        className="button-secondary"
        disabled={busy || !pageInfo.hasNextPage || !endCursor}
        onClick={() => endCursor && paging.next(endCursor)}
      >
        {t('common.nextPage')}
      </button>
    </nav>
  );
}
