/**
 * graphql-ws `subscribe` for event streams that many watchers share (an opening hall: one read-out,
 * thousands of watchers). graphql's own subscribe executes the selection set, and graphql-ws
 * serialises the frame, for every subscriber and every event, each through a chain of promises.
 *
 * For the fields in SHARED_FIELDS an event's result depends only on the event object, the document,
 * the variables (but those of the root field's own arguments) and the caller's roles: their resolvers
 * only map the root, and what a viewer may see is decided in the event stream, which hands every
 * viewer of one visibility class the same object (a viewer of another class gets another object, so
 * it never shares a result it may not see). So the `payload` of the `next` frame is executed and
 * serialised once per (event object, share key — see shareKey), and each subscriber's frame is
 * written to its socket as it arrives, in order, without a promise per delivery, as one pre-built
 * WebSocket frame (./ws-frames). graphql-ws keeps the subscription (one pending `next`): `complete`
 * and closing the socket end it through `return`, a failure ends it with an `error` frame.
 *
 * A result with errors is not shared (its messages name the caller's correlation id): each subscriber
 * then executes on its own. Writing never waits for a socket, so a slow watcher delays nobody; while
 * its socket holds more than HIGH_WATER_BYTES unsent, its events wait in its own queue, and when
 * more than MAX_QUEUED wait it is cut off with SLOW_CONSUMER (it resumes with afterSeq).
 */
import { createSourceEventStream, execute, getOperationAST, Kind, print, visit, type ASTNode, type DocumentNode, type ExecutionArgs, type ExecutionResult, type FieldNode } from 'graphql';
import type { WebSocket } from 'ws';
import { isPipeable, type Pipeable } from '../events/streams';
import type { Context } from './context';
import { SlowConsumerError } from './errors';
import { writeTextFrame } from './ws-frames';

/** Subscription fields whose resolvers map the root alone (no context, no arguments). */
export const SHARED_FIELDS: ReadonlySet<string> = new Set(['events', 'openingEvents', 'listingEvents', 'evaluationEvents']);
/** Above this many bytes unsent on a subscriber's socket its events wait in its queue. */
export const HIGH_WATER_BYTES = 256 * 1024;
/** Events a subscriber may have waiting (for its socket, or for their shared result) before it is cut off. */
export const MAX_QUEUED = 10_000;
/** How often a paused subscriber looks at its socket again. */
const PAUSE_MS = 20;
const CLOSE_BRACE = Buffer.from('}');

/** Where a graphql-ws subscription writes its frames (added to the execution args by onSubscribe). */
export interface Transport {
  socket: Pick<WebSocket, 'send' | 'readyState' | 'bufferedAmount'>;
  id: string;
}
export type SubscriptionArgs = ExecutionArgs & { transport?: Transport };

export async function subscribe(args: SubscriptionArgs): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in Object(source))) return source as ExecutionResult;
  const key = shareKey(args);
  if (key !== null && args.transport && isPipeable(source)) return new DirectStream(source, args, key, args.transport);
  const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  return mapIterator(iterator, (event) => execute({ ...args, rootValue: event }));
}

/**
 * The share key of a subscription whose root fields are all shareable, else null. The root fields'
 * own arguments (stream, afterSeq, …) only choose and position the events — the result of one event
 * object does not depend on them — so the variables used there alone are left out: watchers who
 * joined at different positions share. Variables used anywhere else are part of the key.
 */
export function shareKey(args: ExecutionArgs): string | null {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation || operation.operation !== 'subscription') return null;
  const fields = operation.selectionSet.selections;
  if (!fields.every((s) => s.kind === Kind.FIELD && SHARED_FIELDS.has(s.name.value))) return null;
  const actor = (args.contextValue as Context | undefined)?.actor;
  const roles = actor ? [...actor.roles].sort().join(',') : '-';
  const text = args.document.loc?.source.body ?? print(args.document);
  const values = args.variableValues ?? {};
  const used = [...variablesOutsideRootArguments(args.document, fields as readonly FieldNode[])].sort().map((name) => [name, values[name]]);
  return `${roles}\n${args.operationName ?? ''}\n${JSON.stringify(used)}\n${text}`;
}

/** Names of the variables used in the root fields' directives and selections and in any fragment (not the root fields' arguments). */
function variablesOutsideRootArguments(document: DocumentNode, fields: readonly FieldNode[]): Set<string> {
  const names = new Set<string>();
  const collect = (node: ASTNode | readonly ASTNode[] | undefined) => {
    if (!node) return;
    for (const n of Array.isArray(node) ? node : [node]) visit(n, { Variable: (v) => void names.add(v.name.value) });
  };
  for (const field of fields) {
    collect(field.directives);
    collect(field.selectionSet);
  }
  collect(document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION));
  return names;
}

/** One event's shared `next` payload (JSON) for one share key; `failed`: every subscriber executes on its own. */
interface SharedPayload {
  json?: string;
  /** json as UTF-8, for the frames written directly */
  bytes?: Buffer;
  failed?: boolean;
  /** called once the payload is settled */
  waiters: (() => void)[];
}

const payloads = new WeakMap<object, Map<string, SharedPayload>>();

