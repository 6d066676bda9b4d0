/**
 * 专家抽取 — the verifiable expert draw of one project, in order: request → commitments (each party
 * generates a secret in the browser and commits to it) → snapshot of the filtered pool → reveals →
 * (a supervisor's public beacon) → run → seats, with reserves taking declined seats. The operator
 * (tenderee or agent) requests, snapshots and runs; a supervisor excludes experts with a reason and
 * enters the beacon; both commit and reveal as parties. Once drawn, the published inputs and the
 * exact `verify draw` command let anyone re-run it offline. When a specialty's reserves run out, the
 * operator requests a supplementary round (补充抽取): its own logged snapshot, a supervisor's beacon, a seed.
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery } from 'urql';
import { useSession } from '../../auth/session';
import { Field } from '../../components/Field';
import { FormErrors } from '../../components/form-errors';
import { ErrorMessage, Loading } from '../../components/status';
import {
  COMMIT_DRAW,
  ENTER_BEACON,
  EXCLUDE_EXPERT,
  EXPERT_DRAW,
  EXPERT_DRAW_INPUTS,
  REQUEST_DRAW,
  REQUEST_SUPPLEMENTARY,
  REVEAL_SECRET,
  RUN_DRAW,
  RUN_SUPPLEMENTARY,
  SNAPSHOT_POOL,
  SUPPLEMENTARY_BEACON,
  type DrawError,
  type DrawInputs,
  type DrawPayload,
  type DrawStatus,
  type DrawView,
  type SeatView,
  type SpecialtyView,
  type SupplementaryRoundView,
} from '../../graphql/experts';
import { isMessageKey, useI18n } from '../../i18n';
import { createDrawSecret, loadDrawSecret, storeDrawSecret, type StoredDrawSecret } from '../../lib/draw-secret';
import { downloadText } from '../../lib/download';
import { beijingLocalToIso } from '../../lib/time';

export type DrawRole = 'operator' | 'supervisor';
const STEPS: readonly DrawStatus[] = ['COMMITTING', 'SNAPSHOT', 'DRAWN'];

/** Our wording for a draw error code, with the server's message after it. */
function useDrawErrorText() {
  const { t } = useI18n();
  return (e: DrawError): ReactNode => {
    const key = `drawError.${e.code}`;
    return isMessageKey(key) ? (
      <>
        {t(key)} <span className="field-error-detail">{e.message}</span>
      </>
    ) : (
      e.message
    );
  };
}

function DrawErrors({ errors }: { errors: DrawError[] }) {
  const describe = useDrawErrorText();
  return <FormErrors errors={errors} describe={describe} />;
}

/** The errors of one field, as phrasing content: Field puts them inside its own paragraph. */
function DrawFieldErrors({ errors }: { errors: DrawError[] }) {
  const describe = useDrawErrorText();
  return (
    <>
      {errors.map((e, i) => (
        <span key={`${e.code}-${i}`} className="block">
          {describe(e)}
        </span>
      ))}
    </>
  );
}

function fieldErrorsOf(errors: DrawError[], field: string): ReactNode {
  const matching = errors.filter((e) => e.field === field);
  return matching.length ? <DrawFieldErrors errors={matching} /> : null;
}

export function DrawConsole({ projectId, projectCode, role }: { projectId: string; projectCode: string; role: DrawRole }) {
  const { t } = useI18n();
  const [{ data, fetching, error }, refetch] = useQuery<{ expertDraw: DrawView | null }>({ query: EXPERT_DRAW, variables: { projectId }, requestPolicy: 'cache-and-network' });
  const reload = () => refetch({ requestPolicy: 'network-only' });

  if (error && !data) return <ErrorMessage error={error} onRetry={reload} />;
  if (!data) return fetching ? <Loading /> : null;
  const draw = data.expertDraw;

  return (
    <div className="draw-console" aria-busy={fetching}>
      {!draw ? (
        role === 'operator' ? (
          <RequestDrawForm projectId={projectId} onRequested={reload} />
        ) : (
          <p className="muted">{t('draw.none')}</p>
        )
      ) : (
        <DrawState draw={draw} projectId={projectId} projectCode={projectCode} role={role} onChange={reload} />
      )}
    </div>
  );
}

