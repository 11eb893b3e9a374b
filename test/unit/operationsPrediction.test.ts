/**
 * The training prediction (pure) and where it comes from: past durations, the container's size mark and the
 * resource's past errors; the history and size journals that keep them in globalState.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_EARLIEST_FRACTION, MAX_EARLIEST_FRACTION, MIN_EARLIEST_FRACTION, predictTraining, sizeFit } from '../../src/operations/prediction';
import { TrainingHistory } from '../../src/operations/history';
import { SizeJournal } from '../../src/state/sizeJournal';
import type { TrainingStatus } from '../../src/face/types';
import { elapsedMs } from '../../src/operations/format';
import { afterEnd } from '../../src/operations/progress';
import type { Operation } from '../../src/operations/types';

const S = 1000;

class Memory {
	readonly data = new Map<string, unknown>();
	get<T>(key: string): T | undefined {
		return this.data.get(key) as T | undefined;
	}
	update(key: string, value: unknown): Promise<void> {
		this.data.set(key, JSON.parse(JSON.stringify(value)));
		return Promise.resolve();
	}
}

describe('operations: training prediction', () => {
	it('has no prediction without a past training', () => {
		assert.equal(predictTraining({ history: [] }), undefined);
	});

	it('predicts the last duration, guarding from half of it, when nothing else is known', () => {
		const p = predictTraining({ history: [{ durationMs: 40 * S }, { durationMs: 90 * S }] })!;
		assert.equal(p.predictedMs, 40 * S);
		assert.equal(p.earliestMs, DEFAULT_EARLIEST_FRACTION * 40 * S);
	});

	it('moves the prediction along the size fit of past trainings by the entries added or deleted since', () => {
		// 10 s + 1 s per entry, seen at marks 0 and 20; 10 entries deleted since the last.
		const history = [{ durationMs: 30 * S, sizeMark: 20 }, { durationMs: 10 * S, sizeMark: 0 }];
		assert.equal(sizeFit(history)?.slopeMsPerEntry, 1 * S);
		assert.equal(predictTraining({ history, sizeMark: 10 })!.predictedMs, 20 * S);
		assert.equal(predictTraining({ history, sizeMark: 50 })!.predictedMs, 60 * S);
		assert.equal(predictTraining({ history, sizeMark: 20 })!.predictedMs, 30 * S, 'no change since: the last duration');
		assert.match(predictTraining({ history, sizeMark: 10 })!.basis, /-10 entries/);
	});

	it('never predicts faster for more entries, and never beyond 4× the last run', () => {
		const shrinking = [{ durationMs: 10 * S, sizeMark: 20 }, { durationMs: 30 * S, sizeMark: 0 }];
		assert.equal(sizeFit(shrinking)?.slopeMsPerEntry, 0);
		assert.equal(predictTraining({ history: shrinking, sizeMark: 40 })!.predictedMs, 10 * S);
		const steep = [{ durationMs: 10 * S, sizeMark: 1 }, { durationMs: 1 * S, sizeMark: 0 }];
		assert.equal(predictTraining({ history: steep, sizeMark: 1000 })!.predictedMs, 40 * S);
	});

	it('guards as early as the resource\'s worst early end, and narrows only after several close predictions', () => {
		const history = [{ durationMs: 100 * S }];
		assert.equal(predictTraining({ history, errorRatios: [0.3] })!.earliestMs, 0.27 * 100 * S);
		assert.equal(predictTraining({ history, errorRatios: [1, 1] })!.earliestMs, DEFAULT_EARLIEST_FRACTION * 100 * S, 'two close ones do not narrow it');
		assert.equal(predictTraining({ history, errorRatios: [1, 1, 1] })!.earliestMs, MAX_EARLIEST_FRACTION * 100 * S);
		assert.equal(predictTraining({ history, errorRatios: [0.01, 1, 1] })!.earliestMs, MIN_EARLIEST_FRACTION * 100 * S);
		assert.equal(predictTraining({ history, errorRatios: [1, 1, 1], sizeMark: -5 })!.earliestMs, MAX_EARLIEST_FRACTION * 100 * S, 'no known mark then: no delta');
		const deleted = [{ durationMs: 100 * S, sizeMark: 5 }];
		assert.equal(predictTraining({ history: deleted, errorRatios: [1, 1, 1], sizeMark: 0 })!.earliestMs, DEFAULT_EARLIEST_FRACTION * 100 * S, 'entries deleted, no fit: the default range');
	});

	it('the history keeps the last trainings per container and the errors per resource, newest first', async () => {
		const memory = new Memory();
		const h = new TrainingHistory(memory);
		for (const [i, d] of [40, 20, 60, 60, 30, 90].entries()) {
			await h.record({ resourceId: 'r', containerKey: 'r/personGroup/staff', durationMs: d * S, sizeMark: i, predictedMs: i === 0 ? undefined : 30 * S, at: i });
		}
		assert.deepEqual(h.trainings('r/personGroup/staff').map((t) => t.durationMs / S), [90, 30, 60, 60, 20]);
		assert.deepEqual(h.errorRatios('r'), [3, 1, 2, 2, 2 / 3]);
		assert.deepEqual(new TrainingHistory(memory).trainings('r/personGroup/other'), []);
		memory.data.set('azureFace.trainingHistory', { version: 1, containers: { k: [{ durationMs: 'x' }, { durationMs: 5, at: 1 }] }, resources: { r: [-1, 'y', 2] } });
		assert.deepEqual(h.trainings('k').map((t) => t.durationMs), [5], 'bad records are skipped');
		assert.deepEqual(h.errorRatios('r'), [2]);
	});

	it('the size journal adds up the net entries per container', () => {
		const memory = new Memory();
		const j = new SizeJournal(memory);
		j.add('r/largePersonGroup/a', 3);
		j.add('r/largePersonGroup/a', -1);
		j.add('r/largePersonGroup/b', 1);
		j.add('r/largePersonGroup/b', 0);
		assert.equal(j.mark('r/largePersonGroup/a'), 2);
		assert.equal(new SizeJournal(memory).mark('r/largePersonGroup/b'), 1);
		assert.equal(j.mark('r/largePersonGroup/c'), 0);
	});
});

describe('operations: an ended training\'s duration', () => {
	it('is the service\'s (createdDateTime → lastActionDateTime), not the time until the end was noticed', () => {
		const t0 = Date.parse('2026-01-01T10:00:00.000Z');
		const op: Operation = {
			id: 'o', resourceId: 'r', kind: 'personGroup', containerId: 'staff', label: 'staff', state: 'running',
			startedAt: new Date(t0).toISOString(), pollUrl: 'http://127.0.0.1/x', polls: 3, predictedMs: 40 * S,
		};
		const status: TrainingStatus = { state: 'succeeded', rawStatus: 'succeeded', createdDateTime: new Date(t0 + 200).toISOString(), lastActionDateTime: new Date(t0 + 20_200).toISOString() };
		// Noticed 41 s after the start (a poll planned for the predicted end).
		const final = afterEnd(op, { state: 'succeeded', polls: 4, endedAt: t0 + 41_000, status }, { now: () => t0 + 41_000 });
		assert.equal(final.trainedMs, 20_000);
		assert.equal(elapsedMs(final), 20_000, '"trained in 20s", not 41s');
		assert.deepEqual(final.endStatus, status);
		const stopped = afterEnd(op, { state: 'stopped' }, { now: () => t0 + 5000 });
		assert.equal(stopped.trainedMs, undefined);
		assert.equal(elapsedMs(stopped), 5000, 'no service times: until the stop');
	});

	it('is what the history records, with the error of its prediction', async () => {
		const memory = new Memory();
		const h = new TrainingHistory(memory);
		const t0 = Date.parse('2026-01-01T10:00:00.000Z');
		const status: TrainingStatus = { state: 'succeeded', createdDateTime: new Date(t0).toISOString(), lastActionDateTime: new Date(t0 + 20_000).toISOString() };
		const op: Operation = {
			id: 'o', resourceId: 'r', kind: 'personGroup', containerId: 'staff', label: 'staff', state: 'succeeded',
			startedAt: new Date(t0).toISOString(), endedAt: new Date(t0 + 41_000).toISOString(), pollUrl: 'x', polls: 4,
			predictedMs: 40 * S, sizeMark: 3, endStatus: status, trainedMs: 20_000,
		};
		await h.recordEnd(op);
		assert.deepEqual(h.trainings('r/personGroup/staff').map((t) => [t.durationMs, t.sizeMark]), [[20_000, 3]]);
		assert.deepEqual(h.errorRatios('r'), [0.5]);
		const next = h.predict('r', 'r/personGroup/staff', 3, status);
		assert.equal(next?.predictedMs, 20_000, 'the next one is predicted from 20 s; the same run read again is not counted twice');
		assert.equal(next?.earliestMs, 0.45 * 20_000, 'and guarded from the worst early end seen (0.5 × 0.9)');
	});
});
