/**
 * Shared helpers for the Face client tests: an emulator per suite, a client wired to it with a log, and
 * tiny real HTTP servers (a misbehaving "service", a recording server, a CONNECT proxy) on 127.0.0.1.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { apiKeyAuth, createFaceClient, UNLIMITED_BUDGET, type ApiVersion, type FaceApi, type FaceClientOptions, type RequestLogEntry } from '../../src/face';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator/server';

/** A key long enough to be recognisable if it ever leaked into a message or a log line. */
export const TEST_KEY = 'test-key-0123456789abcdef-SECRET';

export interface Harness {
	readonly emu: Emulator;
	readonly log: RequestLogEntry[];
	client(overrides?: Partial<FaceClientOptions>): FaceApi;
}

/** Starts an emulator for a suite (before) and stops it (after); resets data and counters before each test. */
export function useEmulator(options: EmulatorOptions = {}, apiVersion: ApiVersion = 'v1.2'): Harness {
	const state: { emu?: Emulator } = {};
	const log: RequestLogEntry[] = [];
	const { port: _port, seed, ...patch } = options;
	before(async () => {
		state.emu = await startEmulator({ port: 0, key: TEST_KEY, seed: 'none', ...options });
	});
	beforeEach(async () => {
		log.length = 0;
		await state.emu!.control.reset();
		await state.emu!.control.setConfig({ key: TEST_KEY, faults: { errorRate: 0, resetRate: 0, latencyMs: 0, seed: 1, match: '' }, retryAfter: false, ...patch });
		if (seed === 'demo') {
			await state.emu!.control.seed('demo');
		}
	});
	after(async () => {
		await state.emu?.close();
	});
	return {
		get emu() {
			return state.emu!;
		},
		log,
		client: (overrides = {}) =>
			createFaceClient({
				endpoint: state.emu!.endpoint,
				apiVersion,
				auth: apiKeyAuth(TEST_KEY),
				onRequest: (e) => log.push(e),
				// The shared per-endpoint budget (S0: 9 calls/s) would only slow these tests down; its own tests opt in.
				rateBudget: UNLIMITED_BUDGET,
				...overrides,
			}),
	};
}

export interface RecordedRequest {
	readonly method: string;
	readonly url: string;
	readonly headers: IncomingHttpHeaders;
	readonly body: Buffer;
}

export interface TinyServer {
	readonly url: string;
	readonly port: number;
	readonly requests: RecordedRequest[];
	close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 answering every request with `answer(req)`; records what it received. */
export async function startTinyServer(
	answer: (req: RecordedRequest, res: ServerResponse) => void,
): Promise<TinyServer> {
	const requests: RecordedRequest[] = [];
	const server = createServer((req: IncomingMessage, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const rec = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
			requests.push(rec);
			answer(rec, res);
		});
	});
	const port = await listen(server);
	return { url: `http://127.0.0.1:${port}`, port, requests, close: () => closeServer(server) };
}

export interface TinyProxy {
	readonly url: string;
	/** `host:port` of each CONNECT tunnel opened, and the absolute URLs of plain forwarded requests. */
	readonly tunnels: string[];
	readonly forwarded: string[];
	close(): Promise<void>;
}

/** A minimal forward proxy: CONNECT tunnels (what undici uses) to 127.0.0.1 whatever the host, and absolute-URI forwarding. */
export async function startTinyProxy(options: { refuseWith?: number } = {}): Promise<TinyProxy> {
	const tunnels: string[] = [];
	const forwarded: string[] = [];
	const sockets = new Set<Socket>();
	const server = createServer((req, res) => {
		forwarded.push(req.url ?? '');
		const target = new URL(req.url ?? '');
		const upstream = httpRequest(
			{ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers },
			(up) => {
				res.writeHead(up.statusCode ?? 502, up.headers);
				up.pipe(res);
			},
		);
		upstream.on('error', () => {
			res.writeHead(502).end();
		});
		req.pipe(upstream);
	});
	server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
		tunnels.push(req.url ?? '');
		if (options.refuseWith) {
			client.end(`HTTP/1.1 ${options.refuseWith} Refused\r\nProxy-Authenticate: Basic\r\n\r\n`);
			return;
		}
		// Every target host is served from loopback: lets a test use a made-up host name behind the proxy.
		const port = Number((req.url ?? '').split(':').pop());
		const upstream = connect(port, '127.0.0.1', () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		sockets.add(upstream).add(client);
		upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
		client.on('error', () => upstream.destroy());
	});
	const port = await listen(server);
	return {
		url: `http://127.0.0.1:${port}`,
		tunnels,
		forwarded,
		close: async () => {
			for (const s of sockets) {
				s.destroy();
			}
			await closeServer(server);
		},
	};
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
	const server = createServer();
	const port = await listen(server);
	await closeServer(server);
	return port;
}

function listen(server: Server): Promise<number> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
	});
}

function closeServer(server: Server): Promise<void> {
	return new Promise((resolve) => {
		server.close(() => resolve());
		server.closeAllConnections();
	});
}

/** Repeats `check` (no timing assertion) until it returns true; fails after `tries` rounds. */
export async function eventually(check: () => Promise<boolean> | boolean, what: string, tries = 200, pauseMs = 25): Promise<void> {
	for (let i = 0; i < tries; i++) {
		if (await check()) {
			return;
		}
		await new Promise((r) => setTimeout(r, pauseMs));
	}
	throw new Error(`Never happened: ${what}`);
}

/** Runs `fn` and returns what it threw (fails when it did not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
	try {
		await fn();
	} catch (e) {
		return e;
	}
	throw new Error('Expected the call to fail, but it succeeded.');
}

/** Every string a user or a log could see for an error, joined, to check that no secret is in it. */
export function visibleText(e: unknown, log: readonly RequestLogEntry[] = []): string {
	const err = e as Record<string, unknown>;
	return [String(err?.message), String(err?.hint ?? ''), String(err?.code ?? ''), JSON.stringify(err), JSON.stringify(log)].join('\n');
}