function DrawState({ draw, projectId, projectCode, role, onChange }: { draw: DrawView; projectId: string; projectCode: string; role: DrawRole; onChange(): void }) {
  const { t, label, formatDateTime } = useI18n();
  const current = STEPS.indexOf(draw.status);
  return (
    <>
      <ol className="steps draw-steps" aria-label={t('draw.progress')}>
        {STEPS.map((step, i) => (
          <li key={step} className={i < current || draw.status === 'DRAWN' ? 'step step-done' : i === current ? 'step step-current' : 'step'} aria-current={i === current ? 'step' : undefined}>
            <span className="step-number">{i + 1}</span>
            {label('drawStatus', step)}
          </li>
        ))}
      </ol>
      <p className="lead" role="status">
        {t('draw.statusLine', { status: label('drawStatus', draw.status) })} · {t(`drawStatusHint.${draw.status}`)}
      </p>
      <dl className="facts">
        <dt>{t('draw.evaluationAt')}</dt>
        <dd>{formatDateTime(draw.evaluationAt)}</dd>
        <dt>{t('draw.commitments')}</dt>
        <dd>
          {t('draw.commitmentCount', { count: draw.commitments.length, revealed: draw.revealed })}
          {draw.commitments.map((c, i) => (
            <span key={c} className="mono small muted block break">
              {i + 1}. {c}
            </span>
          ))}
        </dd>
        <dt>{t('draw.beacon')}</dt>
        <dd>{draw.beaconRound > 0 ? <span className="mono small break">{t('draw.beaconValue', { round: draw.beaconRound, hex: draw.beaconRandomnessHex })}</span> : t('draw.noBeacon')}</dd>
        {draw.status === 'DRAWN' && (
          <>
            <dt>{t('draw.accepted')}</dt>
            <dd>{draw.acceptedCount}</dd>
          </>
        )}
      </dl>

      <h3>{t('draw.specialties')}</h3>
      <SpecialtiesTable specialties={draw.specialties} />

      <div className="draw-actions">
        <PartySecret draw={draw} projectId={projectId} projectCode={projectCode} onChange={onChange} />
        {role === 'operator' && <OperatorSteps draw={draw} projectId={projectId} onChange={onChange} />}
        {role === 'supervisor' && draw.status === 'COMMITTING' && <ExcludeForm projectId={projectId} onChange={onChange} />}
        {role === 'supervisor' && draw.status === 'SNAPSHOT' && <BeaconForm projectId={projectId} onChange={onChange} />}
      </div>

      {draw.status === 'DRAWN' && (
        <>
          <h3>{t('draw.seats')}</h3>
          {draw.seats ? <SeatsTable draw={draw} seats={draw.seats} /> : <p className="notice notice-info">{t('draw.seatsSealed', { accepted: draw.acceptedCount })}</p>}
          <SupplementaryRounds draw={draw} projectId={projectId} role={role} onChange={onChange} />
          <VerifySection projectId={projectId} rounds={draw.rounds.filter((r) => r.status === 'DRAWN').length} />
        </>
      )}
    </>
  );
}

