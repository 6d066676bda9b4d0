/** The time limits a published project is watched on (pure): what, due when, who answers for it. */
import type { TimerSpec } from '../supervision/deadline-lights.service';
import type { Project } from './project.entity';

export function projectTimers(project: Project, publishedAt: Date): TimerSpec[] {
  const responsibleId = responsibleFor(project);
  const timers: TimerSpec[] = [];
  if (project.bidDeadline) timers.push({ rule: 'BID_DEADLINE', label: '投标截止', responsibleId, startsAt: publishedAt, dueAt: project.bidDeadline });
  if (project.openingAt) timers.push({ rule: 'OPENING', label: '开标', responsibleId, startsAt: publishedAt, dueAt: project.openingAt });
  if (project.listingEnd) timers.push({ rule: 'LISTING_END', label: '挂牌截止', responsibleId, startsAt: publishedAt, dueAt: project.listingEnd });
  return timers;
}

/** The appointed agent runs the project when there is one, else the tenderee itself. */
export function responsibleFor(project: Project): string {
  return project.agent?.id ?? project.tenderee.id;
}

/** An answer to a clarification question is due within 3 days (DOMAIN rule 21/23 practice), by whoever runs the project. */
export const CLARIFICATION_ANSWER_DAYS = 3;
