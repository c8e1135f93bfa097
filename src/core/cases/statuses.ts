/** The status model every Vorgang shares; the citizen sees the same words as the clerk. */
export const CASE_STATUSES = ['received', 'in_progress', 'awaiting_citizen', 'completed', 'rejected'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CLOSED_STATUSES: readonly CaseStatus[] = ['completed', 'rejected'];

export type StatusTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export const STATUS_TONE: Record<CaseStatus, StatusTone> = {
  received: 'info',
  in_progress: 'warning',
  awaiting_citizen: 'neutral',
  completed: 'success',
  rejected: 'danger',
};

export function isCaseStatus(value: unknown): value is CaseStatus {
  return typeof value === 'string' && (CASE_STATUSES as readonly string[]).includes(value);
}

export function isClosed(status: string): boolean {
  return (CLOSED_STATUSES as readonly string[]).includes(status);
}

/** i18n key of a status label. */
export const statusLabelKey = (status: string): string => `case.status.${status}`;
