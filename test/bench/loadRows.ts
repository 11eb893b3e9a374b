/**
 * Bench row "F0 under load, repeat training (predicted)": a 20 s training of a group trained before (so its
 * schedule has a prediction, from the first training's service duration) while a tree walk and edits keep the
 * F0 budget busy at its limit — the situation of test/integration/f0Load.test.ts, with a prediction. One F0
 * budget per run (the product's, on the emulated clock: scaledTierBudget), shared by the train call, the polls,
 * a reader (list persons, list groups, one call at a time) and an editor (rename a person, one at a time);
 * the emulator enforces F0's 20 calls in any (emulated) minute.
 *
 * Side by side, in turns: the poll the schedule expects to see the end sent first-come first-served (as
 * before), and sent with `priority` (CallOptions.priority: ahead of the waiting reads and edits). The train
 * call itself goes out on one of the budget's slots, so each phase lengthens the training (and the one it is
 * predicted from) by a share of the budget's 3.0 s pace: the rows cover where the end falls between two slots. Printed per run and summed up: the lag (the service's end →
 * the poll that saw it), the training's calls (POST + polls), the reads and edits served meanwhile, the most
 * calls in any emulated minute and the 429s. Targets: ≤ 20 calls in any minute, no 429, and the priority's
 * worst lag within one pace and the schedule's margin (plus 1 s of slack): what a poll at the head of the
 * queue can wait.
 */
import { apiKeyAuth, createFaceClient, type FaceApi, type TrainingStatus } from '../../src/face/index';
import { followTraining } from '../../src/operations/follower';
import { TrainingHistory } from '../../src/operations/history';
import { durationMs, startOrJoinTraining } from '../../src/operations/starter';
import { containerKey } from '../../src/state/keys';
import { parseTime } from '../../src/shared/time';
import { scaledClock } from '../support/scaledClock';
import type { Emulator } from '../emulator/server';
import { scaledTierBudget } from './faultsWorld';
import { maxInWindow } from './measure';
import { BENCH_RESOURCE, MemoryState } from './ours';

const S = 1000;
const ID = 'staff';
/** F0's pace past half its capacity (the minute and its 120 ms pad over 20), emulated ms. */
const PACE_MS = 60_120 / 20;

export type Mode = 'first-come' | 'priority';

export interface LoadRun {
	readonly mode: Mode;
	/** The training's length beyond the row's (a share of the pace: where its end falls between two slots), emulated ms. */
	readonly phaseMs: number;
	readonly lagMs: number;
	readonly polls: number;
	/** The training's billed calls: the POST and the polls. */
	readonly calls: number;
	/** Reads and edits answered between the POST and the end seen. */
	readonly loadCalls: number;
	/** 429s the emulator answered during the run. */
	readonly throttled: number;
}

function realSleep(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}

function client(emu: Emulator, scale: number, onAnswer?: () => void): FaceApi {
	return createFaceClient({
		endpoint: emu.endpoint,
		apiVersion: 'v1.2',
		auth: apiKeyAuth(emu.key),
		tier: 'F0',
		rateBudget: scaledTierBudget(scale),
		// The product's defaults (30 s time-out, back-off from 500 ms up to 20 s) on the emulated clock.
		timeoutMs: 30_000 / scale,
		backoff: { baseMs: 500 / scale, capMs: 20_000 / scale },
		onRequest: (e) => (e.billed ? onAnswer?.() : undefined),
	});
}

/** A caller that keeps one call waiting for the budget until stopped; counts the calls answered. */
function loop(call: (i: number) => Promise<unknown>): { stop(): Promise<void>; readonly answered: () => number } {
	let running = true;
	let answered = 0;
	const done = (async () => {
		for (let i = 0; running; i++) {
			await call(i).then(() => answered++, () => undefined);
		}
	})();
	return { stop: () => ((running = false), done), answered: () => answered };
}

/** What the row shares between its runs: one client (one F0 budget) and the load on it. */
interface World {
	readonly emu: Emulator;
	readonly scale: number;
	readonly api: FaceApi;
	readonly history: TrainingHistory;
	readonly known: TrainingStatus;
	/** Reads and edits answered so far. */
	readonly loadAnswered: () => number;
}

