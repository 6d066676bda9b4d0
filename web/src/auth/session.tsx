/**
 * The login session: the bearer token (kept in sessionStorage, so it dies with the tab), the user
 * it stands for, and the urql client made for that token. Logging in, logging out and token
 * expiry (the JWT's lifetime, counted here) each replace the client, which drops its cache and closes
 * its socket.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { Provider as UrqlProvider } from 'urql';
import { createGraphqlConnection, type GraphqlConnection } from '../graphql/client';
import { USER_FIELDS, type Role, type User } from '../graphql/types';

const STORAGE_KEY = 'tenderhall.session';
/** setTimeout's longest delay (about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;
/** a token whose lifetime cannot be read ends after an hour here (the server decides anyway) */
const DEFAULT_LIFETIME_MS = 3_600_000;

interface StoredSession {
  token: string;
  /** milliseconds since the epoch, on this browser's clock */
  expiresAt: number;
}

export type SessionEnd = 'logout' | 'expired';

export interface Session {
  /** 'restoring': a token from an earlier page load is being checked with `me`. */
  status: 'anonymous' | 'restoring' | 'authenticated';
  user: User | null;
  /** The bearer token, for the few HTTP calls outside GraphQL (document upload and download). */
  token: string | null;
  /** Why the last session ended, for a notice on the login page. */
  ended: SessionEnd | null;
  /** The server could not be reached while restoring the session. */
  restoreFailed: boolean;
  signIn(login: { token: string; user: User }): void;
  signOut(reason?: SessionEnd): void;
  retryRestore(): void;
  hasRole(...roles: Role[]): boolean;
}

const ME = /* GraphQL */ `query Me { me { ${USER_FIELDS} } }`;

/**
 * How long a JWT lives (`exp` − `iat`) in milliseconds, or null if the token is not a readable JWT.
 * Both are platform time; the session counts that long on this browser's clock from when the token
 * arrived, so a browser whose clock is off (or a platform clock moved in a test or a demo) neither ends
 * the session at once nor keeps it past its time.
 */
function tokenLifetime(token: string): number | null {
  try {
    const payload = token.split('.')[1];
    if (!payload) return null;
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const { exp, iat } = JSON.parse(json) as { exp?: unknown; iat?: unknown };
    return typeof exp === 'number' && typeof iat === 'number' && exp > iat ? (exp - iat) * 1000 : null;
  } catch {
    return null;
  }
}

function readStored(): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof parsed.token !== 'string' || typeof parsed.expiresAt !== 'number') return null;
    return { token: parsed.token, expiresAt: parsed.expiresAt };
  } catch {
    return null;
  }
}

function writeStored(session: StoredSession | null): void {
  try {
    if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // storage disabled: the session lasts until the page is left
  }
}

const SessionContext = createContext<Session | null>(null);

interface State {
  stored: StoredSession | null;
  user: User | null;
  ended: SessionEnd | null;
}

function initialState(): State {
  const stored = readStored();
  if (stored && stored.expiresAt <= Date.now()) {
    writeStored(null);
    return { stored: null, user: null, ended: 'expired' };
  }
  return { stored, user: null, ended: null };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>(initialState);
  const [restoreFailed, setRestoreFailed] = useState(false);
  const [restoreAttempt, setRestoreAttempt] = useState(0);
  const tokenRef = useRef<string | null>(state.stored?.token ?? null);

  const makeConnection = useCallback((token: string | null): GraphqlConnection => {
    return createGraphqlConnection({
      token,
      // only the token that was refused ends its session; a late error from an old client does nothing
      onUnauthenticated: () => endSessionRef.current(token, 'expired'),
    });
  }, []);
  const [connection, setConnection] = useState<GraphqlConnection>(() => makeConnection(state.stored?.token ?? null));
  const connectionRef = useRef(connection);

  const replaceConnection = useCallback(
    (token: string | null) => {
      connectionRef.current.dispose();
      const next = makeConnection(token);
      connectionRef.current = next;
      tokenRef.current = token;
      setConnection(next);
    },
    [makeConnection],
  );

  const endSession = useCallback(
    (token: string | null, reason: SessionEnd) => {
      if (token !== tokenRef.current || token === null) return;
      writeStored(null);
      setRestoreFailed(false);
      setState({ stored: null, user: null, ended: reason });
      replaceConnection(null);
    },
    [replaceConnection],
  );
  const endSessionRef = useRef(endSession);
  endSessionRef.current = endSession;

  const signIn = useCallback<Session['signIn']>(
    ({ token, user }) => {
      const stored = { token, expiresAt: Date.now() + (tokenLifetime(token) ?? DEFAULT_LIFETIME_MS) };
      writeStored(stored);
      setRestoreFailed(false);
      setState({ stored, user, ended: null });
      replaceConnection(token);
    },
    [replaceConnection],
  );

  const signOut = useCallback<Session['signOut']>((reason = 'logout') => endSession(tokenRef.current, reason), [endSession]);

  // End the session when the token expires.
  const stored = state.stored;
  useEffect(() => {
    if (!stored) return;
    const timer = window.setTimeout(() => endSession(stored.token, 'expired'), Math.min(Math.max(stored.expiresAt - Date.now(), 0), MAX_TIMER_MS));
    return () => window.clearTimeout(timer);
  }, [stored, endSession]);

  // A token from an earlier page load: ask the server who it belongs to.
  const needsRestore = stored !== null && state.user === null;
  useEffect(() => {
    if (!needsRestore || !stored) return;
    let cancelled = false;
    setRestoreFailed(false);
    connection.client
      .query<{ me: User | null }>(ME, {}, { requestPolicy: 'network-only' })
      .toPromise()
      .then((result) => {
        if (cancelled) return;
        const me = result.data?.me;
        if (me) setState((s) => (s.stored?.token === stored.token ? { ...s, user: me } : s));
        else if (result.error?.networkError && !result.error.graphQLErrors.length) setRestoreFailed(true);
        else endSession(stored.token, 'expired');
      });
    return () => {
      cancelled = true;
    };
  }, [needsRestore, stored, connection, endSession, restoreAttempt]);

  const user = state.user;
  const session: Session = {
    status: user ? 'authenticated' : stored ? 'restoring' : 'anonymous',
    user,
    token: user ? (stored?.token ?? null) : null,
    ended: state.ended,
    restoreFailed,
    signIn,
    signOut,
    retryRestore: () => setRestoreAttempt((n) => n + 1),
    hasRole: (...roles) => !!user && user.roles.some((role) => roles.includes(role)),
  };

  return (
    <SessionContext.Provider value={session}>
      <UrqlProvider value={connection.client}>{children}</UrqlProvider>
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
