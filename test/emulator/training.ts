/**
 * Training state machine of PG / LPG / LFL (FACE-API.md §4):
 * never trained (status → 404 …NotTrained) → running (first poll after a train always says running) →
 * succeeded | failed (empty container). Duration = (trainingMs + trainingMsPerEntry × entries) / timeScale.
 * Identify / find-similar use what the last *successful* training saw (later changes need a new training).
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorConfig } from './config';
import { FaceError, capitalize, timestamp } from './errors';
import { type ContainerRecord, Store } from './store';

/** One trained entry: a face and who it belongs to (person for PG/LPG, the face itself for LFL). */
export interface TrainedEntry {
	identity: string;
	personId?: string;
	persistedFaceId?: string;
}

export interface TrainingRecord {
	runId: string;
	createdDateTime: string;
	lastActionDateTime: string;
	finishMs: number;
	outcome: 'succeeded' | 'failed';
	message?: string;
	done: boolean;
	/** Whether a status poll has answered since this run was queued (the first one says `running`). */
	polled: boolean;
	lastSuccessfulTrainingDateTime?: string;
	lastSuccessfulTrainingId?: string;
	/** The last success before this run (what a `running` answer shows). */
	previousSuccess?: { dateTime?: string; id?: string };
	/** Snapshot taken when this run was queued. */
	pending: TrainedEntry[];
	/** Snapshot of the last successful run. */
	trained?: TrainedEntry[];
}

export function underTraining(c: ContainerRecord): FaceError {
	return new FaceError(409, `${c.kind.errorPrefix}TrainingNotFinished`, `${capitalize(c.kind.noun)} '${c.id}' is under training.`);
}

function notTrained(c: ContainerRecord, status: number): FaceError {
	return new FaceError(status, `${c.kind.errorPrefix}NotTrained`, `${capitalize(c.kind.noun)} '${c.id}' not trained.`);
}

function failureMessage(c: ContainerRecord): string {
	return c.kind.children === 'persons'
		? `There is no person or no persisted face in the ${c.kind.noun}.`
		: `There is no persisted face in the ${c.kind.noun}.`;
}

function snapshot(c: ContainerRecord): TrainedEntry[] {
	const out: TrainedEntry[] = [];
	if (c.kind.children === 'persons') {
		for (const p of c.persons.values()) {
			for (const f of p.faces.values()) {
				out.push({ identity: f.identity, personId: p.personId });
			}
		}
	} else {
		for (const f of c.faces.values()) {
			out.push({ identity: f.identity, persistedFaceId: f.persistedFaceId });
		}
	}
	return out;
}

/** Finishes a run whose time has come. */
export function settle(c: ContainerRecord, now = Date.now()): void {
	const t = c.training;
	if (!t || t.done || now < t.finishMs) {
		return;
	}
	t.done = true;
	t.lastActionDateTime = timestamp(t.finishMs);
	if (t.outcome === 'succeeded') {
		t.lastSuccessfulTrainingDateTime = t.lastActionDateTime;
		t.trained = t.pending;
		if (c.kind.kind === 'personGroup') {
			t.lastSuccessfulTrainingId = t.runId;
		}
	}
	t.pending = [];
}

export function isTraining(c: ContainerRecord, now = Date.now()): boolean {
	settle(c, now);
	return !!c.training && !c.training.done;
}