async function oneRun(w: World, mode: Mode, phaseMs: number): Promise<LoadRun> {
	const { emu, scale, api } = w;
	await realSleep((2 * S) / scale); // a gap after the previous training
	const since = (await emu.control.requests()).at(-1)?.seq ?? 0;
	const clock = scaledClock(scale);
	const before = w.loadAnswered();
	const start = await startOrJoinTraining(api, 'personGroup', ID, { clock, known: w.known });
	const prediction = w.history.predict(BENCH_RESOURCE, containerKey({ resourceId: BENCH_RESOURCE, kind: 'personGroup', containerId: ID }), 0, start.previous);
	const result = await followTraining({
		poll: (signal, endExpected) => api.pollTraining(start.pollUrl, { signal, priority: mode === 'priority' && endExpected }),
		startedAt: start.startedAt,
		predictedMs: prediction === undefined ? undefined : prediction.predictedMs * scale,
		earliestMs: prediction === undefined ? undefined : prediction.earliestMs * scale,
		priorCalls: start.calls,
		clock,
	});
	const seenAt = Date.now();
	const loadCalls = w.loadAnswered() - before;
	const endedAt = parseTime(result.status?.lastActionDateTime);
	if (result.state !== 'succeeded' || endedAt === undefined || prediction === undefined) {
		throw new Error(`${mode}: training ended ${result.state} (${result.message ?? 'no message'}), prediction ${prediction?.predictedMs ?? 'none'}`);
	}
	const requests = await emu.control.requests(since);
	return {
		mode,
		phaseMs,
		lagMs: (seenAt - endedAt) * scale,
		polls: result.polls,
		calls: start.calls.length + result.polls,
		loadCalls,
		throttled: requests.filter((r) => r.status === 429).length,
	};
}

/** Runs the row: `runs` phases, each first-come then priority, on one budget kept busy throughout. Returns the runs and their printer. */
export async function loadRows(emu: Emulator, trainingMs: number, scale: number, runs: number, step: (text: string) => void): Promise<{ runs: LoadRun[]; print: () => string[] }> {
	await emu.control.reset();
	await emu.control.seed('demo');
	await emu.control.setConfig({ profile: 'f0', rateLimit: true, scaleRateLimit: true, trainingMs, trainingMsPerEntry: 0, timeScale: scale });
	await emu.control.resetCounters();
	const api = client(emu, scale);
	const loadStart = Date.now();
	const persons = (await api.listPersons('personGroup', 'visitors')).map((p) => p.personId);
	// The tree's walk and the edits: one call at a time each, so one of each is always waiting once the budget is paced.
	const reader = loop((i) => (i % 2 ? api.listContainers('personGroup') : api.listPersons('personGroup', 'visitors')));
	const editor = loop((i) => api.updatePerson('personGroup', 'visitors', persons[i % persons.length], { name: `Visitor ${i}` }));
	const out: LoadRun[] = [];
	try {
		for (let i = 0; i < runs; i++) {
			// The train call goes out on one of the budget's slots, so where the end falls between two slots is
			// set by the duration: each phase lengthens the training by a share of the pace.
			const phaseMs = (i * PACE_MS) / runs;
			await emu.control.setConfig({ trainingMs: trainingMs + phaseMs });
			// A training of that length, under the same load: its service duration is the history the repeats predict from.
			step(`F0 under load: ${sec(trainingMs + phaseMs)}, the training the repeats predict from`);
			const history = new TrainingHistory(new MemoryState());
			const clock = scaledClock(scale);
			const first = await startOrJoinTraining(api, 'personGroup', ID, { clock, known: { state: 'succeeded' } });
			const firstEnd = await followTraining({ poll: (signal) => api.pollTraining(first.pollUrl, { signal }), startedAt: first.startedAt, priorCalls: first.calls, clock });
			const known = firstEnd.status!;
			await history.recordEnd({ resourceId: BENCH_RESOURCE, kind: 'personGroup', containerId: ID, id: `history ${i}`, label: ID, startedAt: new Date().toISOString(), state: 'succeeded', pollUrl: first.pollUrl, polls: firstEnd.polls, sizeMark: 0, endStatus: known, trainedMs: durationMs(known) }, scale);
			// Past the first minute the budget's first burst has aged out: one slot per 3.0 s from here on.
			await realSleep(loadStart + (70 * S) / scale - Date.now());
			const world: World = { emu, scale, api, history, known, loadAnswered: () => reader.answered() + editor.answered() };
			for (const mode of ['first-come', 'priority'] as const) {
				step(`F0 under load, ${mode}, ${sec(trainingMs + phaseMs)}`);
				out.push(await oneRun(world, mode, phaseMs));
			}
		}
	} finally {
		await Promise.all([reader.stop(), editor.stop()]);
	}
	const all = (await emu.control.requests()).filter((r) => r.status !== undefined);
	const overall = { maxPerMinute: maxInWindow(all.map((r) => r.emulatedMs)), throttled: all.filter((r) => r.status === 429).length, calls: all.length };
	return { runs: out, print: () => printLoad(out, overall, trainingMs, scale) };
}

