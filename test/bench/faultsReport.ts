/**
 * The fault run's figures, from the emulators' request logs (what arrived, when, on the emulated clock), the
 * windows' client logs (which window sent each attempt) and when each tracker saw each end.
 */
import type { Operation } from '../../src/operations/types';
import type { StateSnapshot } from '../emulator/control';
import type { LoggedRequest } from '../emulator/requestLog';
import type { BenchContainer, ClientCall, SeenEnd } from './faultsWorld';
import { routeOf } from './faultsWorld';
import { maxInWindow } from './measure';

export interface StartedTraining {
	readonly op: Operation;
	readonly container: BenchContainer;
	readonly window: number;
}

export interface ResourceRun {
	readonly resourceId: string;
	readonly label: string;
	readonly requests: readonly LoggedRequest[];
	readonly state: StateSnapshot;
	/** Real epoch ms at which the request log was cleared (emulated 0). */
	readonly origin: number;
}

export interface TrainingFigure {
	readonly label: string;
	readonly expected: 'succeeded' | 'failed' | 'none' | 'running';
	readonly seen?: SeenEnd;
	readonly final?: Operation['state'];
	readonly reached: boolean;
	/** Emulated ms from the service's end to the tracker's. */
	readonly lagMs?: number;
	readonly trainCalls: number;
	readonly trainAccepted: number;
}

export interface Figures {
	readonly started: number;
	readonly reached: number;
	readonly lost: number;
	readonly duplicated: number;
	readonly billed: number;
	readonly perResource: ReadonlyArray<{ label: string; maxPerMinute: number; maxCountedPerMinute: number; arrivals: number; faults: Record<string, number> }>;
	readonly worstLagMs: number;
	readonly medianLagMs: number;
	readonly trainings: readonly TrainingFigure[];
}

const MINUTE = 60_000;

export function figures(started: readonly StartedTraining[], runs: readonly ResourceRun[], ends: ReadonlyMap<string, SeenEnd>, finalState: (id: string) => Operation['state'] | undefined, scale: number): Figures {
	const trainings = started.map((s): TrainingFigure => {
		const run = runs.find((r) => r.resourceId === s.container.resourceId)!;
		const summary = run.state[routeOf(s.container.kind)]?.find((c) => c.id === s.container.id);
		const expected = summary?.training ?? 'none';
		const seen = ends.get(s.op.id);
		const final = finalState(s.op.id) ?? seen?.state;
		const trainPath = `/face/v1.2/${routeOf(s.container.kind)}/${s.container.id}/train`;
		const trains = run.requests.filter((r) => r.method === 'POST' && r.path === trainPath);
		const endsAt = summary?.trainingEndsAt ? Date.parse(summary.trainingEndsAt) : undefined;
		return {
			label: `${run.label} ${routeOf(s.container.kind)}/${s.container.id}`,
			expected,
			seen,
			final,
			reached: final === expected && seen !== undefined,
			lagMs: seen && endsAt !== undefined ? (seen.at - endsAt) * scale : undefined,
			trainCalls: trains.length,
			trainAccepted: trains.filter((r) => r.status === 202).length,
		};
	});
	const lags = trainings.map((t) => t.lagMs).filter((l): l is number => l !== undefined).sort((a, b) => a - b);
	return {
		started: started.length,
		reached: trainings.filter((t) => t.reached).length,
		lost: trainings.filter((t) => !t.reached).length,
		duplicated: trainings.reduce((n, t) => n + Math.max(0, t.trainAccepted - 1), 0),
		billed: runs.reduce((n, r) => n + r.requests.filter((q) => q.status !== undefined && q.status >= 200 && q.status < 300).length, 0),
		perResource: runs.map((r) => ({
			label: r.label,
			arrivals: r.requests.length,
			maxPerMinute: maxInWindow(r.requests.map((q) => q.emulatedMs), MINUTE),
			maxCountedPerMinute: maxInWindow(r.requests.filter((q) => q.status !== 429 && q.status !== 401).map((q) => q.emulatedMs), MINUTE),
			faults: r.requests.reduce<Record<string, number>>((m, q) => ((m[q.fault ?? 'none'] = (m[q.fault ?? 'none'] ?? 0) + 1), m), {}),
		})),
		worstLagMs: lags.length ? lags[lags.length - 1] : NaN,
		medianLagMs: lags.length ? lags[Math.floor(lags.length / 2)] : NaN,
		trainings,
	};
}

/** The busiest emulated minute of a resource, call by call: when, which window, what, how it was answered. */
export function busiestMinute(run: ResourceRun, calls: readonly ClientCall[]): string[] {
	const times = run.requests.map((q) => q.emulatedMs);
	let best = 0;
	let bestFrom = 0;
	for (let i = 0, from = 0; i < times.length; i++) {
		while (times[i] - times[from] >= MINUTE) {
			from++;
		}
		if (i - from + 1 > best) {
			best = i - from + 1;
			bestFrom = from;
		}
	}
	const byId = new Map(calls.map((c) => [c.clientRequestId, c]));
	return run.requests.slice(bestFrom, bestFrom + best).map((q) => {
		const c = q.clientRequestId ? byId.get(q.clientRequestId) : undefined;
		return `${(q.emulatedMs / 1000).toFixed(1).padStart(7)} s  window ${c?.window ?? '?'}  ${q.method} ${q.path.replace('/face/v1.2', '')}  → ${q.status ?? '…'}${q.fault ? ` (${q.fault})` : ''}${c && c.attempt > 1 ? `  attempt ${c.attempt}` : ''}`;
	});
}

/** Where a late training's time went: its calls from the service's end to the tracker's. */
export function lateStory(t: TrainingFigure, run: ResourceRun, calls: readonly ClientCall[], endsAtReal: number | undefined, scale: number): string[] {
	if (endsAtReal === undefined || !t.seen) {
		return [];
	}
	const path = t.label.split(' ').pop()!;
	const byId = new Map(calls.map((c) => [c.clientRequestId, c]));
	const em = (real: number) => ((real - run.origin) * scale) / 1000;
	const lines = [`  ${t.label}: ended at ${em(endsAtReal).toFixed(1)} s, seen at ${em(t.seen.at).toFixed(1)} s (window ${t.seen.window})`];
	for (const q of run.requests.filter((r) => r.path.includes(`/${path}/`) && r.at >= endsAtReal - (60_000 / scale) && r.at <= t.seen!.at)) {
		const c = q.clientRequestId ? byId.get(q.clientRequestId) : undefined;
		lines.push(`    ${(q.emulatedMs / 1000).toFixed(1).padStart(7)} s  window ${c?.window ?? '?'}  ${q.method} …${q.path.slice(q.path.lastIndexOf('/'))}  → ${q.status ?? '…'}${q.fault ? ` (${q.fault})` : ''}${c && c.attempt > 1 ? `  attempt ${c.attempt}` : ''}`);
	}
	return lines;
}
