/**
 * How long a training will take, from what is known (pure: no VS Code, no timers):
 * - the container's past trainings (the service's own durations, `createdDateTime` → `lastActionDateTime`,
 *   with the container's size mark at each: `state/sizeJournal.ts`, the net entries Face Explorer added);
 * - how the container's size changed since (its size mark now);
 * - how far off this resource's past predictions were (actual / predicted).
 *
 * The answer is a point (`predictedMs`) and how early the training may plausibly end (`earliestMs`): the
 * schedule puts its checkpoints between the two and falls back to the no-prediction schedule after the
 * point (schedule.ts).
 */

/** One past training of a container. */
export interface PastTraining {
	/** The service's duration of the run (`createdDateTime` → `lastActionDateTime`), ms. */
	readonly durationMs: number;
	/** The container's size mark when it was trained (net entries added through Face Explorer), if known. */
	readonly sizeMark?: number;
}

export interface PredictionInput {
	/** The container's past trainings, newest first. */
	readonly history: readonly PastTraining[];
	/** The container's size mark now. */
	readonly sizeMark?: number;
	/** actual / predicted of this resource's recent followed trainings, newest first. */
	readonly errorRatios?: readonly number[];
}

export interface Prediction {
	/** The expected duration, ms. */
	readonly predictedMs: number;
	/** The earliest end the schedule guards for, ms (≤ predictedMs). */
	readonly earliestMs: number;
	/** How it was made, for the log: `like the previous training`, `from 3 trainings and +4 entries since`. */
	readonly basis: string;
}

/** Without known errors, a training may end as early as half its prediction (a container emptied, a quiet service). */
export const DEFAULT_EARLIEST_FRACTION = 0.5;
/** Past errors can widen the guarded range down to this fraction… */
export const MIN_EARLIEST_FRACTION = 0.2;
/** …or narrow it up to this one (after at least `NARROW_AFTER` predictions, all close). */
export const MAX_EARLIEST_FRACTION = 0.8;
export const NARROW_AFTER = 3;
/** Trainings of a container used for the size fit, and errors of a resource kept. */
export const HISTORY_USED = 5;
export const ERRORS_USED = 10;

/** A prediction from the container's past trainings, or undefined when it has none. */
export function predictTraining(input: PredictionInput): Prediction | undefined {
	const history = input.history.filter((h) => Number.isFinite(h.durationMs) && h.durationMs >= 0).slice(0, HISTORY_USED);
	if (history.length === 0) {
		return undefined;
	}
	const last = history[0];
	const fit = sizeFit(history);
	const delta = input.sizeMark !== undefined && last.sizeMark !== undefined ? input.sizeMark - last.sizeMark : undefined;
	let predictedMs = last.durationMs;
	let basis = history.length === 1 ? 'like the previous training' : `like the previous training (of ${history.length} known)`;
	if (fit && delta !== undefined && delta !== 0) {
		// Anchored at the last run (the service's load then is the best guess of its load now), moved along
		// the fitted slope by the entries added or deleted since; never beyond 4× either way.
		const at = last.durationMs + fit.slopeMsPerEntry * delta;
		predictedMs = Math.min(4 * last.durationMs, Math.max(last.durationMs / 4, at));
		basis = `from ${fit.points} trainings of different sizes, ${signed(delta)} entries since the last`;
	} else if (delta !== undefined && delta !== 0) {
		basis = `like the previous training, ${signed(delta)} entries since`;
	}
	const ratios = (input.errorRatios ?? []).filter((r) => Number.isFinite(r) && r > 0).slice(0, ERRORS_USED);
	let fraction = DEFAULT_EARLIEST_FRACTION;
	if (ratios.length > 0) {
		// Guard as early as the worst early end seen (with a tenth to spare); only a record of close
		// predictions narrows the range below the default.
		const worst = Math.min(...ratios) * 0.9;
		fraction = ratios.length >= NARROW_AFTER ? worst : Math.min(DEFAULT_EARLIEST_FRACTION, worst);
	}
	if (delta !== undefined && delta < 0 && !fit) {
		// Entries deleted and no fit to say how much that saves: guard for the default early end at least.
		fraction = Math.min(fraction, DEFAULT_EARLIEST_FRACTION);
	}
	fraction = Math.min(MAX_EARLIEST_FRACTION, Math.max(MIN_EARLIEST_FRACTION, fraction));
	return { predictedMs, earliestMs: predictedMs * fraction, basis };
}

/**
 * Least squares of duration over size mark for the trainings whose mark is known, when there are at least
 * two different marks; the slope is never negative (flat when the data say "faster when bigger").
 */
export function sizeFit(history: readonly PastTraining[]): { slopeMsPerEntry: number; points: number } | undefined {
	const pts = history.filter((h): h is PastTraining & { sizeMark: number } => h.sizeMark !== undefined && Number.isFinite(h.sizeMark));
	if (new Set(pts.map((p) => p.sizeMark)).size < 2) {
		return undefined;
	}
	const n = pts.length;
	const mx = pts.reduce((s, p) => s + p.sizeMark, 0) / n;
	const my = pts.reduce((s, p) => s + p.durationMs, 0) / n;
	const sxx = pts.reduce((s, p) => s + (p.sizeMark - mx) ** 2, 0);
	const sxy = pts.reduce((s, p) => s + (p.sizeMark - mx) * (p.durationMs - my), 0);
	const slope = Math.max(0, sxy / sxx);
	return { slopeMsPerEntry: slope, points: n };
}

function signed(n: number): string {
	return n > 0 ? `+${n}` : String(n);
}
