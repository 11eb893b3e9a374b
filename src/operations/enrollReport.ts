/** The JSON report of an enrollment (*Save Report…*): where from, where to, what went in, what did not and why. */
import * as vscode from 'vscode';
import { KINDS } from '../face/kinds';
import type { Operation } from './types';
import { containerKindOf } from './types';

export interface EnrollmentReport {
	readonly folder: string;
	readonly target: { readonly resource: string; readonly kind: string; readonly id: string; readonly name: string };
	readonly state: string;
	readonly startedAt: string;
	readonly endedAt?: string;
	readonly message?: string;
	readonly files: number;
	readonly added: number;
	readonly alreadyThere: number;
	readonly personsCreated: number;
	/** Ambiguous failures (an answer lost after the request was sent) settled by reading the faces, not sent again. */
	readonly settledByReading: number;
	readonly skipped: readonly { readonly file: string; readonly reason: string }[];
	readonly failed: readonly { readonly file: string; readonly message: string }[];
}

export function enrollmentReport(op: Operation, resourceLabel: string): EnrollmentReport {
	const e = op.enrollment!;
	const folder = vscode.Uri.parse(e.folder);
	return {
		folder: folder.scheme === 'file' ? folder.fsPath : e.folder,
		target: { resource: resourceLabel, kind: KINDS[containerKindOf(op)].label, id: op.containerId, name: op.label },
		state: op.state,
		startedAt: op.startedAt,
		endedAt: op.endedAt,
		message: op.message,
		files: e.total,
		added: e.counts.added,
		alreadyThere: e.counts.existing,
		personsCreated: e.personsCreated,
		settledByReading: e.settled,
		skipped: e.issues.filter((i) => i.outcome === 'skipped').map((i) => ({ file: i.file, reason: i.reason })),
		failed: e.issues.filter((i) => i.outcome === 'failed').map((i) => ({ file: i.file, message: i.reason })),
	};
}
