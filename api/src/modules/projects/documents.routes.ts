/** HTTP routes for document files (GraphQL carries their metadata): upload as the raw body, download with a bearer token. */
import express, { type Request, type Response } from 'express';
import type { Context } from '../../graphql/context';
import { requireUuid } from '../../graphql/ids';
import { guarded, sendError, type ContextFactory } from '../../http-errors';
import { MAX_DOCUMENT_BYTES, type DocumentResult } from './documents.service';

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
  await guarded(res, async () => {
    const result = await work(await context(req));
    if (result.ok) ok(result.value, res);
    else sendError(res, result.status, result.code, result.message);
  });
}