function SpecialtiesTable({ specialties, caption }: { specialties: SpecialtyView[]; caption?: string }) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table>
        {caption && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            <th scope="col">{t('draw.specialty')}</th>
            <th scope="col">{t('draw.count')}</th>
            <th scope="col">{t('draw.reserves')}</th>
            <th scope="col">{t('draw.poolSize')}</th>
            <th scope="col">{t('draw.poolHash')}</th>
            <th scope="col">{t('draw.seed')}</th>
          </tr>
        </thead>
        <tbody>
          {specialties.map((s) => (
            <tr key={s.specialty}>
              <td className="mono">{s.specialty}</td>
              <td className="num">{s.count}</td>
              <td className="num">{s.reserves}</td>
              <td className="num">{s.poolSize ?? '—'}</td>
              <td className="mono small break hash">{s.poolHash ?? '—'}</td>
              <td className="mono small break hash">{s.seed ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Specialties with a seat nobody holds or was offered and no reserve left to offer it to (what the server checks too). */
function needsSupplementary(draw: DrawView): boolean {
  if (!draw.seats) return false;
  return draw.specialties.some(({ specialty, count }) => {
    const seats = draw.seats!.filter((s) => s.specialty === specialty);
    const held = seats.filter((s) => s.status === 'INVITED' || s.status === 'ACCEPTED').length;
    return held < count && !seats.some((s) => s.status === 'RESERVE');
  });
}

/** 补充抽取: each round with its own snapshot (pool hash), beacon and seed; the open one takes its beacon, then runs. */
function SupplementaryRounds({ draw, projectId, role, onChange }: { draw: DrawView; projectId: string; role: DrawRole; onChange(): void }) {
  const { t, formatDateTime } = useI18n();
  const open = draw.rounds.find((r) => r.status === 'SNAPSHOT');
  const needed = role === 'operator' && !open && needsSupplementary(draw);
  if (!draw.rounds.length && !needed) return null;
  return (
    <section className="draw-supplementary" aria-labelledby="supplementary-title">
      <h3 id="supplementary-title">{t('draw.supplementaryTitle')}</h3>
      <p className="hint">{t('draw.supplementaryExplain')}</p>
      {draw.rounds.map((round) => (
        <div key={round.number} className="draw-round" data-testid={`supplementary-round-${round.number}`}>
          <h4>
            {t('draw.roundN', { n: round.number })} <span className={`badge ${round.status === 'DRAWN' ? 'badge-success' : 'badge-pending'}`}>{t(round.status === 'DRAWN' ? 'draw.roundDrawn' : 'draw.roundSnapshot')}</span>
          </h4>
          <dl className="facts">
            <dt>{t('draw.beacon')}</dt>
            <dd>{round.beaconRound > 0 ? <span className="mono small break">{t('draw.beaconValue', { round: round.beaconRound, hex: round.beaconRandomnessHex })}</span> : t('draw.noBeacon')}</dd>
            {round.drawnAt && (
              <>
                <dt>{t('draw.drawnAt')}</dt>
                <dd>{formatDateTime(round.drawnAt)}</dd>
              </>
            )}
          </dl>
          <SpecialtiesTable specialties={round.specialties} caption={t('draw.roundN', { n: round.number })} />
          {round === open && role === 'supervisor' && round.beaconRound === 0 && <BeaconForm projectId={projectId} supplementary={round.number} onChange={onChange} />}
          {round === open && role === 'operator' && <RunSupplementary projectId={projectId} round={round} onChange={onChange} />}
        </div>
      ))}
      {needed && <RequestSupplementary projectId={projectId} onChange={onChange} />}
    </section>
  );
}

function RequestSupplementary({ projectId, onChange }: { projectId: string; onChange(): void }) {
  const { t } = useI18n();
  const [reserves, setReserves] = useState('1');
  const [errors, setErrors] = useState<DrawError[]>([]);
  const [{ fetching, error }, request] = useMutation<{ requestSupplementaryDraw: DrawPayload }>(REQUEST_SUPPLEMENTARY);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors([]);
    const payload = (await request({ projectId, reserves: Number(reserves) })).data?.requestSupplementaryDraw;
    if (!payload) return;
    if (payload.errors.length) setErrors(payload.errors);
    else onChange();
  };
  return (
    <form className="card" onSubmit={submit} noValidate aria-busy={fetching} aria-labelledby="supplementary-request-title">
      <h4 id="supplementary-request-title">{t('draw.supplementaryRequest')}</h4>
      <p className="hint">{t('draw.supplementaryRequestExplain')}</p>
      <Field label={t('draw.supplementaryReserves')}>
        <input name="supplementaryReserves" type="number" min={0} max={25} value={reserves} onChange={(e) => setReserves(e.target.value)} />
      </Field>
      <DrawErrors errors={errors} />
      {error && <ErrorMessage error={error} />}
      <div className="form-actions">
        <button type="submit" disabled={fetching}>
          {t('draw.supplementaryRequestSubmit')}
        </button>
      </div>
    </form>
  );
}

function RunSupplementary({ projectId, round, onChange }: { projectId: string; round: SupplementaryRoundView; onChange(): void }) {
  const { t } = useI18n();
  const [errors, setErrors] = useState<DrawError[]>([]);
  const [{ fetching, error }, run] = useMutation<{ runSupplementaryDraw: DrawPayload }>(RUN_SUPPLEMENTARY);
  const act = async () => {
    setErrors([]);
    const payload = (await run({ projectId, number: round.number })).data?.runSupplementaryDraw;
    if (!payload) return;
    if (payload.errors.length) setErrors(payload.errors);
    else onChange();
  };
  return (
    <div className="card">
      <p className="hint">{round.beaconRound > 0 ? t('draw.runExplain') : t('draw.supplementaryWaitBeacon')}</p>
      <div className="form-actions">
        <button type="button" disabled={fetching || round.beaconRound === 0} onClick={() => void act()}>
          {t('draw.supplementaryRun', { n: round.number })}
        </button>
      </div>
      <DrawErrors errors={errors} />
      {error && <ErrorMessage error={error} />}
    </div>
  );
}

function RequestDrawForm({ projectId, onRequested }: { projectId: string; onRequested(): void }) {
  const { t } = useI18n();
  const [evaluationAt, setEvaluationAt] = useState('');
  const [rows, setRows] = useState([{ specialty: '', count: '5', reserves: '2' }]);
  const [regions, setRegions] = useState('');
  const [errors, setErrors] = useState<DrawError[]>([]);
  const [{ fetching, error }, request] = useMutation<{ requestExpertDraw: DrawPayload }>(REQUEST_DRAW);

  const update = (i: number, field: 'specialty' | 'count' | 'reserves', value: string) => setRows((list) => list.map((row, j) => (j === i ? { ...row, [field]: value } : row)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const at = beijingLocalToIso(evaluationAt);
    if (!at) {
      setErrors([{ code: 'INPUT_INVALID', field: 'evaluationAt', message: t('draw.evaluationAtRequired') }]);
      return;
    }
    setErrors([]);
    const specialties = rows.map((r) => ({ specialty: r.specialty.trim().toUpperCase(), count: Number(r.count), reserves: Number(r.reserves) }));
    const regionList = regions.split(/[,，\s]+/).map((r) => r.trim()).filter(Boolean);
    const result = await request({ input: { projectId, evaluationAt: at, specialties, regions: regionList.length ? regionList : null } });
    const payload = result.data?.requestExpertDraw;
    if (!payload) return;
    if (payload.errors.length) setErrors(payload.errors);
    else onRequested();
  };

  const fieldErrors = (field: string) => fieldErrorsOf(errors, field);

  return (
    <form className="card" onSubmit={submit} noValidate aria-busy={fetching} aria-labelledby="draw-request-title">
      <h3 id="draw-request-title">{t('draw.request')}</h3>
      <p className="hint">{t('draw.requestExplain')}</p>
      <Field label={t('draw.evaluationAt')} hint={t('draw.beijingTime')} error={fieldErrors('evaluationAt')}>
        <input name="evaluationAt" type="datetime-local" value={evaluationAt} onChange={(e) => setEvaluationAt(e.target.value)} />
      </Field>
      <fieldset className="draw-specialties">
        <legend>{t('draw.specialties')}</legend>
        {rows.map((row, i) => (
          <div key={i} className="form-grid draw-specialty-row">
            <Field label={t('draw.specialtyN', { n: i + 1 })} hint={i === 0 ? t('experts.specialtyHint') : undefined}>
              <input name={`specialty-${i}`} className="mono" value={row.specialty} onChange={(e) => update(i, 'specialty', e.target.value)} />
            </Field>
            <Field label={t('draw.count')}>
              <input name={`count-${i}`} type="number" min={1} max={25} value={row.count} onChange={(e) => update(i, 'count', e.target.value)} />
            </Field>
            <Field label={t('draw.reserves')}>
              <input name={`reserves-${i}`} type="number" min={0} max={25} value={row.reserves} onChange={(e) => update(i, 'reserves', e.target.value)} />
            </Field>
            {rows.length > 1 && (
              <button type="button" className="button-link" onClick={() => setRows((list) => list.filter((_, j) => j !== i))}>
                {t('draw.removeSpecialty')}
              </button>
            )}
          </div>
        ))}
        <button type="button" className="button-secondary button-small" onClick={() => setRows((list) => [...list, { specialty: '', count: '3', reserves: '2' }])}>
          {t('draw.addSpecialty')}
        </button>
        <DrawErrors errors={errors.filter((e) => e.field === 'specialties')} />
      </fieldset>
      <Field label={`${t('draw.regions')}${t('common.optional')}`} hint={t('draw.regionsHint')}>
        <input name="regions" className="mono" value={regions} onChange={(e) => setRegions(e.target.value)} />
      </Field>
      <DrawErrors errors={errors.filter((e) => !e.field || !['evaluationAt', 'specialties'].includes(e.field))} />
      {error && <ErrorMessage error={error} />}
      <div className="form-actions">
        <button type="submit" disabled={fetching}>
          {t('draw.requestSubmit')}
        </button>
      </div>
    </form>
  );
}

/** The caller as a party: generate a secret → commit; after the snapshot, reveal it. */
function PartySecret({ draw, projectId, projectCode, onChange }: { draw: DrawView; projectId: string; projectCode: string; onChange(): void }) {
  const { t } = useI18n();
  const session = useSession();
  const userId = session.user!.id;
  const [stored, setStored] = useState<StoredDrawSecret | null>(() => loadDrawSecret(projectId, userId));
  const [typed, setTyped] = useState('');
  const [errors, setErrors] = useState<DrawError[]>([]);
  const [{ fetching: committing, error: commitError }, commit] = useMutation<{ commitToDraw: DrawPayload }>(COMMIT_DRAW);
  const [{ fetching: revealing, error: revealError }, reveal] = useMutation<{ revealDrawSecret: DrawPayload }>(REVEAL_SECRET);
  const committed = !!stored && draw.commitments.includes(stored.commitmentHex);
  const revealed = !!stored?.revealedAt;

  const generateAndCommit = async () => {
    setErrors([]);
    // a secret generated earlier but never sent is reused, so a retry commits to what was saved
    const secret = stored && !committed ? stored : await createDrawSecret(projectCode, userId);
    storeDrawSecret(projectId, secret);
    setStored(secret);
    const result = await commit({ projectId, commitmentHex: secret.commitmentHex });
    const payload = result.data?.commitToDraw;
    if (!payload) return;
    if (payload.errors.length) setErrors(payload.errors);
    else onChange();
  };

  const doReveal = async () => {
    setErrors([]);
    const secretHex = (stored?.secretHex ?? typed).trim().toLowerCase();
    if (!secretHex) {
      setErrors([{ code: 'INPUT_INVALID', field: 'secretHex', message: t('draw.secretRequired') }]);
      return;
    }
    const result = await reveal({ projectId, secretHex });
    const payload = result.data?.revealDrawSecret;
    if (!payload) return;
    if (payload.errors.length) {
      setErrors(payload.errors);
      return;
    }
    const next = { ...(stored ?? { projectCode, userId, secretHex, commitmentHex: '', createdAt: new Date().toISOString() }), revealedAt: new Date().toISOString() };
    storeDrawSecret(projectId, next);
    setStored(next);
    onChange();
  };

  const download = (secret: StoredDrawSecret) => downloadText(`draw-secret-${secret.projectCode}.json`, `${JSON.stringify(secret, null, 2)}\n`);

  return (
    <div className="card party-secret" aria-labelledby="party-secret-title">
      <h3 id="party-secret-title">{t('draw.partyTitle')}</h3>
      <p className="hint">{t('draw.partyExplain')}</p>
      {stored && (
        <dl className="facts secret-facts">
          <dt>{t('draw.secret')}</dt>
          <dd className="mono small break" data-testid="draw-secret">
            {stored.secretHex}
          </dd>
          <dt>{t('draw.commitment')}</dt>
          <dd className="mono small break">
            {stored.commitmentHex || '—'} {committed && <span className="badge badge-valid">{t('draw.registered')}</span>}
          </dd>
        </dl>
      )}
      {stored && !revealed && (
        <p className="notice">
          {t('draw.keepSecret')}{' '}
          <button type="button" className="button-secondary button-small" onClick={() => download(stored)}>
            {t('draw.downloadSecret')}
          </button>
        </p>
      )}
      {draw.status === 'COMMITTING' && !committed && (
        <div className="form-actions">
          <button type="button" disabled={committing} onClick={() => void generateAndCommit()}>
            {t('draw.commit')}
          </button>
        </div>
      )}
      {draw.status === 'SNAPSHOT' && !revealed && (committed || !stored) && (
        <>
          {!stored && (
            <Field label={t('draw.secretInput')} hint={t('draw.secretInputHint')}>
              <input name="secretHex" className="mono" value={typed} autoComplete="off" spellCheck={false} onChange={(e) => setTyped(e.target.value)} />
            </Field>
          )}
          <div className="form-actions">
            <button type="button" disabled={revealing} onClick={() => void doReveal()}>
              {t('draw.reveal')}
            </button>
          </div>
        </>
      )}
      {revealed && (
        <p className="notice notice-success" role="status">
          {t('draw.revealedMine')}
        </p>
      )}
      {draw.status === 'COMMITTING' && committed && <p className="muted small">{t('draw.waitSnapshot')}</p>}
      <DrawErrors errors={errors} />
      {commitError && <ErrorMessage error={commitError} />}
      {revealError && <ErrorMessage error={revealError} />}
    </div>
  );
}

/** The operator's steps: snapshot the pool (while committing), run the draw (all reveals in). */
function OperatorSteps({ draw, projectId, onChange }: { draw: DrawView; projectId: string; onChange(): void }) {
  const { t } = useI18n();
  const [errors, setErrors] = useState<DrawError[]>([]);
  const [{ fetching: snapshotting, error: snapshotError }, snapshot] = useMutation<{ snapshotExpertPool: DrawPayload }>(SNAPSHOT_POOL);
  const [{ fetching: running, error: runError }, run] = useMutation<{ runExpertDraw: DrawPayload }>(RUN_DRAW);
  if (draw.status === 'DRAWN') return null;
  const missing = draw.commitments.length - draw.revealed;

  const act = async (which: 'snapshot' | 'run') => {
    setErrors([]);
    const result = which === 'snapshot' ? (await snapshot({ projectId })).data?.snapshotExpertPool : (await run({ projectId })).data?.runExpertDraw;
    if (!result) return;
    if (result.errors.length) setErrors(result.errors);
    else onChange();
  };

  return (
    <div className="card" aria-labelledby="operator-title">
      <h3 id="operator-title">{t('draw.operatorTitle')}</h3>
      {draw.status === 'COMMITTING' ? (
        <>
          <p className="hint">{t('draw.snapshotExplain', { count: draw.commitments.length })}</p>
          <div className="form-actions">
            <button type="button" disabled={snapshotting} onClick={() => void act('snapshot')}>
              {t('draw.snapshot')}
            </button>
          </div>
        </>
      ) : (
        <>
          <p className="hint">{missing > 0 ? t('draw.revealsMissing', { count: missing }) : t('draw.runExplain')}</p>
          <div className="form-actions">
            <button type="button" disabled={running || missing > 0} onClick={() => void act('run')}>
              {t('draw.run')}
            </button>
          </div>
        </>
      )}
      <DrawErrors errors={errors} />
      {snapshotError && <ErrorMessage error={snapshotError} />}
      {runError && <ErrorMessage error={runError} />}
    </div>
  );
}

function ExcludeForm({ projectId, onChange }: { projectId: string; onChange(): void }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<DrawError[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [{ fetching, error }, exclude] = useMutation<{ excludeExpert: DrawPayload }>(EXCLUDE_EXPERT);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const problems: DrawError[] = [];
    if (!code.trim()) problems.push({ code: 'INPUT_INVALID', field: 'code', message: t('draw.excludeCodeRequired') });
    if (!reason.trim()) problems.push({ code: 'REASON_REQUIRED', field: 'reason', message: t('draw.excludeReasonRequired') });
    setErrors(problems);
    if (problems.length) return;
    const result = await exclude({ projectId, code: code.trim(), reason: reason.trim() });
    const payload = result.data?.excludeExpert;
    if (!payload) return;
    if (payload.errors.length) {
      setErrors(payload.errors);
      return;
    }
    setDone(code.trim());
    setCode('');
    setReason('');
    onChange();
  };
  const fieldErrors = (field: string) => fieldErrorsOf(errors, field);

  return (
    <form className="card card-danger" onSubmit={submit} noValidate aria-busy={fetching} aria-labelledby="exclude-title">
      <h3 id="exclude-title">{t('draw.exclude')}</h3>
      <p className="hint">{t('draw.excludeExplain')}</p>
      <Field label={t('experts.code')} error={fieldErrors('code')}>
        <input name="code" className="mono" value={code} onChange={(e) => setCode(e.target.value)} />
      </Field>
      <Field label={t('draw.excludeReason')} error={fieldErrors('reason')}>
        <textarea name="reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <DrawErrors errors={errors.filter((e) => !e.field || !['code', 'reason'].includes(e.field))} />
      {error && <ErrorMessage error={error} />}
      {done && (
        <p className="notice notice-success" role="status">
          {t('draw.excluded', { code: done })}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button-danger" disabled={fetching}>
          {t('draw.excludeSubmit')}
        </button>
      </div>
    </form>
  );
}

/** The first draw's beacon, or (with `supplementary`) the beacon of that supplementary round. */
function BeaconForm({ projectId, supplementary, onChange }: { projectId: string; supplementary?: number; onChange(): void }) {
  const { t } = useI18n();
  const [round, setRound] = useState('');
  const [randomness, setRandomness] = useState('');
  const [errors, setErrors] = useState<DrawError[]>([]);
  const [first, enterFirst] = useMutation<{ enterDrawBeacon: DrawPayload }>(ENTER_BEACON);
  const [later, enterLater] = useMutation<{ enterSupplementaryBeacon: DrawPayload }>(SUPPLEMENTARY_BEACON);
  const { fetching, error } = supplementary ? later : first;
  const titleId = supplementary ? `beacon-title-${supplementary}` : 'beacon-title';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const n = Number(round);
    if (!Number.isInteger(n) || n < 1) {
      setErrors([{ code: 'INPUT_INVALID', field: 'round', message: t('draw.beaconRoundInvalid') }]);
      return;
    }
    setErrors([]);
    const randomnessHex = randomness.trim().toLowerCase();
    const payload = supplementary
      ? (await enterLater({ projectId, number: supplementary, round: n, randomnessHex })).data?.enterSupplementaryBeacon
      : (await enterFirst({ projectId, round: n, randomnessHex })).data?.enterDrawBeacon;
    if (!payload) return;
    if (payload.errors.length) setErrors(payload.errors);
    else onChange();
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-busy={fetching} aria-labelledby={titleId}>
      <h3 id={titleId}>{supplementary ? t('draw.supplementaryBeaconTitle', { n: supplementary }) : t('draw.beaconTitle')}</h3>
      <p className="hint">{supplementary ? t('draw.supplementaryBeaconExplain') : t('draw.beaconExplain')}</p>
      <Field label={t('draw.beaconRound')} error={fieldErrorsOf(errors, 'round')}>
        <input name="round" type="number" min={1} value={round} onChange={(e) => setRound(e.target.value)} />
      </Field>
      <Field label={t('draw.beaconRandomness')} hint={t('draw.beaconRandomnessHint')} error={fieldErrorsOf(errors, 'randomnessHex')}>
        <input name="randomnessHex" className="mono" value={randomness} spellCheck={false} onChange={(e) => setRandomness(e.target.value)} />
      </Field>
      <DrawErrors errors={errors.filter((e) => !e.field || !['round', 'randomnessHex'].includes(e.field))} />
      {error && <ErrorMessage error={error} />}
      <div className="form-actions">
        <button type="submit" disabled={fetching}>
          {t('draw.beaconSubmit')}
        </button>
      </div>
    </form>
  );
}

/** Seats per specialty in shuffle order: below the count a seat, above it an ordered reserve (递补 when called up). */
function SeatsTable({ draw, seats }: { draw: DrawView; seats: SeatView[] }) {
  const { t, label, formatDateTime } = useI18n();
  const counts = new Map([...draw.specialties.map((s) => [`0:${s.specialty}`, s.count] as const), ...draw.rounds.flatMap((r) => r.specialties.map((s) => [`${r.number}:${s.specialty}`, s.count] as const))]);
  return (
    <div className="table-wrap">
      <table className="seats-table">
        <caption className="visually-hidden">{t('draw.seats')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('draw.specialty')}</th>
            <th scope="col">{t('draw.position')}</th>
            <th scope="col">{t('experts.code')}</th>
            <th scope="col">{t('experts.name')}</th>
            <th scope="col">{t('draw.seatStatus')}</th>
            <th scope="col">{t('draw.respondBy')}</th>
          </tr>
        </thead>
        <tbody>
          {seats.map((seat) => {
            const count = counts.get(`${seat.round}:${seat.specialty}`) ?? 0;
            const reserve = seat.position >= count;
            return (
              <tr key={seat.id} className={reserve ? 'seat-reserve' : undefined}>
                <td className="mono">
                  {seat.specialty}
                  {seat.supplementary && <span className="badge badge-pending">{t('draw.supplementaryBadge', { n: seat.round })}</span>}
                </td>
                <td className="nowrap">
                  {reserve ? t('draw.reserveN', { n: seat.position - count + 1 }) : t('draw.seatN', { n: seat.position + 1 })}
                  {reserve && seat.status !== 'RESERVE' && <span className="badge badge-pending">{t('draw.calledUp')}</span>}
                </td>
                <td className="mono">{seat.code}</td>
                <td>{seat.name ?? '—'}</td>
                <td>
                  <span className={`badge badge-seat-${seat.status.toLowerCase()}`}>{label('seatStatus', seat.status)}</span>
                  {seat.declineReason && <span className="muted small block">{t('draw.declineReason', { reason: seat.declineReason })}</span>}
                </td>
                <td className="nowrap">{seat.respondBy ? formatDateTime(seat.respondBy) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** 验证: the published inputs per specialty, a download of input.json and the exact command. */
function VerifySection({ projectId, rounds }: { projectId: string; rounds: number }) {
  const { t } = useI18n();
  const [{ data, error }, refetch] = useQuery<{ expertDrawInputs: DrawInputs[] }>({ query: EXPERT_DRAW_INPUTS, variables: { projectId }, requestPolicy: 'cache-and-network' });
  const inputs = data?.expertDrawInputs;
  const firstCount = inputs?.filter((i) => !i.supplementary).length ?? 0;
  const drawnRounds = new Set(inputs?.filter((i) => i.supplementary).map((i) => i.round)).size;
  // a supplementary round drawn since the inputs were loaded: load them again
  useEffect(() => {
    if (inputs && drawnRounds < rounds) refetch({ requestPolicy: 'network-only' });
  }, [inputs, drawnRounds, rounds, refetch]);
  return (
    <section className="verify draw-verify" aria-labelledby="draw-verify-title">
      <h3 id="draw-verify-title">{t('draw.verifyTitle')}</h3>
      <p className="hint">{t('draw.verifyExplain')}</p>
      {error && <ErrorMessage error={error} />}
      {inputs?.map((input) => {
        const file = input.supplementary ? `input-S${input.round}-${input.specialty}.json` : firstCount === 1 ? 'input.json' : `input-${input.specialty}.json`;
        return (
          <div key={`${input.round}:${input.specialty}`} className="draw-input">
            <h4>
              <span className="mono">{input.specialty}</span>
              {input.supplementary && <span className="badge badge-pending">{t('draw.supplementaryBadge', { n: input.round })}</span>}
            </h4>
            <dl className="facts">
              <dt>{t('draw.drawn')}</dt>
              <dd className="mono small">{input.draw.join(' ')}</dd>
              <dt>{t('draw.reserveList')}</dt>
              <dd className="mono small">{input.reserves.join(' ') || '—'}</dd>
              <dt>{t('draw.command')}</dt>
              <dd>
                <code className="mono verify-command">npm run -s verify -- draw {file}</code>
              </dd>
            </dl>
            <details>
              <summary>{file}</summary>
              <pre className="pem">{input.inputJson}</pre>
            </details>
            <div className="form-actions">
              <button type="button" className="button-secondary button-small" onClick={() => downloadText(file, input.inputJson)}>
                {t('draw.downloadInput', { file })}
              </button>
            </div>
          </div>
        );
      })}
    </section>
  );
}
