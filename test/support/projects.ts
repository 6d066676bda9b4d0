/** Helpers for project tests: a fixed platform time and the GraphQL calls of the project wizard. */
import type { TestApp } from './app';
import { gql, loginAs } from './graphql';

/** Tuesday 24 November 2026, 09:00 China Standard Time. */
export const T0 = new Date('2026-11-24T09:00:00+08:00');
export const cst = (local: string) => new Date(`${local}+08:00`);

export async function setClock(app: TestApp, at: Date): Promise<void> {
  await app.platform.services.clock.set(app.platform.services.orm.em.fork(), at);
}

/** Move platform time forward by `ms` (the movable clock of test apps). */
export async function advanceClock(app: TestApp, ms: number): Promise<void> {
  await app.platform.services.clock.advance(app.platform.services.orm.em.fork(), ms);
}

export const PROJECT_FIELDS = 'id code title kind method status statusReason publishedAt bidDeadline documentsFrom openingCertificatePem lots { number title } announcements { kind title body } transitions { fromStatus toStatus event effectiveAt }';

export const SCHEDULES = {
  GP_OPEN_TENDER: { documentsFrom: cst('2026-11-24T10:00:00'), documentsUntil: cst('2026-12-01T17:00:00'), bidDeadline: cst('2026-12-15T09:30:00'), openingAt: cst('2026-12-15T09:30:00') },
  CONSTRUCTION_OPEN_TENDER: { documentsFrom: cst('2026-11-24T10:00:00'), documentsUntil: cst('2026-11-30T17:00:00'), bidDeadline: cst('2026-12-15T09:30:00'), openingAt: cst('2026-12-15T10:00:00') },
  LAND_LISTING: { listingStart: cst('2026-12-14T09:00:00'), listingEnd: cst('2026-12-24T15:00:00') },
} as const;

export async function userIds(app: TestApp, adminToken: string, ...usernames: string[]): Promise<string[]> {
  const res = await gql(app.graphqlUrl, '{ users(first: 100) { edges { node { id username } } } }', {}, adminToken);
  return usernames.map((u) => res.data!.users.edges.find((e: any) => e.node.username === u).node.id);
}

export async function createProject(app: TestApp, token: string, input: Record<string, unknown>) {
  const res = await gql(app.graphqlUrl, `mutation($i: CreateProjectInput!) { createProject(input: $i) { project { ${PROJECT_FIELDS} } errors { code message field } } }`, { i: input }, token);
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.createProject;
}

export async function publishProject(app: TestApp, token: string, input: Record<string, unknown>) {
  const res = await gql(app.graphqlUrl, `mutation($i: PublishProjectInput!) { publishProject(input: $i) { project { ${PROJECT_FIELDS} } errors { code message field rule earliestLegal } } }`, { i: input }, token);
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.publishProject;
}

/** A published GP_OPEN_TENDER project of the demo hospital, made through the API (tenderee, one document, custodians for the opening key). */
export async function publishedTender(app: TestApp, title: string): Promise<{ id: string; code: string; tenderee: string }> {
  const tenderee = await loginAs(app.graphqlUrl, 'tenderee');
  const custodians = await userIds(app, await loginAs(app.graphqlUrl, 'admin'), 'supervisor', 'tenderee', 'admin');
  const { project, errors } = await createProject(app, tenderee, { title, method: 'GP_OPEN_TENDER', budget: '1200000', schedule: SCHEDULES.GP_OPEN_TENDER });
  if (errors.length) throw new Error(`createProject: ${JSON.stringify(errors)}`);
  const upload = await fetch(`${app.baseUrl}/api/projects/${project.id}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tenderee}`, 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('采购需求.pdf') },
    body: Buffer.from('%PDF-1.7 requirements'),
  });
  if (upload.status !== 201) throw new Error(`document upload: HTTP ${upload.status}`);
  const published = await publishProject(app, tenderee, { projectId: project.id, announcement: `${title} 招标公告正文`, custodianUserIds: custodians });
  if (published.errors.length) throw new Error(`publishProject: ${JSON.stringify(published.errors)}`);
  return { id: project.id, code: project.code, tenderee };
}
