/** One http.Server: Express 5 + Apollo (GraphQL over HTTP), graphql-ws (WebSocket), the web app and PKI files. */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type ErrorRequestHandler, type Request } from 'express';
import { GraphQLError, parse, validate, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Context, RequestMeta } from './graphql/context';
import { checkLimits, type Limits } from './graphql/limits';
import { subscribe, type SubscriptionArgs } from './graphql/shared-subscriptions';
import { sendError } from './http-errors';
import { bearerToken } from './modules/identity/tokens.service';
import { demoPkcs12 } from './demo/demo-credentials';
import { uploadRoutes } from './modules/bids/uploads.routes';
import { documentRoutes } from './modules/projects/documents.routes';
import { evaluationRoutes } from './modules/evaluation/evaluation.routes';
import { opendataRoutes } from './modules/opendata/opendata.routes';
import type { Services } from './services';

export interface RunningServer {
  httpServer: http.Server;
  close: () => Promise<void>;
}

export async function createContext(services: Services, token: string | null, meta: RequestMeta): Promise<Context> {
  const em = services.orm.em.fork();
  // platform time is read once per request: with the token's actor (one query), or when first needed
  const session = token ? await services.tokens.session(em, token) : null;
  let now: Promise<Date> | undefined = session ? Promise.resolve(session.now) : undefined;
  const platformNow = () => (now ??= services.clock.now(em));
  return { em, actor: session?.actor ?? null, meta, services, audit: null, now: platformNow };
}

function requestMeta(req: Request | http.IncomingMessage): RequestMeta {
  const header = (name: string) => {
    const value = req.headers[name];
    return typeof value === 'string' ? value.slice(0, 500) : null;
  };
  return { clientIp: req.socket.remoteAddress ?? null, userAgent: header('user-agent'), correlationId: randomUUID().slice(0, 8) };
}

function limitsPlugin(schema: GraphQLSchema, limits: Limits): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, operationName }) {
          const errors = checkLimits(schema, document, request.variables, limits, operationName);
          if (errors.length) throw errors[0];
        },
      };
    },
  };
}

export async function createServer(services: Services, schema: GraphQLSchema): Promise<RunningServer> {
  const { config } = services;
  const limits: Limits = { maxDepth: config.maxQueryDepth, maxComplexity: config.maxQueryComplexity };
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  // Idle keep-alive sockets live longer than clients keep them (undici: 4 s, browsers: longer behind a
  // proxy), so a client never reuses a socket the server is closing at that moment (ECONNRESET).
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;

  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: config.maxRequestBytes });
  const wsCleanup = useServer<{ authorization?: unknown }>(
    {
      schema,
      subscribe,
      onConnect: async (ctx) => {
        const token = wsToken(ctx.connectionParams?.authorization);
        if (!token) return true;
        try {
          await services.tokens.actor(services.orm.em.fork(), token);
          return true;
        } catch {
          return false; // closes with 4403 Forbidden
        }
      },
      onSubscribe: async (ctx, id, payload) => {
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error as GraphQLError];
        }
        const errors = validate(schema, document);
        if (errors.length) return errors;
        const limitErrors = checkLimits(schema, document, payload.variables ?? undefined, limits, payload.operationName);
        if (limitErrors.length) return limitErrors;
        const { request, socket } = ctx.extra as { request: http.IncomingMessage; socket: WebSocket };
        let contextValue: Context;
        try {
          contextValue = await createContext(services, wsToken(ctx.connectionParams?.authorization), requestMeta(request));
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        const args: SubscriptionArgs = { schema, document, variableValues: payload.variables, operationName: payload.operationName, contextValue, transport: { socket, id } };
        return args;
      },
    },
    wsServer,
  );

  const apollo = new ApolloServer<Context>({
    schema,
    includeStacktraceInErrorResponses: false,
    introspection: true,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      limitsPlugin(schema, limits),
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
    ],
    formatError: (formatted) => {
      const code = formatted.extensions?.code;
      if (code === 'INTERNAL_SERVER_ERROR') return { message: 'Internal error.', extensions: { code: 'INTERNAL' } };
      return formatted;
    },
  });
  await apollo.start();

  app.use(
    '/graphql',
    express.json({ limit: config.maxRequestBytes }),
    expressMiddleware(apollo, { context: async ({ req }) => createContext(services, bearerToken(req.headers.authorization), requestMeta(req)) }),
  );

  const restContext = (req: Request) => createContext(services, bearerToken(req.headers.authorization), requestMeta(req));
  app.use(documentRoutes(restContext));
  app.use(uploadRoutes(restContext));
  app.use(evaluationRoutes(restContext));
  app.use(opendataRoutes(services));

  app.get('/pki/ca.pem', async (_req, res) => {
    res.type('application/x-pem-file').send((await services.pki.authority(services.orm.em.fork())).certPem);
  });
  app.get('/pki/crl.pem', async (_req, res) => {
    res.type('application/x-pem-file').send(await services.pki.crl(services.orm.em.fork()));
  });
  if (config.demo) {
    app.get('/demo/certificates/:file', async (req, res) => {
      const p12 = await demoPkcs12(services.orm.em.fork(), req.params.file);
      if (!p12) res.status(404).type('text/plain').send('No such demo certificate.');
      else res.type('application/x-pkcs12').attachment(req.params.file).send(p12);
    });
  }

  serveWebApp(app, config.webDist);
  app.use(jsonErrors(services, config.maxRequestBytes));

  return {
    httpServer,
    close: async () => {
      await apollo.stop(); // drains HTTP and closes the WebSocket server
      wsServer.close();
    },
  };
}

function wsToken(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  return bearerToken(value) ?? (value.trim() || null);
}

function serveWebApp(app: express.Express, webDist: string): void {
  const index = path.join(webDist, 'index.html');
  app.use(express.static(webDist, { index: false }));
  app.use((req, res, next) => {
    if (req.method !== 'GET' || !req.accepts('html')) return next();
    if (fs.existsSync(index)) res.sendFile(index);
    else res.status(503).type('text/plain').send('The web app is not built: run `npm run build:web`.');
  });
}

/** Body-parser and other middleware errors as GraphQL-shaped JSON (no stack traces). */
function jsonErrors(services: Services, limit: number): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    const fail = (status: number, code: string, message: string) => sendError(res, status, code, message);
    if (error?.type === 'entity.too.large') return fail(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${limit} bytes.`);
    if (error?.type === 'entity.parse.failed') return fail(400, 'BAD_REQUEST', 'The request body is not valid JSON.');
    if (error?.status >= 400 && error?.status < 500) return fail(error.status, 'BAD_REQUEST', 'The request is malformed.');
    services.log.error('request failed', error);
    return fail(500, 'INTERNAL', 'Internal error.');
  };
}
