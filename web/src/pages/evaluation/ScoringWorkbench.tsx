/**
 * 评分工作台: the opened bids side by side with the criteria — pass/fail per qualification item,
 * scores up to each item's points, a justification per score — saved as a draft (seen by nobody
 * else) and submitted signed with the member's PKCS#12. A returned sheet marks the scores that need
 * a written justification; SHEET_INVALID problems are shown on their cells.
 */
import { Fragment, useState, type ReactNode } from 'react';
import { SAVE_SHEET, SUBMIT_SHEET, type Evaluation, type EvaluationBid, type SheetMaps } from '../../graphql/evaluation';
import { useI18n } from '../../i18n';
import { KeyFileForm } from '../opening/KeyFileForm';
import { BidFiles } from './BidFiles';
import { EvalErrors, Panel, useEvalAction } from './eval-common';
import { ScoreCell } from './ScoreCell';

/** Only what the member filled in: empty scores and blank justifications are left out. */
export function cleanSheet(sheet: SheetMaps): SheetMaps {
  const pick = <V,>(maps: Record<string, Record<string, V>>, keep: (v: V) => boolean) =>
    Object.fromEntries(Object.entries(maps).map(([bidId, items]) => [bidId, Object.fromEntries(Object.entries(items).filter(([, v]) => keep(v)))]));
  return {
    qualification: pick(sheet.qualification, (v) => typeof v === 'boolean'),
    scores: pick(sheet.scores, (v) => v.trim() !== ''),
    justifications: pick(sheet.justifications, (v) => v.trim() !== ''),
  };
}

