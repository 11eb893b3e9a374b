/**
 * An enrollment's record as the tracker and the presenters use it (what is saved, resumed, shown): a new one,
 * the same one, its tally. Small and loaded at activation; the run itself (enrollment.ts and the engine) is
 * in its own bundle, `dist/enroll.js`, loaded on the first enrollment (enrollLoader.ts).
 */
import { randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';
import type { ContainerKind } from '../face/kinds';
import type { Clock } from './clock';
import type { EnrollmentRecord, EnrollOutcome, Operation } from './types';

/** Issues kept in the record (and the report). */
export const MAX_ISSUES = 1000;

export interface EnrollmentStart {
	readonly resourceId: string;
	readonly kind: ContainerKind;
	readonly containerId: string;
	/** The container's name. */
	readonly label: string;
	readonly folder: vscode.Uri;
	readonly folderName: string;
	readonly qualityGate: boolean;
	readonly recognitionModel?: string;
	/** Files found when the command planned it. */
	readonly total: number;
}

export const ZERO: Readonly<Record<EnrollOutcome, number>> = { added: 0, existing: 0, skipped: 0, failed: 0 };

export function newEnrollment(s: EnrollmentStart, clock: Pick<Clock, 'now'>): Operation {
	const enrollment: EnrollmentRecord = {
		folder: s.folder.toString(),
		folderName: s.folderName,
		qualityGate: s.qualityGate,
		recognitionModel: s.recognitionModel,
		total: s.total,
		counts: ZERO,
		doneGroups: [],
		doneCounts: ZERO,
		issues: [],
		personsCreated: 0,
		settled: 0,
	};
	return {
		id: randomUUID(),
		type: 'enrollment',
		resourceId: s.resourceId,
		kind: s.kind,
		containerId: s.containerId,
		label: s.label,
		startedAt: new Date(clock.now()).toISOString(),
		state: 'running',
		pollUrl: '',
		polls: 0,
		enrollment,
	};
}

/** Whether `op` enrolls the same folder into the same container as `s`. */
export function sameEnrollment(op: Operation, s: EnrollmentStart): boolean {
	return op.type === 'enrollment' && op.resourceId === s.resourceId && op.kind === s.kind && op.containerId === s.containerId && op.enrollment?.folder === s.folder.toString();
}

/** Files done so far. */
export function doneFiles(r: EnrollmentRecord): number {
	return r.counts.added + r.counts.existing + r.counts.skipped + r.counts.failed;
}

/** `470 added, 10 already there, 4 skipped, 0 failed`. */
export function tallyText(r: EnrollmentRecord): string {
	return `${r.counts.added} added, ${r.counts.existing} already there, ${r.counts.skipped} skipped, ${r.counts.failed} failed`;
}
