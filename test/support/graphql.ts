/** Talking to the API as a client would: real HTTP (fetch) and real WebSocket (graphql-ws). */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { StoredEvent } from '../../api/src/events/event-log';
import { waitFor } from './wait';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[];
}

export async function gql<T = Record<string, any>>(url: string, query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GraphQLResponse<T>;
  return { status: res.status, data: body.data, errors: body.errors };
}

export async function loginAs(url: string, username: string, password = 'demo1234'): Promise<string> {
  const res = await gql(url, 'mutation($i: LoginInput!) { login(input: $i) { token errors { code message } } }', { i: { username, password } });
  const token = res.data?.login?.token;
  if (!token) throw new Error(`login as ${username} failed: ${JSON.stringify(res.errors ?? res.data)}`);
  return token;
}

export function wsClient(url: string, token?: string | null): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

/** Run one operation over WebSocket and return its first result. */
export function wsOnce<T = Record<string, any>>(client: Client, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
  return new Promise((resolve, reject) => {
    let result: GraphQLResponse<T> | undefined;
    const dispose = client.subscribe<T>(
      { query, variables },
      {
        next: (value) => {
          result = { status: 0, data: value.data as T, errors: value.errors as GraphQLResponse['errors'] };
          dispose();
          resolve(result);
        },
        error: (error) => reject(error),
        complete: () => (result ? undefined : reject(new Error('completed without a result'))),
      },
    );
  });
}

export const EVENTS_SUBSCRIPTION = 'subscription($s: String!, $a: Int!) { events(stream: $s, afterSeq: $a) { seq stream streamSeq type payload createdAt } }';

export interface EventWatch {
  /** the events received so far, in arrival order */
  received: StoredEvent[];
  /** GraphQL errors, socket errors, and 'completed' if the server ended the subscription */
  errors: unknown[];
  /** resolves once the socket is acknowledged */
  connected: Promise<void>;
  /** wait until at least `n` events arrived; fails on any error */
  until(n: number, ms?: number): Promise<void>;
  /** wait until an event of `type` arrived; fails on any error */
  untilType(type: string, ms?: number): Promise<void>;
  dispose(): Promise<void>;
}

/** Subscribe to `events(stream, afterSeq)` over graphql-ws and collect what arrives. */
export function watch(wsUrl: string, token: string, stream: string, afterSeq: number): EventWatch {
  const client = wsClient(wsUrl, token);
  const connected = new Promise<void>((resolve) => client.on('connected', () => resolve()));
  const received: StoredEvent[] = [];
  const errors: unknown[] = [];
  client.subscribe<{ events: StoredEvent }>(
    { query: EVENTS_SUBSCRIPTION, variables: { s: stream, a: afterSeq } },
    { next: (v) => (v.data ? received.push(v.data.events) : errors.push(v.errors)), error: (e) => errors.push(e), complete: () => errors.push('completed') },
  );
  const failOnErrors = () => {
    if (errors.length > 0) throw new Error(`subscription to ${stream} failed: ${JSON.stringify(errors)}`);
  };
  return {
    received,
    errors,
    connected,
    until: (n, ms) => waitFor(() => received.length >= n || errors.length > 0, `${n} events on ${stream} (have ${received.length})`, ms).then(failOnErrors),
    untilType: (type, ms) => waitFor(() => received.some((e) => e.type === type) || errors.length > 0, `a ${type} event on ${stream}`, ms).then(failOnErrors),
    dispose: async () => {
      await client.dispose();
    },
  };
}