export function ScoringWorkbench({ evaluation, onEvaluation }: { evaluation: Evaluation; onEvaluation(e: Evaluation): void }) {
  const { t, label } = useI18n();
  const action = useEvalAction(onEvaluation);
  const [sheet, setSheet] = useState<SheetMaps>(() => ({
    qualification: evaluation.mySheet?.qualification ?? {},
    scores: evaluation.mySheet?.scores ?? {},
    justifications: evaluation.mySheet?.justifications ?? {},
  }));
  const [saved, setSaved] = useState(false);
  const me = evaluation.members.find((m) => m.me)!;
  const bids = evaluation.bids ?? [];
  const { criteria } = evaluation;
  const nameOf = (bidId: string) => bids.find((b) => b.bidId === bidId)?.organisationName ?? bidId;
  const itemOf = (key: string | null | undefined) => [...criteria.qualification, ...criteria.scored].find((i) => i.key === key)?.label ?? key ?? '';
  const returned = evaluation.myReturnedFor ?? [];
  const problems = action.errors.flatMap((e) => e.details ?? []);
  const problemAt = (bidId: string, key: string) => problems.find((p) => p.bidId === bidId && p.itemKey === key);

  const set = (part: keyof SheetMaps, bidId: string, key: string, value: string | boolean) => {
    setSaved(false);
    setSheet((s) => ({ ...s, [part]: { ...s[part], [bidId]: { ...(s[part][bidId] ?? {}), [key]: value } } }));
  };

  if (me.sheetStatus === 'SUBMITTED') {
    return (
      <Panel title={t('eval.workbench')} className="eval-workbench">
        <p className="notice notice-success" role="status">
          {t('eval.submitted')}
        </p>
      </Panel>
    );
  }
  const column = (bid: EvaluationBid) => (
    <th key={bid.bidId} scope="col" data-bid={bid.bidId}>
      {bid.organisationName}
    </th>
  );
  return (
    <Panel title={t('eval.workbench')} className="eval-workbench">
      <p className="hint">{t('eval.workbenchExplain')}</p>
      {returned.length > 0 && (
        <div className="notice notice-warning" role="alert">
          <p>{t('eval.returned')}</p>
          <ul className="small">
            {returned.map((r) => (
              <li key={`${r.bidId}:${r.itemKey}`}>{t('eval.returnedItem', { bid: nameOf(r.bidId), item: itemOf(r.itemKey), score: r.score })}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="table-wrap">
        <table className="eval-sheet">
          <thead>
            <tr>
              <th scope="col">{t('eval.criterion')}</th>
              {bids.map(column)}
            </tr>
          </thead>
          <tbody>
            <Facts label={t('eval.price')} bids={bids} value={(b) => <span className="num mono">{b.price ?? '—'}</span>} />
            <Facts label={t('eval.duration')} bids={bids} value={(b) => b.durationDays ?? '—'} />
            <Facts label={t('eval.quality')} bids={bids} value={(b) => b.qualityCommitment ?? '—'} />
            <Facts label={t('eval.files')} bids={bids} value={(b) => <BidFiles bid={b} />} />
            <Group title={t('eval.qualificationGroup')} span={bids.length + 1} />
            {criteria.qualification.map((item) => (
              <tr key={item.key} data-item={item.key}>
                <th scope="row">{item.label}</th>
                {bids.map((b) => {
                  const value = sheet.qualification[b.bidId]?.[item.key];
                  const problem = problemAt(b.bidId, item.key);
                  return (
                    <td key={b.bidId} className={problem ? 'cell-invalid' : undefined}>
                      <select aria-label={t('eval.qualificationOf', { bid: b.organisationName, item: item.label })} value={value === undefined ? '' : value ? 'pass' : 'fail'} onChange={(e) => set('qualification', b.bidId, item.key, e.target.value === 'pass')}>
                        <option value="" disabled>
                          {t('eval.unanswered')}
                        </option>
                        <option value="pass">{t('eval.pass')}</option>
                        <option value="fail">{t('eval.fail')}</option>
                      </select>
                      {problem?.code && <span className="field-error block small">{label('sheetProblem', problem.code)}</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
            {(['TECHNICAL', 'COMMERCIAL'] as const).map(scoredRows)}
            <tr>
              <th scope="row">{t('eval.priceScore')}</th>
              <td colSpan={bids.length} className="small muted">
                {t('eval.priceByFormula', { formula: t(`eval.formula.${criteria.price.kind}`, { points: criteria.price.maxPoints }) })}
              </td>
            </tr>
          </tbody>
        </table>
      </div>
      <EvalErrors errors={action.errors} itemLabel={(bidId, key) => `${nameOf(bidId)} · ${itemOf(key)}`} />
      <div className="form-actions">
        <button type="button" className="button-secondary" disabled={action.busy} onClick={() => void action.run(SAVE_SHEET, { projectId: evaluation.projectId, sheet: cleanSheet(sheet) }).then((p) => setSaved(!!p && p.errors.length === 0))}>
          {t('eval.saveDraft')}
        </button>
        {saved && (
          <span className="notice-inline" role="status">
            {t('eval.draftSaved')}
          </span>
        )}
      </div>
      <h3>{t('eval.submitTitle')}</h3>
      <KeyFileForm
        fileLabel={t('eval.signingFile')}
        submitLabel={t('eval.submitSheet')}
        disabled={action.busy}
        onUse={async (file, password) => {
          const clean = cleanSheet(sheet);
          const { signScoresheet } = await import('../../lib/evaluation-crypto');
          const signed = await signScoresheet(file, password, evaluation.projectId, me.id, clean);
          await action.run(SUBMIT_SHEET, { input: { projectId: evaluation.projectId, sheet: clean, ...signed } });
        }}
      />
    </Panel>
  );

  /** rows of one group (a plain function, not a component, so the inputs keep their focus) */
  function scoredRows(group: 'TECHNICAL' | 'COMMERCIAL') {
    const items = criteria.scored.filter((i) => i.group === group);
    if (!items.length) return null;
    return (
      <Fragment key={group}>
        <Group title={t(group === 'TECHNICAL' ? 'eval.technical' : 'eval.commercial')} span={bids.length + 1} />
        {items.map((item) => (
          <tr key={item.key} data-item={item.key}>
            <th scope="row">
              {item.label} <span className="muted small">{t('eval.maxPoints', { points: item.maxPoints })}</span>
            </th>
            {bids.map((b) => (
              <ScoreCell
                key={b.bidId}
                bid={b}
                item={item}
                score={sheet.scores[b.bidId]?.[item.key] ?? ''}
                justification={sheet.justifications[b.bidId]?.[item.key] ?? ''}
                needsJustification={returned.some((r) => r.bidId === b.bidId && r.itemKey === item.key)}
                problem={problemAt(b.bidId, item.key)?.code ?? null}
                onScore={(v) => set('scores', b.bidId, item.key, v)}
                onJustification={(v) => set('justifications', b.bidId, item.key, v)}
              />
            ))}
          </tr>
        ))}
      </Fragment>
    );
  }
}

function Facts({ label, bids, value }: { label: string; bids: EvaluationBid[]; value(b: EvaluationBid): ReactNode }) {
  return (
    <tr className="eval-facts">
      <th scope="row">{label}</th>
      {bids.map((b) => (
        <td key={b.bidId}>{value(b)}</td>
      ))}
    </tr>
  );
}

function Group({ title, span }: { title: string; span: number }) {
  return (
    <tr className="eval-group">
      <th scope="colgroup" colSpan={span}>
        {title}
      </th>
    </tr>
  );
}
