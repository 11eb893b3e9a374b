/**
 * An enrollment's run, as the tracker runs it (its record: enrollRecord.ts) — plan the folder (enrollFolder.ts), run the engine
 * (enrollEngine.ts) over it, and turn each file's outcome into the record the presenters show. A resumed
 * run (after a reload, in another window) skips the groups already finished and finds, by content hash, the
 * faces the interrupted run added: nothing is lost or added twice. The entry of `dist/enroll.js`, loaded on
 * the first enrollment (enrollLoader.ts), not at activation.
 */
import * as vscode from 'vscode';
import { isAbortError } from '../face/errors';
import { KINDS } from '../face/kinds';
import type { ClientProvider } from '../resources/types';
import { errorMessage } from '../shared/errors';
import { enroll, type FileResult, type GroupResult } from './enrollEngine';
import { planFolder } from './enrollFolder';
import { doneFiles, MAX_ISSUES, tallyText } from './enrollRecord';
import type { OperationEnd } from './follower';
import type { EnrollIssue, EnrollmentRecord, EnrollOutcome, Operation } from './types';
import { containerKindOf } from './types';

/** The pseudo-group of the files outside any person's folder. */
const LOOSE_GROUP = '';

/** The record is saved (and shown) at most this often while files go in, and at every finished group. */
export const PROGRESS_MS = 400;

// The folder's plan, for the commands (they load this bundle to count the files before asking anything).
export { baseName, planFolder } from './enrollFolder';

export interface RunHooks {
	readonly signal: AbortSignal;
	/** The record changed (throttled): save and show it. */
	readonly update: (op: Operation) => void;
	/** A file was skipped or failed (the log). */
	readonly onIssue?: (op: Operation, issue: EnrollIssue) => void;
	/** An ambiguous failure was settled by reading (the log). */
	readonly onSettled?: (op: Operation, file: string) => void;
	/** A person's face was added or read: its `userData` (undefined: none). */
	readonly onFaceKnown?: (personId: string, faceId: string, userData: string | undefined) => void;
}

/**
 * Runs (or resumes) the enrollment to its end. Resolves to the end to record, or undefined when `signal`
 * stopped it (Cancel or the window closing: the caller recorded why, or leaves it to the next activation).
 */
export async function runEnrollment(initial: Operation, clients: Pick<ClientProvider, 'getClient'>, hooks: RunHooks): Promise<OperationEnd | undefined> {
	const start = initial.enrollment!;
	let op = initial;
	let lastSave = 0;
	const done = new Set(start.doneGroups);
	// A resumed run counts its unfinished groups again (their faces are found by hash, and count as added).
	let rec: EnrollmentRecord = { ...start, counts: start.doneCounts, issues: start.issues.filter((i) => done.has(i.group)) };
	const save = (force = false) => {
		op = { ...op, enrollment: rec };
		if (force || Date.now() - lastSave >= PROGRESS_MS) {
			lastSave = Date.now();
			hooks.update(op);
		}
	};
	try {
		const persons = KINDS[containerKindOf(initial)].children === 'persons';
		const plan = await planFolder(vscode.Uri.parse(start.folder), persons);
		rec = { ...rec, total: plan.total };
		if (!done.has(LOOSE_GROUP)) {
			// Files outside any person's folder: skipped once, in the first run (a finished group of their own).
			const loose = plan.loose.map((i) => ({ ...i, group: LOOSE_GROUP }));
			const counts = add(rec.counts, 'skipped', loose.length);
			rec = { ...rec, issues: [...rec.issues, ...loose], counts, doneCounts: add(rec.doneCounts, 'skipped', loose.length), doneGroups: [...rec.doneGroups, LOOSE_GROUP] };
			done.add(LOOSE_GROUP);
		}
		save(true);
		const client = await clients.getClient(initial.resourceId);
		await enroll(client, containerKindOf(initial), initial.containerId, plan.groups, {
			opId: initial.id,
			signal: hooks.signal,
			qualityGate: start.qualityGate,
			recognitionModel: start.recognitionModel,
			skipGroups: done,
			onFaceKnown: hooks.onFaceKnown,
			onFile: (group, r) => {
				rec = fileDone(rec, group, r);
				if (r.outcome === 'skipped' || r.outcome === 'failed') {
					hooks.onIssue?.(op, { group, file: r.file, outcome: r.outcome, reason: r.reason ?? '' });
				}
				if (r.reconciled) {
					rec = { ...rec, settled: rec.settled + 1 };
					hooks.onSettled?.(op, r.file);
				}
				save();
			},
			onGroup: (g) => {
				rec = groupDone(rec, g);
				save(true);
			},
		});
		save(true);
		return { state: 'succeeded', message: tallyText(rec) };
	} catch (e) {
		if (hooks.signal.aborted || isAbortError(e)) {
			save(true);
			return hooks.signal.aborted ? undefined : { state: 'stopped', message: errorMessage(e) };
		}
		save(true);
		return { state: 'failed', message: `${errorMessage(e)} (${doneFiles(rec)} of ${rec.total} files done: enroll the folder again to go on)` };
	}
}

function add(c: Readonly<Record<EnrollOutcome, number>>, k: EnrollOutcome, n = 1): Record<EnrollOutcome, number> {
	return { ...c, [k]: c[k] + n };
}

function fileDone(rec: EnrollmentRecord, group: string, r: FileResult): EnrollmentRecord {
	const issues = (r.outcome === 'skipped' || r.outcome === 'failed') && rec.issues.length < MAX_ISSUES
		? [...rec.issues, { group, file: r.file, outcome: r.outcome, reason: r.reason ?? '' }]
		: rec.issues;
	return { ...rec, counts: add(rec.counts, r.outcome), issues };
}

function groupDone(rec: EnrollmentRecord, g: GroupResult): EnrollmentRecord {
	let doneCounts = rec.doneCounts;
	for (const k of Object.keys(g.counts) as EnrollOutcome[]) {
		doneCounts = add(doneCounts, k, g.counts[k]);
	}
	return { ...rec, doneGroups: [...rec.doneGroups, g.folder], doneCounts, personsCreated: rec.personsCreated + (g.created ? 1 : 0) };
}
