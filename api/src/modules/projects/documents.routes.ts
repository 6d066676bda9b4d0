/** HTTP routes for document files (GraphQL carries their metadata): upload as the raw body, download with a bearer token. */
import express, { type Request, type Response } from 'express';
import { GraphQLError } from 'graphql';
import { requireUuid } from '../../graphql/ids';
import type { Context } from '../../graphql/context';
import { MAX_DOCUMENT_BYTES, type DocumentResult } from './documents.service';

type ContextFactory = (req: Request) => Promise<Context>;

export function documentRoutes(context: ContextFactory): express.Router {
  const router = express.Router();
  router.post('/api/projects/:projectId/documents', express.raw({ type: () => true, limit: MAX_DOCUMENT_BYTES }), (req, res) =>
    handle(req, res, context, async (ctx) => {
      const name = decodeURIComponent(String(req.headers['x-file-name'] ?? ''));
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      return ctx.services.documents.upload(ctx, requireUuid(String(req.params.projectId), 'projectId'), name, String(req.headers['content-type'] ?? 'application/octet-stream'), body);
    }, (document, response) => response.status(201).json({ id: document.id, name: document.name, size: document.size, sha256: document.sha256 })),
  );
  router.get('/api/documents/:documentId', (req, res) =>
    handle(req, res, context, (ctx) => ctx.services.documents.download(ctx, requireUuid(String(req.params.documentId), 'documentId')), (document, response) =>
      response.type(document.mediaType).set('x-content-sha256', document.sha256).attachment(document.name).send(document.content),
    ),
  );
  return router;
}

async function handle<T>(req: Request, res: Response, context: ContextFactory, work: (ctx: Context) => Promise<DocumentResult<T>>, ok: (value: T, res: Response) => void): Promise<void> {
  try {
    const result = await work(await context(req));
    if (result.ok) ok(result.value, res);
    else res.status(result.status).json({ errors: [{ message: result.message, extensions: { code: result.code } }] });
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    const code = String(error.extensions?.code ?? 'BAD_REQUEST');
    res.status(code === 'UNAUTHENTICATED' ? 401 : 400).json({ errors: [{ message: error.message, extensions: { code } }] });
  }
}
