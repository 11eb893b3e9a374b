/**
 * Bench rows for a container whose size changes through Face Explorer between trainings: persons added and
 * deleted (the emulator's training takes a fixed time plus a time per person), the size journal kept as the
 * commands keep it. Ours with the size marks beside ours without them (the previous durations only) and the
 * SDK, on the same container one after the other; each of ours starts from the status it last saw (as the
 * tree would know it), so neither learns from the other's runs.
 */
import { apiKeyAuth, createFaceClient } from '../../src/face/index';
import type { TrainingStatus } from '../../src/face/types';
import { TrainingHistory } from '../../src/operations/history';
import { containerKey } from '../../src/state/keys';
import { SizeJournal } from '../../src/state/sizeJournal';
import type { Emulator } from '../emulator/server';
import type { Measured } from './measure';
import { BENCH_RESOURCE, MemoryState, runOurs } from './ours';
import { runSdk } from './sdk';
import type { Line } from './table';

const ID = 'staff';

export interface SizeRun {
	readonly lines: Line[];
	readonly withSizes: Measured[];
	readonly withoutSizes: Measured[];
	readonly sdk: Measured[];
}

/** Trains after each change of `deltas` (persons added, or deleted when negative); `baseMs` + `perPersonMs` × persons. */
export async function sizeRows(emu: Emulator, baseMs: number, perPersonMs: number, deltas: readonly number[], scale: number, lagTarget: (m: Measured) => number): Promise<SizeRun> {
	await emu.control.reset();
	await emu.control.seed('demo');
	await emu.control.setConfig({ profile: 's0', rateLimit: false, trainingMs: baseMs, trainingMsPerEntry: perPersonMs, timeScale: scale });
	const api = createFaceClient({ endpoint: emu.endpoint, apiVersion: 'v1.2', auth: apiKeyAuth(emu.key) });
	const sizes = new SizeJournal(new MemoryState());
	const key = containerKey({ resourceId: BENCH_RESOURCE, kind: 'personGroup', containerId: ID });
	const withHistory = new TrainingHistory(new MemoryState());
	const withoutHistory = new TrainingHistory(new MemoryState());
	// Never trained (the demo's staff): both start without a prediction.
	let withKnown: TrainingStatus = { state: 'nottrained' };
	let withoutKnown: TrainingStatus = { state: 'nottrained' };
	const added: string[] = [];
	const out: SizeRun = { lines: [], withSizes: [], withoutSizes: [], sdk: [] };
	for (const [i, d] of deltas.entries()) {
		for (let n = 0; n < d; n++) {
			added.push(await api.createPerson('personGroup', ID, { name: `bench ${i}.${n}` }));
		}
		for (let n = 0; n < -d; n++) {
			await api.deletePerson('personGroup', ID, added.pop()!);
		}
		sizes.add(key, d);
		const persons = (await api.listPersons('personGroup', ID, { top: 1000 })).length;
		const duration = baseMs + perPersonMs * persons;
		const tag = `${d > 0 ? '+' : ''}${d}`;
		const m = await runOurs(emu, ID, duration, scale, `ours, sizes ${tag}`, { history: withHistory, sizeMark: sizes.mark(key), known: withKnown });
		withKnown = m.status;
		const n = await runOurs(emu, ID, duration, scale, 'ours, no sizes', { history: withoutHistory, sizeMark: 0, known: withoutKnown });
		withoutKnown = n.status;
		const sdk = await runSdk(emu, ID, duration, scale);
		out.lines.push({ m, sdk, lagTarget: lagTarget(m) }, { m: n, sdk, lagTarget: lagTarget(n) }, { m: sdk });
		out.withSizes.push(m);
		out.withoutSizes.push(n);
		out.sdk.push(sdk);
	}
	return out;
}
