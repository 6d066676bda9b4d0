/** Tender documents: uploaded by those who run a draft project, downloaded by registered bidders (each download recorded). */
import { LockMode } from '@mikro-orm/core';
import type { Clock } from '../../clock';
import type { Context } from '../../graphql/context';
import { hasRole } from '../../graphql/context';
import { sha256Hex } from '../../sha256';
import { Organisation } from '../identity/organisation.entity';
import { Role } from '../identity/roles';
import type { AuditService } from '../supervision/audit.service';
import { AuditOutcome } from '../supervision/audit-record.entity';
import { DocumentDownload, ProjectDocument } from './document.entity';
import { managesProject } from './project-access';
import { Project } from './project.entity';
import { Registration } from './project-records.entity';

export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

export type DocumentResult<T> = { ok: true; value: T } | { ok: false; status: number; code: string; message: string };

export class DocumentsService {
  constructor(
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async upload(ctx: Context, projectId: string, name: string, mediaType: string, content: Buffer): Promise<DocumentResult<ProjectDocument>> {
    const sha256 = sha256Hex(content);
    ctx.audit = this.audit.begin('uploadDocument', { projectId, name, sha256 });
    return ctx.em.transactional(async (em) => {
      const fail = async (status: number, code: string, message: string): Promise<DocumentResult<ProjectDocument>> => {
        await this.audit.record(em, ctx, status === 403 ? AuditOutcome.DENIED : AuditOutcome.FAILED, code);
        return { ok: false, status, code, message };
      };
      // a shared lock: publication (FOR UPDATE) records the current documents' hashes, so it waits for uploads in flight
      const project = await em.findOne(Project, { id: projectId }, { lockMode: LockMode.PESSIMISTIC_READ });
      if (!project) return fail(404, 'NOT_FOUND', 'There is no such project.');
      if (!managesProject(ctx.actor, project)) return fail(403, 'FORBIDDEN', 'Only the tenderee and its agent upload documents.');
      if (project.status !== 'DRAFT') return fail(409, 'NOT_ALLOWED_IN_STATE', 'Documents are fixed at publication; publish an amendment to change them.');
      if (!/^[^/\\\0]{1,200}$/.test(name)) return fail(400, 'DOCUMENT_INVALID', 'A document needs a file name of 1 to 200 characters without slashes.');
      if (content.length === 0) return fail(400, 'DOCUMENT_INVALID', 'The document is empty.');
      const now = await this.clock.now(em);
      for (const old of await em.find(ProjectDocument, { project, name, supersededAt: null })) old.supersededAt = now;
      const document = em.create(ProjectDocument, { project, name, mediaType, size: content.length, sha256, content });
      await em.flush();
      await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
      return { ok: true, value: document };
    });
  }

  async download(ctx: Context, documentId: string): Promise<DocumentResult<ProjectDocument>> {
    return ctx.em.transactional(async (em) => {
      const document = await em.findOne(ProjectDocument, { id: documentId }, { populate: ['project', 'content'] });
      const project = document?.project.getEntity();
      if (!document || !project) return { ok: false, status: 404, code: 'NOT_FOUND', message: 'There is no such document.' };
      const actor = ctx.actor;
      if (!actor) return { ok: false, status: 401, code: 'UNAUTHENTICATED', message: 'Log in to download tender documents.' };
      const registered = !!project.publishedAt && (await em.count(Registration, { project, organisation: actor.organisationId })) > 0;
      if (!registered && !managesProject(actor, project) && !hasRole(actor, Role.SUPERVISOR, Role.ADMIN)) {
        return { ok: false, status: 403, code: 'FORBIDDEN', message: 'Register for the project to download its documents.' };
      }
      em.create(DocumentDownload, { document, userId: actor.userId, organisation: em.getReference(Organisation, actor.organisationId), clientIp: ctx.meta.clientIp });
      await em.flush();
      return { ok: true, value: document };
    });
  }
}
