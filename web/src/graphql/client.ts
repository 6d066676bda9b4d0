/**
 * The urql client: queries and mutations over HTTP POST, subscriptions over graphql-ws, both at
 * /graphql on the page's own origin. The bearer token goes in the Authorization header (HTTP) and
 * in connectionParams.authorization (WebSocket). A client belongs to one token: on login, logout
 * or expiry the session throws it away and makes a new one, so no cached data outlives a session.
 */
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient } from 'graphql-ws';

export interface GraphqlConnection {
  client: Client;
  /** Closes the WebSocket (if one was opened). */
  dispose(): void;
}

export interface GraphqlConnectionOptions {
  token: string | null;
  /** The server refused the token (expired, revoked, account gone). */
  onUnauthenticated?(): void;
}

const GRAPHQL_PATH = '/graphql';

export function graphqlWebSocketUrl(location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${GRAPHQL_PATH}`;
}

export function createGraphqlConnection({ token, onUnauthenticated }: GraphqlConnectionOptions): GraphqlConnection {
  const authorization = token ? `Bearer ${token}` : null;

  const ws = createWsClient({
    url: graphqlWebSocketUrl(),
    lazy: true, // no socket until the first subscription
    connectionParams: authorization ? { authorization } : {},
    retryAttempts: 5,
  });

  const client = new Client({
    url: GRAPHQL_PATH,
    preferGetMethod: false, // POST with JSON: passes the server's CSRF protection
    requestPolicy: 'cache-and-network',
    fetchOptions: () => (authorization ? { headers: { authorization } } : {}),
    exchanges: [
      mapExchange({
        onError(error) {
          if (authorization && error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) onUnauthenticated?.();
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const operation = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(operation, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });

  return { client, dispose: () => void ws.dispose() };
}
