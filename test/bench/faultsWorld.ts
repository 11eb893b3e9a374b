/**
 * The fault run's world: two F0 resources (one emulator each, faults on, the rate limit on the emulated clock),
 * their containers, and "windows": one OperationTracker at a time over a shared globalState, each with the
 * budgets, clients and keyring a fresh extension host would have. A reload is a new window taking over from
 * the previous one (clean: its leases released; hard: its last writes lost).
 */
import '../support/vscodeShim';
import type * as vscode from 'vscode';
import { apiKeyAuth, createFaceClient, defaultPadMs, RateBudget, TIER_LIMITS } from '../../src/face/index';
import type { ContainerKind } from '../../src/face/kinds';
import type { FaceApi, RequestLogEntry } from '../../src/face/types';
import { OperationTracker } from '../../src/operations/tracker';
import type { Operation } from '../../src/operations/types';
import { CredentialsError } from '../../src/resources/errors';
import { KeyStore } from '../../src/resources/keys';
import { MIN_REMEMBERED_WINDOW_MS, SpendMemory } from '../../src/resources/spendMemory';
import type { ClientProvider, FaceResource } from '../../src/resources/types';
import type { Clock } from '../../src/operations/clock';
import { makeTestImage } from '../emulator/images';
import { type Emulator, startEmulator } from '../emulator/server';
import { RawFace } from '../emulator/testClient';
import { EventEmitter, MemoryLog, MemoryMemento, MemorySecrets, WindowMemento } from '../support/vscodeShim';

export interface BenchResource {
	readonly resource: FaceResource;
	readonly emu: Emulator;
}

export interface BenchContainer {
	readonly resourceId: string;
	readonly kind: ContainerKind;
	readonly id: string;
	/** Persons (PG, LPG) or faces (LFL); 0: the training fails by design. */
	readonly entries: number;
}

const ROUTES: Record<string, string> = { personGroup: 'persongroups', largePersonGroup: 'largepersongroups', largeFaceList: 'largefacelists' };

export function routeOf(kind: ContainerKind): string {
	return ROUTES[kind];
}

/** Starts an F0 emulator with the rate limit off (setup) and the given training durations. */
export async function startResource(index: number, scale: number, training: { baseMs: number; perEntryMs: number }): Promise<BenchResource> {
	const emu = await startEmulator({ profile: 'f0', rateLimit: false, timeScale: scale, scaleRateLimit: true, trainingMs: training.baseMs, trainingMsPerEntry: training.perEntryMs });
	const resource: FaceResource = { id: `resource-${index}`, label: `F0 ${index === 0 ? 'A' : 'B'}`, endpoint: emu.endpoint, apiVersion: 'v1.2', auth: 'key', tier: 'F0' };
	return { resource, emu };
}

/** Creates the containers over raw HTTP (before the measured run). */
export async function createContainers(r: BenchResource, containers: readonly BenchContainer[]): Promise<void> {
	const raw = new RawFace(r.emu.endpoint, r.emu.key);
	const ok = <T extends { status: number; text: string }>(res: T, what: string): T => {
		if (res.status >= 300) {
			throw new Error(`setup: ${what} answered ${res.status} ${res.text}`);
		}
		return res;
	};
	for (const c of containers) {
		const base = `/${routeOf(c.kind)}/${c.id}`;
		ok(await raw.put(base, { name: c.id, recognitionModel: 'recognition_04' }), `create ${base}`);
		for (let i = 0; i < c.entries; i++) {
			const image = makeTestImage(`${c.id}/${i}`, 1);
			if (c.kind === 'largeFaceList') {
				ok(await raw.post(`${base}/persistedfaces?detectionModel=detection_03`, { bytes: image }), `add face to ${base}`);
			} else {
				const person = ok(await raw.post(`${base}/persons`, { json: { name: `p${i}` } }), `create person in ${base}`).body as { personId: string };
				ok(await raw.post(`${base}/persons/${person.personId}/persistedfaces?detectionModel=detection_03`, { bytes: image }), `add face in ${base}`);
			}
		}
	}
}

/** One client-side attempt, as the window's clients logged it. */
export interface ClientCall extends RequestLogEntry {
	readonly window: number;
	readonly resourceId: string;
	/** Real epoch ms when the attempt ended. */
	readonly at: number;
}

/** What a window's clients are built with (a reload builds them again). */
export interface ClientRecipe {
	readonly scale: number;
	/** The budget of one resource's origin for this window (a fresh extension host has fresh ones). */
	budgetFor(resource: FaceResource, window: number): RateBudget;
}