/** `POST …/train`: queues a run; 409 while one is running. */
export function startTraining(c: ContainerRecord, config: EmulatorConfig, now = Date.now()): void {
	if (isTraining(c, now)) {
		throw underTraining(c);
	}
	const emulatedMs = config.trainingMs + config.trainingMsPerEntry * Store.entries(c);
	const empty = Store.entries(c) === 0 || Store.faceTotal(c) === 0;
	const created = timestamp(now);
	const previous = c.training;
	c.training = {
		runId: randomUUID(),
		createdDateTime: created,
		lastActionDateTime: created,
		finishMs: now + emulatedMs / config.timeScale,
		outcome: empty ? 'failed' : 'succeeded',
		message: empty ? failureMessage(c) : undefined,
		done: false,
		polled: false,
		lastSuccessfulTrainingDateTime: previous?.lastSuccessfulTrainingDateTime,
		lastSuccessfulTrainingId: previous?.lastSuccessfulTrainingId,
		previousSuccess: { dateTime: previous?.lastSuccessfulTrainingDateTime, id: previous?.lastSuccessfulTrainingId },
		pending: snapshot(c),
		trained: previous?.trained,
	};
}

/** Marks a container as successfully trained right now (demo data). */
export function markTrained(c: ContainerRecord): void {
	const now = Date.now();
	c.training = {
		runId: randomUUID(),
		createdDateTime: timestamp(now),
		lastActionDateTime: timestamp(now),
		finishMs: now,
		outcome: 'succeeded',
		done: false,
		polled: true,
		pending: snapshot(c),
	};
	settle(c, now);
}

/** Ends a running training now (control surface), optionally forcing its outcome. */
export function finishNow(c: ContainerRecord, outcome?: 'succeeded' | 'failed'): boolean {
	const t = c.training;
	if (!t || !isTraining(c)) {
		return false;
	}
	if (outcome) {
		t.outcome = outcome;
		t.message = outcome === 'failed' ? t.message ?? 'Training failed (forced by the emulator control surface).' : undefined;
	}
	t.finishMs = Date.now();
	t.polled = true;
	settle(c, t.finishMs);
	return true;
}

/** Status word for the version: v1.0 / v1.0-preview lower-case (`notstarted`), later `notStarted`. */
export function statusWord(status: 'notStarted' | 'running' | 'succeeded' | 'failed', legacy: boolean): string {
	return legacy ? status.toLowerCase() : status;
}

/** `GET …/training`. */
export function trainingStatus(c: ContainerRecord, legacy: boolean, now = Date.now()): Record<string, unknown> {
	settle(c, now);
	const t = c.training;
	if (!t) {
		throw notTrained(c, 404);
	}
	const firstPoll = !t.polled;
	t.polled = true;
	if (!t.done || firstPoll) {
		// Running, or the run already ended but nobody has looked yet: the first poll after a train says running.
		if (!t.done) {
			t.lastActionDateTime = timestamp(Math.min(now, t.finishMs));
		}
		const body: Record<string, unknown> = {
			status: statusWord('running', legacy),
			createdDateTime: t.createdDateTime,
			lastActionDateTime: t.done || firstPoll ? t.createdDateTime : t.lastActionDateTime,
		};
		if (t.previousSuccess?.dateTime) {
			body.lastSuccessfulTrainingDateTime = t.previousSuccess.dateTime;
		}
		if (t.previousSuccess?.id) {
			body.lastSuccessfulTrainingId = t.previousSuccess.id;
		}
		return body;
	}
	const body: Record<string, unknown> = {
		status: statusWord(t.outcome, legacy),
		createdDateTime: t.createdDateTime,
		lastActionDateTime: t.lastActionDateTime,
	};
	if (t.lastSuccessfulTrainingDateTime) {
		body.lastSuccessfulTrainingDateTime = t.lastSuccessfulTrainingDateTime;
	}
	if (t.lastSuccessfulTrainingId) {
		body.lastSuccessfulTrainingId = t.lastSuccessfulTrainingId;
	}
	if (t.outcome === 'failed' && t.message) {
		body.message = t.message;
	}
	return body;
}

/** Identify / find-similar need a finished successful training: 409 while running, 400 …NotTrained before. */
export function requireTrained(c: ContainerRecord, now = Date.now()): TrainedEntry[] {
	if (isTraining(c, now)) {
		throw underTraining(c);
	}
	const trained = c.training?.trained;
	if (!trained) {
		throw notTrained(c, 400);
	}
	return trained;
}

