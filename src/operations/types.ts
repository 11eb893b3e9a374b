import type * as vscode from 'vscode';
import type { ContainerKind } from '../face/kinds';
import type { TrainingStatus } from '../face/types';

/** The kinds of long-running operation (operationTypes.ts describes each). */
export type OperationType = 'training' | 'directoryWrite' | 'enrollment';

/** What a Person Directory write changes: the directory (a person, a face) or a Dynamic Person Group. */
export type DirectoryTargetKind = 'personDirectory' | 'dynamicPersonGroup';

/** The target of an operation: a container (training) or the directory / a dynamic group (directory write). */
export type OperationTargetKind = ContainerKind | DirectoryTargetKind;

export function isContainerKind(kind: OperationTargetKind): kind is ContainerKind {
	return kind !== 'personDirectory' && kind !== 'dynamicPersonGroup';
}

/** The container an operation that targets one (a training, an enrollment) is about. */
export function containerKindOf(op: { readonly kind: OperationTargetKind }): ContainerKind {
	if (!isContainerKind(op.kind)) {
		throw new Error(`This operation targets the ${op.kind}, not a container.`);
	}
	return op.kind;
}

export type EnrollOutcome = 'added' | 'existing' | 'skipped' | 'failed';

/** A file an enrollment skipped or could not add: what the summary and the report list. */
export interface EnrollIssue {
	/** The group (person folder) it belongs to: a resumed run keeps the issues of finished groups only. */
	readonly group: string;
	readonly file: string;
	readonly outcome: 'skipped' | 'failed';
	readonly reason: string;
}

/** What an enrollment keeps in its record: enough to resume it after a reload, and its running tally. */
export interface EnrollmentRecord {
	/** The enrolled folder (a URI string) and its name. */
	readonly folder: string;
	readonly folderName: string;
	readonly qualityGate: boolean;
	readonly recognitionModel?: string;
	/** Files found in the folder (when last planned). */
	readonly total: number;
	/** Files done so far, by outcome (finished groups and the ones under way). */
	readonly counts: Readonly<Record<EnrollOutcome, number>>;
	/** Groups (person folders) finished, and their counts: a resumed run does not read or send them again. */
	readonly doneGroups: readonly string[];
	readonly doneCounts: Readonly<Record<EnrollOutcome, number>>;
	/** Skipped and failed files (at most MAX_ISSUES). */
	readonly issues: readonly EnrollIssue[];
	/** Persons created (persons' kinds). */
	readonly personsCreated: number;
	/** Ambiguous failures settled by reading the holder's faces. */
	readonly settled: number;
}

export type OperationState = 'running' | 'succeeded' | 'failed' | 'stopped';

/**
 * One followed long-running operation (persisted in globalState while unfinished, and kept a while in the
 * recent list): its type, its target (resource, container kind, container), the URL to poll, what the
 * schedule knows (polls, prediction) and what the presenters show (label, state, message).
 */
export interface Operation {
	readonly id: string;
	/** What kind of operation (operationTypes.ts); absent in operations saved by 0.1.0, which are trainings. */
	readonly type?: OperationType;
	readonly resourceId: string;
	/** A training's container kind; a directory write's `personDirectory` or `dynamicPersonGroup`. */
	readonly kind: OperationTargetKind;
	/** A training's container; a directory write's person id or group id. */
	readonly containerId: string;
	readonly label: string;
	/** ISO times. */
	readonly startedAt: string;
	readonly endedAt?: string;
	readonly state: OperationState;
	/** The URL to poll: for a training, the `operation-Location` value, else `…/{id}/training`. */
	readonly pollUrl: string;
	/** Raw status from the last poll. */
	readonly lastStatus?: string;
	readonly lastPolledAt?: string;
	readonly polls: number;
	/** Expected duration in ms (prediction.ts: past trainings, size change, past errors), when known… */
	readonly predictedMs?: number;
	/** …and the earliest end the schedule guards for (ms; absent: half the prediction). */
	readonly earliestMs?: number;
	/** The container's size mark (state/sizeJournal.ts) when the training started. */
	readonly sizeMark?: number;
	/** The terminal status the last poll read (the tree shows it without reading it again). */
	readonly endStatus?: TrainingStatus;
	/** The service's duration of the run (`createdDateTime` → `lastActionDateTime` of `endStatus`), ms. */
	readonly trainedMs?: number;
	/** Failure text from the service, or why watching stopped. */
	readonly message?: string;
	/** Set on enrollments (type `enrollment`): the folder, the options and the tally. */
	readonly enrollment?: EnrollmentRecord;
	/** While it runs: why polling waits for credentials (a keyring that failed, no session yet, a refused key). */
	readonly waiting?: string;
	/** The window (tracker) polling it while it runs, and when that window last said it still does. */
	readonly watcher?: string;
	readonly heartbeatAt?: string;
	/**
	 * When the polling window means to poll next (ISO, real time): its lease holds until a short lapse after
	 * the later of this and `heartbeatAt`, so a window that goes away without a word is replaced about when its
	 * next poll was due, never counting on a release it may not get to write.
	 */
	readonly nextPollAt?: string;
	/** A directory write: the ids it concerns (the faces added, the persons changed), shown *pending* while it runs. */
	readonly subjects?: readonly string[];
	/** Many small directory writes followed as one entry (`Adding faces 120/200`): batch.ts. */
	readonly batch?: OperationBatch;
}

/**
 * Several directory writes of one command (a bulk add of faces) as one operation. Their `…/operations/{id}`
 * URLs are read in order (the service runs a person's writes one after the other); `ended` of them have
 * ended. `total` counts the writes the command means to send; while `open`
 * the command is still sending (a reload closes it: what was sent is followed, nothing more is sent).
 */
export interface OperationBatch {
	readonly total: number;
	readonly urls: readonly string[];
	/** How many of `urls` ended, and how many of those failed. */
	readonly ended: number;
	readonly failed: number;
	/** Writes the service refused when they were sent (no face in the image…): nothing to follow. */
	readonly refused: number;
	/** The first failure messages (at most a few), for the log and the notification. */
	readonly messages: readonly string[];
	readonly open: boolean;
	/**
	 * The images the command sends, in order (file URIs; kept for batches of at most MAX_BATCH_FILES), and how
	 * many of them it has sent (accepted or refused), for the recognition model: what a reload cut short can
	 * be sent again (`unsent`, set when a resumed batch is closed).
	 */
	readonly files?: readonly string[];
	readonly sent?: number;
	readonly recognitionModel?: string;
	/** The person's name, as the command showed it. */
	readonly personLabel?: string;
	readonly unsent?: readonly string[];
}

/** What the tree needs from the tracker. */
export interface OperationSource {
	readonly onDidChangeOperation: vscode.Event<Operation>;
	/** The running (or most recent) operation for a container. */
	findOperation(resourceId: string, kind: OperationTargetKind, containerId: string): Operation | undefined;
	/** Active operations first, then finished ones (the directory rows look for their running writes). */
	list(): Operation[];
}
