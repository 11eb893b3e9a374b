/**
 * A local Azure AI Face API: a real HTTP server on 127.0.0.1 (see README.md).
 * `startEmulator()` is what tests, the integration host and the CLI use.
 */
import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_IMAGE_BYTES } from '../../src/face/kinds';
import { type ConfigPatch, type EmulatorConfig, type Profile, applyConfig, defaultConfig } from './config';
import type { Ctx, Reply } from './context';
import { EmulatorControl, handleControl } from './control';
import { Counters } from './counters';
import { seedDemo } from './demo';
import { seedLarge } from './large';
import { FaceError } from './errors';
import { RequestLog } from './requestLog';
import { settleOperations } from './operations';
import { matchRoute, resourceNotFound } from './routes';
import { Store } from './store';
import { Faults, RateLimiter } from './throttle';

/** API versions served under `/face/{version}`; v1.0 and v1.0-preview are the legacy (hand-written spec) ones. */
export const EMULATED_VERSIONS = ['v1.0', 'v1.0-preview', 'v1.1-preview.1', 'v1.2-preview.1', 'v1.2'] as const;
const LEGACY_VERSIONS: readonly string[] = ['v1.0', 'v1.0-preview'];

export interface EmulatorOptions extends ConfigPatch {
	/** Port on 127.0.0.1; 0 (default) picks a free one. */
	port?: number;
	profile?: Profile;
	/** `demo` loads the demo data set (see demo.ts), `large` the scale one (large.ts). Default none. */
	seed?: 'demo' | 'large' | 'none';
}

export interface Emulator {
	/** `http://127.0.0.1:PORT`; Face routes are under `${endpoint}/face/{version}/…`. */
	readonly endpoint: string;
	readonly port: number;
	/** The subscription key it accepts (at start; the control surface can change it). */
	readonly key: string;
	readonly control: EmulatorControl;
	close(): Promise<void>;
}

const UNAUTHORIZED =
	'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.';

/** All mutable emulator state; the control surface works on it. */
export class EmulatorState {
	readonly store = new Store();
	readonly counters = new Counters();
	readonly limiter = new RateLimiter();
	readonly faults = new Faults();
	readonly requests = new RequestLog();
	config: EmulatorConfig;
	origin = '';

	constructor(profile: Profile) {
		this.config = defaultConfig(profile);
	}

	seed(dataset: string): boolean {
		if (dataset === 'demo') {
			seedDemo(this.store);
		} else if (dataset === 'large') {
			seedLarge(this.store);
		} else {
			return false;
		}
		return true;
	}