/**
 * The product's budget for an F0 origin, on the emulated clock: the window and pad divided by the scale (the
 * budget measures real time; with the emulator's minute divided by the scale, the budget's must be too).
 */
export function scaledTierBudget(scale: number): RateBudget {
	const f0 = TIER_LIMITS.F0;
	return new RateBudget({ limit: f0.limit, windowMs: f0.windowMs / scale, padMs: defaultPadMs(f0.windowMs) / scale });
}

/** The ClientProvider of one window: keys from the keyring (KeyStore over `secrets`), one cached client per resource. */
export class BenchClients implements ClientProvider {
	private readonly changed = new EventEmitter<void>();
	readonly onDidChangeResources = this.changed.event as unknown as vscode.Event<void>;
	private readonly keys: KeyStore;
	private readonly clients = new Map<string, Promise<FaceApi>>();
	readonly budgets = new Map<string, RateBudget>();

	constructor(
		private readonly resources: readonly FaceResource[],
		secrets: MemorySecrets,
		private readonly recipe: ClientRecipe,
		private readonly window: number,
		private readonly calls: ClientCall[],
		/** As in the extension (ResourceStore → ClientFactory): each origin's budget recalls and stores its spend. */
		private readonly spend: SpendMemory,
	) {
		this.keys = new KeyStore(secrets as unknown as vscode.SecretStorage);
	}

	/** The window goes: its spend memory writes what it has not written yet. */
	dispose(): void {
		this.spend.dispose();
	}

	listResources(): readonly FaceResource[] {
		return this.resources;
	}

	getResource(resourceId: string): FaceResource | undefined {
		return this.resources.find((r) => r.id === resourceId);
	}

	getClient(resourceId: string): Promise<FaceApi> {
		let client = this.clients.get(resourceId);
		if (!client) {
			client = this.build(resourceId);
			this.clients.set(resourceId, client);
			client.catch(() => this.clients.delete(resourceId));
		}
		return client;
	}

	private async build(resourceId: string): Promise<FaceApi> {
		const resource = this.getResource(resourceId)!;
		const key = await this.keys.get(new URL(resource.endpoint).origin);
		if (key === undefined) {
			throw new CredentialsError('noKey', resourceId, `No API key is stored for '${resource.label}'.`);
		}
		let budget = this.budgets.get(resourceId);
		if (!budget) {
			budget = this.recipe.budgetFor(resource, this.window);
			this.budgets.set(resourceId, budget);
		}
		this.spend.attach(new URL(resource.endpoint).origin, budget);
		const s = this.recipe.scale;
		return createFaceClient({
			endpoint: resource.endpoint,
			apiVersion: resource.apiVersion,
			auth: apiKeyAuth(key),
			tier: 'F0',
			rateBudget: budget,
			// The product's defaults (30 s time-out, back-off from 500 ms up to 20 s) on the emulated clock.
			timeoutMs: 30_000 / s,
			backoff: { baseMs: 500 / s, capMs: 20_000 / s },
			onRequest: (e) => this.calls.push({ ...e, window: this.window, resourceId, at: Date.now() }),
		});
	}
}

/** When the tracker saw an operation end (real epoch ms). */
export interface SeenEnd {
	readonly state: Operation['state'];
	readonly at: number;
	readonly window: number;
	readonly message?: string;
}

export interface BenchWindow {
	readonly index: number;
	readonly tracker: OperationTracker;
	readonly clients: BenchClients;
	readonly memento: WindowMemento;
	readonly log: MemoryLog;
}

/** Opens window `index` over the shared globalState; `previous` is the window it reloads from. */
export function openWindow(
	index: number,
	shared: MemoryMemento,
	resources: readonly FaceResource[],
	secrets: MemorySecrets,
	recipe: ClientRecipe,
	clock: Clock,
	calls: ClientCall[],
	ends: Map<string, SeenEnd>,
	previous?: BenchWindow,
): BenchWindow {
	const memento = new WindowMemento(shared);
	const clients = new BenchClients(resources, secrets, recipe, index, calls, new SpendMemory(memento, { id: `window-${index}`, minWindowMs: MIN_REMEMBERED_WINDOW_MS / recipe.scale }));
	const log = new MemoryLog(`window ${index}`);
	const tracker = new OperationTracker({ globalState: memento }, clients, log as unknown as vscode.LogOutputChannel, {
		clock,
		windowId: `window-${index}`,
		previousWindowId: previous?.tracker.windowId,
	});
	tracker.onDidChangeOperation((o) => {
		if (o.state !== 'running' && !ends.has(o.id)) {
			ends.set(o.id, { state: o.state, at: Date.now(), window: index, message: o.message });
		}
	});
	return { index, tracker, clients, memento, log };
}
