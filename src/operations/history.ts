/**
 * What past trainings teach the schedule, kept in `globalState` (`azureFace.trainingHistory`, shared by
 * windows): per container its last few trainings (the service's own duration, `createdDateTime` →
 * `lastActionDateTime`, and the container's size mark then), per resource how far off its last predictions
 * were (actual / predicted). Only numbers: never a key, a body or a name beyond the container key.
 */
import type { TrainingStatus } from '../face/types';
import type { StateMemento } from '../state/consistentMemento';
import { StorageKey, containerKey } from '../state/keys';
import { parseTime } from '../shared/time';
import { ERRORS_USED, HISTORY_USED, type PastTraining, type Prediction, predictTraining } from './prediction';
import { durationMs } from './starter';
import type { Operation } from './types';

/** Containers remembered (the most recently trained ones). */
export const MAX_CONTAINERS = 200;

interface StoredTraining {
	readonly durationMs: number;
	readonly sizeMark?: number;
	/** ms since epoch of the end (the service's `lastActionDateTime` when known). */
	readonly at: number;
}

interface Stored {
	readonly version: 1;
	readonly containers: Readonly<Record<string, readonly StoredTraining[]>>;
	readonly resources: Readonly<Record<string, readonly number[]>>;
}

/** One finished training, as the tracker records it. */
export interface TrainingRecord {
	readonly resourceId: string;
	readonly containerKey: string;
	/** The service's duration of the run, ms. */
	readonly durationMs: number;
	readonly sizeMark?: number;
	/** What the schedule expected, ms (its error is kept for the resource). */
	readonly predictedMs?: number;
	readonly at?: number;
}

export class TrainingHistory {
	constructor(private readonly state: Pick<StateMemento, 'get' | 'update'>) {}

	/** The container's past trainings, newest first. */
	trainings(containerKey: string): Array<PastTraining & { readonly at: number }> {
		return [...(this.stored().containers[containerKey] ?? [])];
	}

	/**
	 * The prediction for the container's next training (real ms): its recorded trainings, with the status read
	 * before the train call as the newest when that run is not among them (trained by another tool, or before
	 * this history existed), its size mark now and the resource's past errors.
	 */
	predict(resourceId: string, containerKey: string, sizeMark: number, previous?: TrainingStatus): Prediction | undefined {
		const history: PastTraining[] = this.trainings(containerKey);
		const newest = this.trainings(containerKey)[0];
		const seen = previous?.state === 'succeeded' ? durationMs(previous) : undefined;
		const seenAt = parseTime(previous?.lastActionDateTime);
		if (seen !== undefined && seenAt !== undefined && (newest === undefined || seenAt > newest.at + 1000)) {
			history.unshift({ durationMs: seen });
		}
		return predictTraining({ history, sizeMark, errorRatios: this.errorRatios(resourceId) });
	}

	/** actual / predicted of the resource's recent trainings, newest first. */
	errorRatios(resourceId: string): number[] {
		return [...(this.stored().resources[resourceId] ?? [])];
	}

	/** Records a training that succeeded (its service duration, size mark, and the error of its prediction, in clock ms at `scale`). */
	recordEnd(op: Operation, scale = 1): Promise<void> {
		if (op.state !== 'succeeded' || op.trainedMs === undefined || (op.type ?? 'training') !== 'training') {
			return Promise.resolve();
		}
		return this.record({
			resourceId: op.resourceId,
			containerKey: containerKey(op),
			durationMs: op.trainedMs,
			sizeMark: op.sizeMark,
			predictedMs: op.predictedMs === undefined ? undefined : op.predictedMs / scale,
			at: parseTime(op.endStatus?.lastActionDateTime) ?? Date.now(),
		});
	}

	record(r: TrainingRecord): Promise<void> {
		if (!Number.isFinite(r.durationMs) || r.durationMs < 0) {
			return Promise.resolve();
		}
		const now = r.at ?? Date.now();
		const s = this.stored();
		const entry: StoredTraining = { durationMs: Math.round(r.durationMs), at: now, ...(r.sizeMark === undefined ? {} : { sizeMark: r.sizeMark }) };
		const containers = Object.entries({ ...s.containers, [r.containerKey]: [entry, ...(s.containers[r.containerKey] ?? [])].slice(0, HISTORY_USED) })
			.sort((a, b) => (a[1][0]?.at ?? 0) - (b[1][0]?.at ?? 0))
			.slice(-MAX_CONTAINERS);
		const resources = { ...s.resources };
		if (r.predictedMs !== undefined && r.predictedMs > 0) {
			resources[r.resourceId] = [r.durationMs / r.predictedMs, ...(resources[r.resourceId] ?? [])].slice(0, ERRORS_USED);
		}
		const value: Stored = { version: 1, containers: Object.fromEntries(containers), resources };
		return Promise.resolve(this.state.update(StorageKey.trainingHistory, value)).then(undefined, () => undefined);
	}

	private stored(): Stored {
		const raw = this.state.get<Stored>(StorageKey.trainingHistory);
		const containers: Record<string, StoredTraining[]> = {};
		const resources: Record<string, number[]> = {};
		if (raw && typeof raw === 'object') {
			for (const [k, list] of Object.entries(raw.containers && typeof raw.containers === 'object' ? raw.containers : {})) {
				const ok = Array.isArray(list) ? list.filter(isTraining) : [];
				if (ok.length > 0) {
					containers[k] = ok;
				}
			}
			for (const [k, list] of Object.entries(raw.resources && typeof raw.resources === 'object' ? raw.resources : {})) {
				const ok = Array.isArray(list) ? list.filter((x): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0) : [];
				if (ok.length > 0) {
					resources[k] = ok;
				}
			}
		}
		return { version: 1, containers, resources };
	}
}

function isTraining(t: unknown): t is StoredTraining {
	const r = t as Partial<StoredTraining> | null;
	return typeof r === 'object' && r !== null && typeof r.durationMs === 'number' && Number.isFinite(r.durationMs) && r.durationMs >= 0
		&& typeof r.at === 'number' && (r.sizeMark === undefined || (typeof r.sizeMark === 'number' && Number.isFinite(r.sizeMark)));
}

