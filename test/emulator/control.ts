/**
 * The control surface under `/_emulator/` (no auth, not counted, never rate limited or faulted) and its typed
 * client `EmulatorControl`, used by tests.
 */
import { ALL_KINDS, kindByRoute } from '../../src/face/kinds';
import type { ConfigPatch, EmulatorConfig } from './config';
import { applyConfig } from './config';
import type { Reply } from './context';
import type { CountersSnapshot } from './counters';
import type { LoggedRequest } from './requestLog';
import { type OperationSpec, createOperation, finishOperations, phaseOf, settleOperations } from './operations';
import type { EmulatorState } from './server';
import { Store } from './store';
import { finishNow, isTraining } from './training';

export interface ContainerSummary {
	id: string;
	name: string;
	recognitionModel: string;
	persons: number;
	faces: number;
	/** `none` (never trained), `running`, `succeeded`, `failed`. */
	training: 'none' | 'running' | 'succeeded' | 'failed';
	/** Whether identify / find-similar can use it (a successful training exists). */
	trained: boolean;
	/** When the last training was queued and when it ends (or ended), ISO; absent when never trained. */
	trainingQueuedAt?: string;
	trainingEndsAt?: string;
}

/** `GET /_emulator/state`: containers per route (`persongroups`, …), sorted by id. */
export type StateSnapshot = Record<string, ContainerSummary[]>;

/** `GET /_emulator/directory`: the Person Directory, its Dynamic Person Groups and the pending operations. */
export interface DirectorySnapshot {
	persons: Array<{ personId: string; name: string; ready: boolean; faces: Record<string, Array<{ persistedFaceId: string; ready: boolean }>> }>;
	groups: Array<{ dynamicPersonGroupId: string; name: string; personIds: string[] }>;
	/** Operations of writes not yet applied or undone, with their phase now. */
	pending: Array<{ operationId: string; kind?: string; phase: string; outcome: string }>;
}

export interface FinishOperationsRequest {
	/** Only this operation; all pending when absent. */
	operationId?: string;
	outcome?: 'succeeded' | 'failed';
	message?: string;
}

export interface FinishTrainingRequest {
	/** `persongroups` | `largepersongroups` | `largefacelists`; all when absent. */
	route?: string;
	id?: string;
	/** Force the outcome; default: what the training would have produced. */
	outcome?: 'succeeded' | 'failed';
}

function json(status: number, body: unknown): Reply {
	return { status, body };
}

function parse(body: Buffer): unknown {
	if (body.length === 0) {
		return {};
	}
	return JSON.parse(body.toString('utf8'));
}

function state(s: EmulatorState): StateSnapshot {
	const out: StateSnapshot = {};
	for (const k of ALL_KINDS) {
		out[k.route] = [...s.store.of(k).values()]
			.sort((a, b) => (a.id < b.id ? -1 : 1))
			.map((c) => {
				const running = isTraining(c);
				return {
					id: c.id,
					name: c.name,
					recognitionModel: c.recognitionModel,
					persons: c.persons.size,
					faces: Store.faceTotal(c),
					training: !c.training ? 'none' : running ? 'running' : c.training.outcome,
					trained: !!c.training?.trained,
					trainingQueuedAt: c.training?.createdDateTime,
					trainingEndsAt: c.training ? new Date(c.training.finishMs).toISOString() : undefined,
				};
			});
	}
	return out;
}

function directory(s: EmulatorState): DirectorySnapshot {
	settleOperations(s.store); // what a Face request would see now
	const dir = s.store.directory;
	const byId = <T>(items: Iterable<T>, id: (t: T) => string) => [...items].sort((a, b) => (id(a) < id(b) ? -1 : 1));
	return {
		persons: byId(dir.persons.values(), (p) => p.personId).map((p) => ({
			personId: p.personId,
			name: p.name,
			ready: p.ready,
			faces: Object.fromEntries([...p.faces].map(([m, faces]) => [m, [...faces.values()].map((f) => ({ persistedFaceId: f.persistedFaceId, ready: f.ready }))])),
		})),
		groups: byId(dir.groups.values(), (g) => g.id).map((g) => ({ dynamicPersonGroupId: g.id, name: g.name, personIds: [...g.personIds].sort() })),
		pending: [...s.store.pending].map((op) => ({ operationId: op.operationId, kind: op.kind, phase: phaseOf(op), outcome: op.outcome })),
	};
}

function finishTraining(s: EmulatorState, req: FinishTrainingRequest): string[] {
	const finished: string[] = [];
	for (const k of ALL_KINDS.filter((k) => k.trainable && (!req.route || k.route === req.route))) {
		for (const c of s.store.of(k).values()) {
			if ((!req.id || c.id === req.id) && finishNow(c, req.outcome)) {
				finished.push(`${k.route}/${c.id}`);
			}
		}
	}
	return finished;
}

