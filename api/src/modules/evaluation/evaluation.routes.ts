/** HTTP route for the committee's reading of opened bids: one file of a bid's decrypted package. */
import express from 'express';
import { requireUuid } from '../../graphql/ids';
import { guarded, sendError, type ContextFactory } from '../../http-errors';

export function evaluationRoutes(context: ContextFactory): express.Router {
  const router = express.Router();
  router.get('/api/evaluation/:projectId/bids/:bidId/files/:name', (req, res) =>
    guarded(res, async () => {
      const ctx = await context(req);
      if (!ctx.actor) return sendError(res, 401, 'UNAUTHENTICATED', 'Log in to read bid documents.');
      const projectId = requireUuid(String(req.params.projectId), 'projectId');
      const bidId = requireUuid(String(req.params.bidId), 'bidId');
      const name = String(req.params.name);
      const file = await ctx.services.evaluationQueries.bidFile(ctx.em, ctx, projectId, bidId, name);
      if (!file) return sendError(res, 404, 'NOT_FOUND', 'There is no such file in an evaluated bid.');
      res.type('application/octet-stream').attachment(name).send(file);
    }),
  );
  return router;
}