function sharedPayload(args: ExecutionArgs, key: string, event: object): SharedPayload {
  let byKey = payloads.get(event);
  if (!byKey) payloads.set(event, (byKey = new Map()));
  let shared = byKey.get(key);
  if (shared) return shared;
  const entry: SharedPayload = { waiters: [] };
  byKey.set(key, (shared = entry));
  const settle = (result: ExecutionResult | null) => {
    if (result && !result.errors) {
      entry.json = JSON.stringify(result);
      entry.bytes = Buffer.from(entry.json);
    } else entry.failed = true;
    for (const wake of entry.waiters.splice(0)) wake();
  };
  try {
    const result = execute({ ...args, rootValue: event });
    if (result instanceof Promise) result.then(settle, () => settle(null));
    else settle(result);
  } catch {
    settle(null);
  }
  return entry;
}

class DirectStream implements AsyncGenerator<ExecutionResult> {
  private readonly queue: unknown[] = [];
  /** the head of the queue waits for its payload */
  private waiting = false;
  private closed = false;
  private failure: unknown = null;
  private pending: { resolve: (r: IteratorResult<ExecutionResult>) => void; reject: (e: unknown) => void } | null = null;
  /** the frame as graphql-ws writes it: {"id":…,"type":"next","payload":…} */
  private readonly prefix: string;
  private readonly prefixBytes: Buffer;

  constructor(
    private readonly source: Pipeable<unknown> & AsyncIterator<unknown>,
    private readonly args: ExecutionArgs,
    private readonly key: string,
    private readonly transport: Transport,
  ) {
    this.prefix = `{"id":${JSON.stringify(transport.id)},"type":"next","payload":`;
    this.prefixBytes = Buffer.from(this.prefix);
    source.pipe((event) => this.accept(event), (error) => this.fail(error));
  }

  private accept(event: unknown): void {
    if (this.closed) return;
    if (this.queue.push(event) > MAX_QUEUED) return this.fail(new SlowConsumerError());
    if (!this.waiting) this.drain();
  }

  private drain(): void {
    while (this.queue.length && !this.closed) {
      if (this.transport.socket.bufferedAmount > HIGH_WATER_BYTES) return this.pause();
      const event = this.queue[0];
      if (typeof event !== 'object' || event === null) return this.own(event);
      const shared = sharedPayload(this.args, this.key, event);
      if (shared.failed) return this.own(event);
      if (shared.json === undefined) {
        this.waiting = true;
        shared.waiters.push(() => {
          this.waiting = false;
          this.drain();
        });
        return;
      }
      this.queue.shift();
      const { socket } = this.transport;
      if (!writeTextFrame(socket, [this.prefixBytes, shared.bytes!, CLOSE_BRACE])) this.send(this.prefix + shared.json + '}');
    }
  }

  private pause(): void {
    this.waiting = true;
    setTimeout(() => {
      this.waiting = false;
      this.drain();
    }, PAUSE_MS).unref();
  }

  /** The head event executed for this subscriber alone (its result had errors), then the rest. */
  private own(event: unknown): void {
    this.waiting = true;
    void Promise.resolve()
      .then(() => execute({ ...this.args, rootValue: event }))
      .then(({ errors, ...result }) => {
        this.queue.shift();
        // as graphql-ws frames a result
        this.send(JSON.stringify({ id: this.transport.id, type: 'next', payload: { ...result, ...(errors ? { errors: errors.map((e) => e.toJSON()) } : {}) } }));
        this.waiting = false;
        this.drain();
      })
      .catch((error: unknown) => this.fail(error));
  }

  private send(frame: string): void {
    const { socket } = this.transport;
    if (socket.readyState === 1 /* OPEN */) socket.send(frame);
  }

  private fail(error: unknown): void {
    if (this.closed) return;
    this.close();
    if (this.pending) this.pending.reject(error);
    else this.failure = error;
    this.pending = null;
  }

  private close(): void {
    this.closed = true;
    this.queue.length = 0;
    void this.source.return?.();
  }

  /** Settles only when the subscription ends: the frames go straight to the socket. */
  next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.failure) {
      const error = this.failure;
      this.failure = null;
      return Promise.reject(error);
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.pending = { resolve, reject }));
  }

  return(): Promise<IteratorResult<ExecutionResult>> {
    if (!this.closed) this.close();
    this.pending?.resolve({ value: undefined, done: true });
    this.pending = null;
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(): Promise<IteratorResult<ExecutionResult>> {
    return this.return();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** graphql's mapAsyncIterator, as an object graphql-ws treats as a generator (it calls return on complete/close). */
function mapIterator<T, R>(source: AsyncIterator<T>, map: (value: T) => R | Promise<R>): AsyncGenerator<R> {
  const close = async () => {
    try {
      await source.return?.();
    } catch {
      // the original error wins
    }
  };
  const iterator = {
    async next(): Promise<IteratorResult<R>> {
      const result = await source.next();
      if (result.done) return { value: undefined, done: true };
      try {
        return { value: await map(result.value), done: false };
      } catch (error) {
        await close();
        throw error;
      }
    },
    async return(): Promise<IteratorResult<R>> {
      await close();
      return { value: undefined, done: true };
    },
    async throw(error: unknown): Promise<IteratorResult<R>> {
      await close();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator as AsyncGenerator<R>;
}