export function handleControl(s: EmulatorState, method: string, path: string, body: Buffer, query = new URLSearchParams()): Reply {
	let input: Record<string, unknown>;
	try {
		input = parse(body) as Record<string, unknown>;
	} catch {
		return json(400, { error: 'invalid JSON' });
	}
	switch (`${method} ${path.replace(/\/$/, '')}`) {
		case 'POST reset':
			s.reset();
			return json(200, { ok: true });
		case 'GET config':
			return json(200, s.config);
		case 'POST config': {
			const patch = input as ConfigPatch;
			const scale = s.config.timeScale;
			const problem = applyConfig(s.config, patch);
			if (problem) {
				return json(400, { error: problem });
			}
			if (s.config.timeScale !== scale) {
				s.requests.setScale(s.config.timeScale);
			}
			if (patch.faults?.seed !== undefined) {
				s.faults.reset();
			}
			return json(200, s.config);
		}
		case 'GET counters':
			return json(200, s.counters.snapshot());
		case 'POST counters/reset':
			s.counters.reset();
			s.requests.clear(s.config.timeScale);
			return json(200, { ok: true });
		case 'GET requests': {
			const since = Number(query.get('since') ?? 0);
			if (!Number.isInteger(since) || since < 0) {
				return json(400, { error: "'since' must be a non-negative integer" });
			}
			return json(200, { requests: s.requests.since(since) });
		}
		case 'POST seed':
			return s.seed(String(input.dataset ?? 'demo')) ? json(200, { ok: true }) : json(400, { error: "unknown dataset (use 'demo' or 'large')" });
		case 'GET state':
			return json(200, state(s));
		case 'POST operations': {
			const op = createOperation(s.store, input as OperationSpec);
			return json(200, { operationId: op.operationId });
		}
		case 'GET directory':
			return json(200, directory(s));
		case 'POST operations/finish':
			return json(200, { finished: finishOperations(s.store, input as FinishOperationsRequest) });
		case 'POST training/finish': {
			const req = input as FinishTrainingRequest;
			if (req.route !== undefined && !kindByRoute(req.route)?.trainable) {
				return json(400, { error: `'${req.route}' is not a trainable route` });
			}
			return json(200, { finished: finishTraining(s, req) });
		}
		default:
			return json(404, { error: `unknown control endpoint ${method} /_emulator/${path}` });
	}
}

/** Typed client of `/_emulator/` for tests. */
export class EmulatorControl {
	constructor(readonly endpoint: string) {}

	private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
		const res = await fetch(`${this.endpoint}/_emulator/${path}`, {
			method,
			headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const data = (await res.json()) as T & { error?: string };
		if (!res.ok) {
			throw new Error(`Emulator control ${method} ${path} failed: ${res.status} ${data.error ?? ''}`);
		}
		return data;
	}

	/** Deletes all data and clears counters, rate-limit window and fault sequence; the config stays. */
	async reset(): Promise<void> {
		await this.call('POST', 'reset');
	}

	getConfig(): Promise<EmulatorConfig> {
		return this.call('GET', 'config');
	}

	/** Changes part of the config; returns the whole config. */
	setConfig(patch: ConfigPatch): Promise<EmulatorConfig> {
		return this.call('POST', 'config', patch);
	}

	counters(): Promise<CountersSnapshot> {
		return this.call('GET', 'counters');
	}

	/** Zeroes the counters and clears the request log. */
	async resetCounters(): Promise<void> {
		await this.call('POST', 'counters/reset');
	}

	/** The Face requests received (since the last reset or counters reset), in order of arrival; `since`: after that `seq`. */
	async requests(since = 0): Promise<LoggedRequest[]> {
		return (await this.call<{ requests: LoggedRequest[] }>('GET', `requests?since=${since}`)).requests;
	}

	async seed(dataset: 'demo' | 'large' = 'demo'): Promise<void> {
		await this.call('POST', 'seed', { dataset });
	}

	state(): Promise<StateSnapshot> {
		return this.call('GET', 'state');
	}

	/** Creates an operation served at `GET /face/{v}/operations/{operationId}`. */
	createOperation(spec: OperationSpec = {}): Promise<{ operationId: string }> {
		return this.call('POST', 'operations', spec);
	}

	/** The Person Directory, its Dynamic Person Groups and the pending operations. */
	directory(): Promise<DirectorySnapshot> {
		return this.call('GET', 'directory');
	}

	/** Ends pending Person Directory operations now (optionally forcing the outcome); returns their ids. */
	async finishOperations(req: FinishOperationsRequest = {}): Promise<string[]> {
		return (await this.call<{ finished: string[] }>('POST', 'operations/finish', req)).finished;
	}

	/** Ends running trainings now; returns `route/id` of each one finished. */
	async finishTraining(req: FinishTrainingRequest = {}): Promise<string[]> {
		return (await this.call<{ finished: string[] }>('POST', 'training/finish', req)).finished;
	}
}
