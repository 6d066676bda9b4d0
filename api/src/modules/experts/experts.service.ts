/** The expert pool: CSV import (all or nothing), profiles, the experts' own declarations. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../graphql/context';
import { BadInputError } from '../../graphql/errors';
import { User } from '../identity/user.entity';
import { Role } from '../identity/roles';
import { usccProblem } from '../identity/uscc';
import type { AuditService } from '../supervision/audit.service';
import { AuditOutcome } from '../supervision/audit-record.entity';
import { Expert, ExpertStatus, type DeclaredRelation } from './expert.entity';
import type { DeclaredRelationInput, ExpertProfile, ImportExpertsPayload, UnavailabilityInput } from './experts.types';
import { readExpertCsv, type RowError } from './rules/expert-csv';

const RELATION_KINDS = ['RELATIVE', 'SHAREHOLDING', 'FORMER_EMPLOYER', 'OTHER'];

export class ExpertsService {
  constructor(private readonly audit: AuditService) {}

  async importCsv(ctx: Context, csv: string): Promise<ImportExpertsPayload> {
    return ctx.em.transactional(async (em) => {
      const { rows, errors } = readExpertCsv(csv);
      const more: RowError[] = [];
      const users = new Map<string, User>();
      for (const [i, row] of rows.entries()) {
        if (await em.count(Expert, { code: row.code })) more.push({ row: i + 2, column: 'code', message: `The code ${row.code} is already in the pool.` });
        if (!row.username) continue;
        const user = await em.findOne(User, { username: row.username });
        if (!user?.roles.includes(Role.EXPERT)) more.push({ row: i + 2, column: 'username', message: `There is no user ${row.username} with the role EXPERT.` });
        else if (await em.count(Expert, { user })) more.push({ row: i + 2, column: 'username', message: `${row.username} is already an expert of the pool.` });
        else users.set(row.code, user);
      }
      const all = [...errors, ...more];
      if (all.length) {
        await this.audit.record(em, ctx, AuditOutcome.FAILED, 'IMPORT_INVALID');
        return { imported: 0, errors: all };
      }
      for (const row of rows) {
        em.create(Expert, { code: row.code, name: row.name, user: users.get(row.code) ?? null, employerUscc: row.employerUscc, employerName: row.employerName, region: row.region, title: row.title, years: row.years, specialties: row.specialties, status: row.status as ExpertStatus });
      }
      await em.flush();
      await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
      return { imported: rows.length, errors: [] };
    });
  }

  async list(em: EntityManager, specialty: string | undefined): Promise<ExpertProfile[]> {
    const experts = await em.find(Expert, specialty ? { specialties: { $contains: [specialty] } } : {}, { orderBy: { code: 'asc' }, limit: 1000 });
    return experts.map(profileOf);
  }

  async mine(ctx: Context): Promise<Expert | null> {
    return ctx.em.findOne(Expert, { user: ctx.actor!.userId });
  }

  /** An expert replaces its own periods of unavailability. */
  async declareUnavailability(ctx: Context, periods: UnavailabilityInput[]): Promise<ExpertProfile> {
    return ctx.em.transactional(async (em) => {
      const expert = await em.findOne(Expert, { user: ctx.actor!.userId });
      if (!expert) throw new BadInputError('You are not in the expert pool.');
      expert.unavailable = unavailabilityOf(periods);
      await em.flush();
      await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
      return profileOf(expert);
    });
  }

  /** An expert replaces its own declarations (relatives, shareholdings, former employers). */
  async declareRelations(ctx: Context, relations: DeclaredRelationInput[]): Promise<ExpertProfile> {
    return ctx.em.transactional(async (em) => {
      const expert = await em.findOne(Expert, { user: ctx.actor!.userId });
      if (!expert) throw new BadInputError('You are not in the expert pool.');
      const declared: DeclaredRelation[] = relations.map((r, i) => {
        const uscc = r.uscc?.trim().toUpperCase() || null;
        if (!RELATION_KINDS.includes(r.kind)) throw new BadInputError(`relations[${i}].kind must be one of ${RELATION_KINDS.join(', ')}.`, 'kind');
        if (!r.organisationName.trim()) throw new BadInputError(`relations[${i}] needs the organisation's name.`, 'organisationName');
        if (uscc && usccProblem(uscc)) throw new BadInputError(`relations[${i}].uscc is not a valid 统一社会信用代码.`, 'uscc');
        return { kind: r.kind as DeclaredRelation['kind'], organisationName: r.organisationName.trim(), uscc, note: r.note.trim() };
      });
      expert.relations = declared;
      await em.flush();
      await this.audit.record(em, ctx, AuditOutcome.SUCCESS);
      return profileOf(expert);
    });
  }
}

/** An expert's periods away (the draw leaves it out when the evaluation falls in one). */
export function unavailabilityOf(periods: UnavailabilityInput[]): { from: string; until: string; reason: string }[] {
  return periods.map((p, i) => {
    if (!(p.from < p.until)) throw new BadInputError(`periods[${i}]: from must be before until.`, 'periods');
    return { from: p.from.toISOString(), until: p.until.toISOString(), reason: p.reason.trim() };
  });
}

export function profileOf(e: Expert): ExpertProfile {
  return { id: e.id, code: e.code, name: e.name, employerName: e.employerName, employerUscc: e.employerUscc ?? null, region: e.region, title: e.title, years: e.years, specialties: e.specialties, status: e.status };
}
