/** Bid files over HTTP: PUT a chunk at Upload-Offset, HEAD to learn where to resume (tus-like); GET one's own bid.cms. */
import express from 'express';
import { requireUuid } from '../../graphql/ids';
import { guarded, sendError, type ContextFactory } from '../../http-errors';
import { CHUNK_BYTES } from './uploads.service';

export function uploadRoutes(context: ContextFactory): express.Router {
  const router = express.Router();
  router.head('/api/bid-uploads/:id', (req, res) =>
    guarded(res, async () => {
      const ctx = await context(req);
      const upload = await ctx.services.uploads.offset(ctx, requireUuid(String(req.params.id), 'id'));
      if (!upload) return void res.status(404).end();
      res.set({ 'upload-offset': String(upload.received), 'upload-length': String(upload.declaredSize), 'cache-control': 'no-store' }).status(204).end();
    }),
  );
  router.put('/api/bid-uploads/:id', express.raw({ type: () => true, limit: CHUNK_BYTES }), (req, res) =>
    guarded(res, async () => {
      const ctx = await context(req);
      if (!ctx.actor) return void sendError(res, 401, 'UNAUTHENTICATED', 'Log in to upload a bid.');
      const offset = Number(req.headers['upload-offset']);
      if (!Number.isSafeInteger(offset) || offset < 0) return void sendError(res, 400, 'BAD_REQUEST', 'Upload-Offset must be the byte offset of this chunk.');
      const result = await ctx.services.uploads.append(ctx, requireUuid(String(req.params.id), 'id'), offset, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
      if (!result.ok) {
        if (result.received !== undefined) res.set('upload-offset', String(result.received));
        return void sendError(res, result.status, result.code, result.message);
      }
      res.set('upload-offset', String(result.received)).status(204).end();
    }),
  );
  router.get('/api/bids/:id/bid.cms', (req, res) =>
    guarded(res, async () => {
      const ctx = await context(req);
      if (!ctx.actor) return void sendError(res, 401, 'UNAUTHENTICATED', 'Log in to download your bid.');
      const bytes = await ctx.services.bids.ciphertext(ctx, requireUuid(String(req.params.id), 'id'));
      if (!bytes) return void sendError(res, 404, 'NOT_FOUND', 'There is no such bid of yours.');
      res.type('application/pkcs7-mime').attachment('bid.cms').send(bytes);
    }),
  );
  return router;
}
