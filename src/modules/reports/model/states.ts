/**
 * The public states of a Mängelmeldung and how they map onto the shared
 * Vorgang status and onto Open311's open/closed.
 */
import type { CaseStatus } from '../../../core/cases/statuses.ts';
import type { ReportState } from '../schema.ts';

export const REPORT_STATES: readonly ReportState[] = ['received', 'in_progress', 'fixed', 'referred', 'rejected'];
export const CLOSED_REPORT_STATES: readonly ReportState[] = ['fixed', 'referred', 'rejected'];

export function isReportState(value: unknown): value is ReportState {
  return typeof value === 'string' && (REPORT_STATES as readonly string[]).includes(value);
}

export const isClosedState = (state: ReportState): boolean => CLOSED_REPORT_STATES.includes(state);

/** 'referred' (nicht zuständig / weitergeleitet) closes the Vorgang as done: the municipality's part is finished. */
export const CASE_STATUS_OF: Record<ReportState, CaseStatus> = {
  received: 'received',
  in_progress: 'in_progress',
  fixed: 'completed',
  referred: 'completed',
  rejected: 'rejected',
};

/** Open311 knows only open and closed. */
export const open311Status = (state: ReportState): 'open' | 'closed' => (isClosedState(state) ? 'closed' : 'open');

/** States that need a public reason. */
export const NEEDS_REASON: readonly ReportState[] = ['referred', 'rejected'];

/** i18n key of a state's label. */
export const stateLabelKey = (state: ReportState): string => `reports.state.${state}`;

/** KERN badge tone of a state. */
export const STATE_TONE: Record<ReportState, 'info' | 'warning' | 'success' | 'neutral' | 'danger'> = {
  received: 'info',
  in_progress: 'warning',
  fixed: 'success',
  referred: 'neutral',
  rejected: 'danger',
};