const sec = (ms: number) => `${(ms / S).toFixed(2)} s`;

function printLoad(runs: readonly LoadRun[], overall: { maxPerMinute: number; throttled: number; calls: number }, trainingMs: number, scale: number): string[] {
	const failures: string[] = [];
	const title = 'F0 under load, repeat training (predicted)';
	console.log('');
	console.log(`${title}: ${trainingMs / S} s, predicted from the first; a tree walk and edits at the limit throughout; ×${scale}`);
	const header = ['training'.padEnd(8), 'end poll'.padEnd(11), 'lag'.padStart(8), 'polls'.padStart(5), 'calls'.padStart(5), 'reads+edits'.padStart(11), '429s'.padStart(4)].join(' ');
	console.log(header);
	console.log('-'.repeat(header.length));
	for (const r of runs) {
		console.log([sec(trainingMs + r.phaseMs).padEnd(8), r.mode.padEnd(11), sec(r.lagMs).padStart(8), String(r.polls).padStart(5), String(r.calls).padStart(5), String(r.loadCalls).padStart(11), String(r.throttled).padStart(4)].join(' '));
	}
	const of = (mode: Mode) => runs.filter((r) => r.mode === mode);
	const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
	const fc = of('first-come');
	const pr = of('priority');
	const sum = (rs: readonly LoadRun[]) => `lag mean ${sec(mean(rs.map((r) => r.lagMs)))}, min ${sec(Math.min(...rs.map((r) => r.lagMs)))}, max ${sec(Math.max(...rs.map((r) => r.lagMs)))}; calls mean ${mean(rs.map((r) => r.calls)).toFixed(1)}; reads+edits meanwhile mean ${mean(rs.map((r) => r.loadCalls)).toFixed(1)}`;
	console.log(`first-come: ${sum(fc)}`);
	console.log(`priority:   ${sum(pr)}`);
	const limits = overall.maxPerMinute <= 20 && overall.throttled === 0;
	console.log(`whole row: ${overall.calls} calls, most in any emulated minute ${overall.maxPerMinute} (≤ 20), 429s ${overall.throttled} (0): ${limits ? 'PASS' : 'FAIL'}`);
	if (!limits) {
		failures.push(`${title}: ${overall.maxPerMinute} calls in a minute, ${overall.throttled} 429s`);
	}
	const ratio = mean(pr.map((r) => r.lagMs)) / mean(fc.map((r) => r.lagMs));
	const bound = PACE_MS + 500 + S; // one pace, the schedule's margin (2 % of 20–23 s), slack
	const worst = Math.max(...pr.map((r) => r.lagMs));
	const ok = worst <= bound;
	console.log(`priority / first-come, mean lag: ${ratio.toFixed(3)}; priority's worst lag ${sec(worst)} ≤ ${sec(bound)} (one pace + 0.5 s margin + 1 s): ${ok ? 'PASS' : 'FAIL'}`);
	if (!ok) {
		failures.push(`${title}: the priority's worst lag ${sec(worst)} > ${sec(bound)}`);
	}
	return failures;
}