	reset(): void {
		this.store.reset();
		this.counters.reset();
		this.limiter.reset();
		this.faults.reset();
		this.requests.clear(this.config.timeScale);
	}
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (c: Buffer) => {
			size += c.length;
			// Keep one byte past the image limit so an oversize upload still reads as too big, without hoarding memory.
			if (size <= MAX_IMAGE_BYTES + 1024) {
				chunks.push(c);
			}
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function send(res: ServerResponse, reply: Reply, headers: Record<string, string>): void {
	const all: Record<string, string> = { ...headers, ...reply.headers };
	if (reply.body === undefined) {
		all['Content-Length'] = '0';
		res.writeHead(reply.status, all);
		res.end();
		return;
	}
	const data = Buffer.from(JSON.stringify(reply.body), 'utf8');
	all['Content-Type'] = 'application/json; charset=utf-8';
	all['Content-Length'] = String(data.length);
	res.writeHead(reply.status, all);
	res.end(data);
}

function errorReply(e: FaceError, legacy: boolean): Reply {
	const reply: Reply = { status: e.status, body: { error: { code: e.code, message: e.message } } };
	if (!legacy) {
		reply.headers = { 'x-ms-error-code': e.code };
	}
	return reply;
}

function delay(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}

async function handleFace(state: EmulatorState, req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<void> {
	const started = Date.now();
	const config = state.config;
	const headers: Record<string, string> = {
		'apim-request-id': randomUUID(),
		'x-ms-region': config.region,
		'X-Content-Type-Options': 'nosniff',
	};
	const clientRequestId = req.headers['client-request-id'];
	if (typeof clientRequestId === 'string') {
		headers['client-request-id'] = clientRequestId;
	}
	const parts = url.pathname.split('/').slice(1).map((p) => {
		try {
			return decodeURIComponent(p);
		} catch {
			return p;
		}
	});
	const version = parts[0] === 'face' ? parts[1] : undefined;
	const known = version !== undefined && (EMULATED_VERSIONS as readonly string[]).includes(version);
	const legacy = known && LEGACY_VERSIONS.includes(version);
	const method = req.method ?? 'GET';
	const match = known ? matchRoute(method, parts.slice(2)) : undefined;
	const routeKey = match ? `${method} ${match.route.template}` : `${method} (unmatched)`;
	state.counters.request(routeKey, match?.route.pollKey?.(match.params));
	const logged = state.requests.arrived(method, match ? match.route.template : '(unmatched)', url.pathname, typeof clientRequestId === 'string' ? clientRequestId : undefined, started);
	const finish = (reply: Reply, billed = reply.status >= 200 && reply.status < 300) => {
		headers['x-envoy-upstream-service-time'] = String(Date.now() - started);
		if (billed) {
			headers['CSP-Billing-Usage'] = 'CognitiveServices.Face.Transaction=1';
		}
		state.counters.answered(reply.status, billed);
		logged.status = reply.status;
		logged.answeredAfterMs = Date.now() - started;
		send(res, reply, headers);
	};
	if (config.faults.latencyMs > 0) {
		await delay(config.faults.latencyMs);
	}
	const key = req.headers['ocp-apim-subscription-key'];
	const bearer = /^Bearer\s+\S+/i.test(req.headers.authorization ?? '');
	if (key !== config.key && !(config.acceptBearer && bearer && key === undefined)) {
		return finish(errorReply(new FaceError(401, '401', UNAUTHORIZED), legacy));
	}
	const faultKey = match ? routeKey : `${method} ${url.pathname}`;
	if (state.faults.throttle(config.faults, faultKey, config.timeScale)) {
		// An injected burst (a busy gateway): the documented body without a time, no Retry-After, no budget used.
		logged.fault = 'throttle';
		return finish(errorReply(new FaceError(429, '429', 'Rate limit is exceeded.'), legacy));
	}
	const wait = state.limiter.take(config);
	if (wait !== undefined) {
		const reply = errorReply(new FaceError(429, '429', `Rate limit is exceeded. Try again in ${wait} seconds.`), legacy);
		if (config.retryAfter) {
			reply.headers = { ...reply.headers, 'Retry-After': String(wait) };
		}
		logged.fault = 'rateLimit';
		return finish(reply);
	}
	if (state.faults.stall(config.faults, faultKey)) {
		logged.fault = 'stall';
		await delay(config.faults.stallMs / config.timeScale);
	}
	const fault = state.faults.roll(config.faults, faultKey);
	if (fault === 'reset') {
		state.counters.answered(-1, false);
		logged.status = -1;
		logged.fault = 'reset';
		logged.answeredAfterMs = Date.now() - started;
		req.socket.destroy();
		return;
	}
	if (fault === 'error') {
		logged.fault = 'error';
		return finish(errorReply(new FaceError(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Please retry later.'), legacy));
	}
	if (!known) {
		return finish(errorReply(new FaceError(404, '404', `Resource not found. Unknown API version or path: ${url.pathname}`), false));
	}
	if (!match) {
		return finish(errorReply(resourceNotFound(), legacy));
	}
	const ctx: Ctx = {
		version: version!,
		legacy,
		method,
		params: match.params,
		query: url.searchParams,
		body,
		contentType: (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase(),
		store: state.store,
		config,
		origin: state.origin,
	};
	// What the service itself answered is billed, errors included (it did the work: a 404 NotFound, a 400 on
	// a bad image), as Azure AI services bill; what the gateway turns away (401, 429, unknown routes) is not.
	const processed = (reply: Reply) => {
		if (fault === 'lostAnswer') {
			// Done, then the connection breaks before the answer: the client cannot know the work happened.
			state.counters.answered(-1, true);
			logged.status = -1;
			logged.fault = 'lostAnswer';
			logged.answeredAfterMs = Date.now() - started;
			req.socket.destroy();
			return;
		}
		finish(reply, reply.status < 500 && reply.status !== 401 && reply.status !== 429);
	};
	try {
		settleOperations(state.store);
		processed(match.route.handler(ctx));
	} catch (e) {
		if (FaceError.is(e)) {
			processed(errorReply(e, legacy));
		} else {
			const message = e instanceof Error ? e.message : String(e);
			finish(errorReply(new FaceError(500, 'InternalServerError', `Emulator error: ${message}`), legacy));
		}
	}
}

async function handle(state: EmulatorState, req: IncomingMessage, res: ServerResponse): Promise<void> {
	const url = new URL(req.url ?? '/', state.origin);
	const body = await readBody(req);
	if (url.pathname.startsWith('/_emulator/')) {
		const reply = handleControl(state, req.method ?? 'GET', url.pathname.slice('/_emulator/'.length), body, url.searchParams);
		send(res, reply, {});
		return;
	}
	await handleFace(state, req, res, url, body);
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const { port = 0, seed = 'none', ...patch } = options;
	const state = new EmulatorState(patch.profile ?? 's0');
	const problem = applyConfig(state.config, patch);
	if (problem) {
		throw new Error(`Invalid emulator option: ${problem}`);
	}
	state.requests.clear(state.config.timeScale);
	if (seed !== 'none' && !state.seed(seed)) {
		throw new Error(`Unknown emulator seed '${String(seed)}' (use 'demo', 'large' or 'none').`);
	}
	const server: Server = createServer((req, res) => {
		handle(state, req, res).catch((e: unknown) => {
			if (!res.headersSent) {
				send(res, { status: 500, body: { error: { code: 'InternalServerError', message: String(e) } } }, {});
			}
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve());
	});
	const actualPort = (server.address() as AddressInfo).port;
	state.origin = `http://127.0.0.1:${actualPort}`;
	return {
		endpoint: state.origin,
		port: actualPort,
		key: state.config.key,
		control: new EmulatorControl(state.origin),
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
