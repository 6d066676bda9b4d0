/** 电子监察 deadline lights (pure): GREEN, YELLOW once a share of the allowed time has elapsed, RED when overdue. */
export type Light = 'GREEN' | 'YELLOW' | 'RED';

export interface TimerFacts {
  startsAt: Date;
  dueAt: Date;
  completedAt?: Date | null;
}

export function lightAt(timer: TimerFacts, now: Date, yellowAt = 0.8): Light {
  if (timer.completedAt) return timer.completedAt > timer.dueAt ? 'RED' : 'GREEN';
  if (now > timer.dueAt) return 'RED';
  const allowed = timer.dueAt.getTime() - timer.startsAt.getTime();
  if (allowed <= 0) return 'YELLOW';
  return (now.getTime() - timer.startsAt.getTime()) / allowed >= yellowAt ? 'YELLOW' : 'GREEN';
}
