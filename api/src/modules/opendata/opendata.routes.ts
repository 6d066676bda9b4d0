/** Public OCDS files: /opendata/ocds/projects/:id/releases.json and records.json (no login; a token is ignored). */
import express from 'express';
import { sendError } from '../../http-errors';
import type { Services } from '../../services';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function opendataRoutes(services: Pick<Services, 'orm' | 'opendata'>): express.Router {
  const router = express.Router();
  router.get('/opendata/ocds/projects/:projectId/:file', async (req, res, next) => {
    const { projectId, file } = req.params;
    if (file !== 'releases.json' && file !== 'records.json') return next();
    const em = services.orm.em.fork();
    const id = projectId.toLowerCase();
    const body = UUID.test(id) ? await (file === 'releases.json' ? services.opendata.releasePackage(em, id) : services.opendata.recordPackage(em, id)) : null;
    if (!body) return sendError(res, 404, 'NOT_FOUND', 'There is no published project with this id.');
    res.type('application/json').set('cache-control', 'no-cache').send(JSON.stringify(body));
  });
  return router;
}
