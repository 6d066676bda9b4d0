/** Resumable uploads of bid.cms: declared size and hash first, then chunks in order from the last stored byte. */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../clock';
import type { Context } from '../../graphql/context';
import { sha256Hex } from '../../sha256';
import { Organisation } from '../identity/organisation.entity';
import type { AuditService } from '../supervision/audit.service';
import { AuditOutcome } from '../supervision/audit-record.entity';
import { Lot } from '../projects/lot.entity';
import { Project } from '../projects/project.entity';
import { Registration } from '../projects/project-records.entity';
import { BidUpload } from './bid.entity';
import { biddingWindowProblem } from './bid-window';
import type { BlobStore } from './blob-store';
import { BidErrorCode, type BidError, type BidUploadPayload, type CreateBidUploadInput } from './bids.types';

export const CHUNK_BYTES = 8 * 1024 * 1024;

export type ChunkResult = { ok: true; received: number; complete: boolean } | { ok: false; status: number; code: string; message: string; received?: number };

export class UploadsService {
  constructor(
    private readonly clock: Clock,
    private readonly blobs: BlobStore,
    private readonly audit: AuditService,
    private readonly maxBidBytes: number,
  ) {}

  async create(ctx: Context, input: CreateBidUploadInput): Promise<BidUploadPayload> {
    return ctx.em.transactional(async (em) => {
      const refuse = (error: BidError) => this.audit.refuse(em, ctx, [error], { upload: null, chunkSize: CHUNK_BYTES });
      const actor = ctx.actor!;
      const project = await em.findOne(Project, { id: input.projectId });
      const lot = project && (await em.findOne(Lot, { id: input.lotId, project }));
      if (!project || !lot) return refuse({ code: BidErrorCode.NOT_FOUND, message: 'There is no such project or lot.', field: 'lotId' });
      if (!(await em.count(Registration, { project, organisation: actor.organisationId, lotNumbers: { $contains: [lot.number] } }))) {
        return refuse({ code: BidErrorCode.NOT_REGISTERED, message: `Your organisation is not registered for lot ${lot.number} of this project.` });
      }
      const window = biddingWindowProblem(project, await this.clock.now(em));
      if (window) return refuse(window);
      if (!Number.isSafeInteger(input.size) || input.size < 1) return refuse({ code: BidErrorCode.INPUT_INVALID, message: 'size must be a positive number of bytes.', field: 'size' });
      if (input.size > this.maxBidBytes) return refuse({ code: BidErrorCode.TOO_LARGE, message: `A sealed bid may have at most ${this.maxBidBytes} bytes.`, field: 'size' });
      if (!/^[0-9a-f]{64}$/.test(input.sha256)) return refuse({ code: BidErrorCode.INPUT_INVALID, message: 'sha256 must be 64 lower-case hex digits.', field: 'sha256' });
      const upload = em.create(BidUpload, {
        project,
        lot,
        organisation: em.getReference(Organisation, actor.organisationId),
        userId: actor.userId,
        declaredSize: input.size,
        declaredSha256: input.sha256,
        clientIp: ctx.meta.clientIp,
        userAgent: ctx.meta.userAgent,
      });
      await em.flush();
      await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
      return { upload, chunkSize: CHUNK_BYTES, errors: [] };
    });
  }

  /** Store one chunk at `offset`, which must be the number of bytes already stored (resume point). */
  async append(ctx: Context, uploadId: string, offset: number, data: Buffer): Promise<ChunkResult> {
    return ctx.em.transactional(async (em) => {
      const upload = await em.findOne(BidUpload, { id: uploadId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!upload || upload.organisation.id !== ctx.actor?.organisationId) return { ok: false, status: 404, code: 'NOT_FOUND', message: 'There is no such upload of yours.' };
      const project = await em.findOneOrFail(Project, { id: upload.project.id });
      const now = await this.clock.now(em);
      const window = biddingWindowProblem(project, now);
      if (window) return { ok: false, status: 410, code: window.code, message: window.message };
      if (offset !== upload.received) return { ok: false, status: 409, code: 'OFFSET_MISMATCH', message: `Resume at byte ${upload.received}.`, received: upload.received };
      if (data.length === 0 || upload.received + data.length > upload.declaredSize) return { ok: false, status: 400, code: 'SIZE_MISMATCH', message: `The upload was declared as ${upload.declaredSize} bytes.` };
      await this.blobs.append(em, upload.id, offset, data);
      upload.received += data.length;
      if (upload.received === upload.declaredSize) upload.completedAt = now;
      await em.flush();
      return { ok: true, received: upload.received, complete: upload.received === upload.declaredSize };
    });
  }

  async offset(ctx: Context, uploadId: string): Promise<BidUpload | null> {
    const upload = await ctx.em.findOne(BidUpload, { id: uploadId });
    return upload && upload.organisation.id === ctx.actor?.organisationId ? upload : null;
  }

  /** The complete ciphertext, checked against the declared hash. */
  async content(em: EntityManager, upload: BidUpload): Promise<Buffer | null> {
    if (upload.received !== upload.declaredSize) return null;
    const bytes = await this.blobs.read(em, upload.id);
    return sha256Hex(bytes) === upload.declaredSha256 ? bytes : null;
  }
}
