/** 登录: two tabs — 账号密码 and 数字证书. */
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useClient } from 'urql';
import { navigate, safeLocalPath, useLocation } from '../app/router';
import { ErrorMessage, Loading } from '../components/status';
import { Field } from '../components/Field';
import { USER_FIELDS, type LoginPayload } from '../graphql/types';
import { useI18n, type MessageKey } from '../i18n';
import type { CertificateLoginStep } from './certificate-login';
import { outcomeOf, rejectionMessage, type LoginOutcome } from './login-outcome';
import { useSession } from './session';

const LOGIN = /* GraphQL */ `
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      token
      user { ${USER_FIELDS} }
      errors { code message }
    }
  }
`;

const DEMO_USERS = ['admin', 'agent', 'tenderee', 'bidder1', 'bidder2', 'bidder3', 'expert1', 'expert2', 'expert3', 'expert4', 'expert5', 'supervisor'];
const demoCertificateUrl = (username: string) => `/demo/certificates/${username}-signing.p12`;

/** Whether the server runs in demo mode (it then serves the demo certificates). */
function useDemoMode(): boolean {
  const [demo, setDemo] = useState(false);
  useEffect(() => {
    let cancelled = false;
    fetch(demoCertificateUrl('bidder1'), { method: 'HEAD' })
      .then((response) => {
        const type = response.headers.get('content-type') ?? '';
        if (!cancelled) setDemo(response.ok && !type.includes('text/html'));
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);
  return demo;
}

type Tab = 'password' | 'certificate';

export function LoginPage() {
  const { t } = useI18n();
  const session = useSession();
  const { query } = useLocation();
  const [tab, setTab] = useState<Tab>('password');
  const demo = useDemoMode();
  const tabs = useRef<Record<Tab, HTMLButtonElement | null>>({ password: null, certificate: null });
  const next = safeLocalPath(query.get('next'));

  const succeed = (outcome: Extract<LoginOutcome, { kind: 'success' }>) => {
    session.signIn(outcome);
    navigate(next && next !== '/login' ? next : '/', { replace: true });
  };

  const onTabKey = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    const other: Tab = tab === 'password' ? 'certificate' : 'password';
    setTab(other);
    tabs.current[other]?.focus();
  };

  const tabButton = (id: Tab, label: MessageKey) => (
    <button
      ref={(el) => {
        tabs.current[id] = el;
      }}
      type="button"
      role="tab"
      id={`login-tab-${id}`}
      aria-selected={tab === id}
      aria-controls={`login-panel-${id}`}
      tabIndex={tab === id ? 0 : -1}
      className="tab"
      onClick={() => setTab(id)}
    >
      {t(label)}
    </button>
  );

  return (
    <section className="login">
      <h1>{t('login.title')}</h1>
      {session.ended === 'expired' && (
        <p className="notice" role="status">
          {t('error.sessionExpired')}
        </p>
      )}
      {next && session.ended !== 'expired' && (
        <p className="notice" role="status">
          {t('error.loginRequired')}
        </p>
      )}
      <div className="card">
        <div className="tabs" role="tablist" aria-label={t('login.tabs')} onKeyDown={onTabKey}>
          {tabButton('password', 'login.tab.password')}
          {tabButton('certificate', 'login.tab.certificate')}
        </div>
        <div role="tabpanel" id="login-panel-password" aria-labelledby="login-tab-password" className="tab-panel" hidden={tab !== 'password'}>
          <PasswordLogin onSuccess={succeed} demo={demo} />
        </div>
        <div role="tabpanel" id="login-panel-certificate" aria-labelledby="login-tab-certificate" className="tab-panel" hidden={tab !== 'certificate'}>
          <CertificateLogin onSuccess={succeed} demo={demo} />
        </div>
      </div>
    </section>
  );
}

interface LoginFormProps {
  onSuccess(outcome: Extract<LoginOutcome, { kind: 'success' }>): void;
  demo: boolean;
}

function PasswordLogin({ onSuccess, demo }: LoginFormProps) {
  const { t } = useI18n();
  const client = useClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ username?: boolean; password?: boolean }>({});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<LoginOutcome | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const gaps = { username: !username.trim(), password: !password };
    setMissing(gaps);
    if (gaps.username || gaps.password) return;
    setBusy(true);
    setOutcome(null);
    try {
      const result = await client
        .mutation<{ login: LoginPayload }>(LOGIN, { input: { username: username.trim(), password } })
        .toPromise();
      const next = outcomeOf(result.data?.login, result.error);
      if (next.kind === 'success') return onSuccess(next);
      setOutcome(next);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  const rejected = outcome?.kind === 'rejected' ? rejectionMessage(outcome.code, outcome.message, t) : null;
  return (
    <form onSubmit={submit} noValidate aria-busy={busy}>
      <Field label={t('login.username')} error={missing.username ? t('login.required', { field: t('login.username') }) : null}>
        <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
      </Field>
      <Field label={t('login.password')} error={missing.password ? t('login.required', { field: t('login.password') }) : null}>
        <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </Field>
      {rejected && (
        <p className="form-error" role="alert">
          {rejected}
        </p>
      )}
      {outcome?.kind === 'error' && <ErrorMessage error={outcome.error} />}
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </div>
      {demo && <p className="hint">{t('login.demoAccounts')}</p>}
    </form>
  );
}

const STEP_LABELS: Record<CertificateLoginStep, MessageKey> = {
  reading: 'login.step.reading',
  challenge: 'login.step.challenge',
  signing: 'login.step.signing',
  verifying: 'login.step.verifying',
};

function CertificateLogin({ onSuccess, demo }: LoginFormProps) {
  const { t } = useI18n();
  const client = useClient();
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [fileMissing, setFileMissing] = useState(false);
  const [step, setStep] = useState<CertificateLoginStep | null>(null);
  const [outcome, setOutcome] = useState<LoginOutcome | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFileMissing(!file);
    if (!file) return;
    setOutcome(null);
    setStep('reading');
    try {
      // node-forge is loaded only when someone logs in with a certificate
      const { loginWithCertificate } = await import('./certificate-login');
      const next = await loginWithCertificate(client, await file.arrayBuffer(), password, setStep);
      if (next.kind === 'success') return onSuccess(next);
      setOutcome(next);
    } catch (error) {
      setOutcome({ kind: 'rejected', code: 'UNKNOWN', message: error instanceof Error ? error.message : String(error) });
    } finally {
      setStep(null);
    }
  };

  const rejection = outcome?.kind === 'rejected' ? { code: outcome.code, text: rejectionMessage(outcome.code, outcome.message, t) } : null;
  const fileError = fileMissing ? t('login.certificateFileRequired') : rejection?.code === 'P12_MALFORMED' ? rejection.text : null;
  const passwordError = rejection?.code === 'P12_PASSWORD' ? rejection.text : null;
  const formError = rejection && !fileError && !passwordError ? rejection.text : null;
  const busy = step !== null;

  return (
    <form onSubmit={submit} noValidate aria-busy={busy}>
      <p className="hint">{t('login.certificateExplain')}</p>
      <Field label={t('login.certificateFile')} error={fileError}>
        <input
          name="certificate"
          type="file"
          accept=".p12,.pfx,application/x-pkcs12"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setOutcome(null);
          }}
        />
      </Field>
      <Field label={t('login.certificatePassword')} error={passwordError}>
        <input name="certificatePassword" type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />
      </Field>
      {formError && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      {outcome?.kind === 'error' && <ErrorMessage error={outcome.error} />}
      {step && <Loading label={t(STEP_LABELS[step])} />}
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {t('login.certificateSubmit')}
        </button>
      </div>
      {demo && (
        <div className="hint">
          <p>{t('login.demoCertificates')}</p>
          <ul className="inline-list">
            {DEMO_USERS.map((username) => (
              <li key={username}>
                <a href={demoCertificateUrl(username)} download>
                  {username}-signing.p12
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}
