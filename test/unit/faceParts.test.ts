/**
 * The Face client's pure parts, without a network: Retry-After parsing, status normalisation, retry
 * safety, backoff bounds, proxy selection, and the rate budget on a hand-driven clock.
 */
import * as assert from 'node:assert/strict';
import {
	isAbortError,
	isRetriable,
	normaliseEndpoint,
	normalizeTrainingState,
	parseRetryAfter,
	parseTrainingStatus,
	proxyForUrl,
	RateBudget,
	TIER_LIMITS,
	retryDelayMs,
	type RetryClass,
} from '../../src/face';

describe('Face client parts: endpoint', () => {
	it('keeps scheme, host and port; drops trailing slashes and a pasted /face/{version}', () => {
		assert.equal(normaliseEndpoint('https://my.cognitiveservices.azure.com/'), 'https://my.cognitiveservices.azure.com');
		assert.equal(normaliseEndpoint(' https://my.cognitiveservices.azure.com/face/v1.0/ '), 'https://my.cognitiveservices.azure.com');
		assert.equal(normaliseEndpoint('http://127.0.0.1:5000'), 'http://127.0.0.1:5000');
		assert.throws(() => normaliseEndpoint('my.cognitiveservices.azure.com'), /not a URL/);
	});
});

describe('Face client parts: Retry-After', () => {
	it('reads delta-seconds, HTTP dates and the millisecond variants', () => {
		const now = Date.parse('2025-01-01T00:00:00Z');
		assert.equal(parseRetryAfter({ 'retry-after': '3' }, now), 3000);
		assert.equal(parseRetryAfter({ 'retry-after': 'Wed, 01 Jan 2025 00:00:10 GMT' }, now), 10_000);
		assert.equal(parseRetryAfter({ 'retry-after': 'Tue, 31 Dec 2024 23:00:00 GMT' }, now), 0, 'a date in the past: now');
		assert.equal(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '9' }, now), 250);
		assert.equal(parseRetryAfter({ 'retry-after': 'soon' }, now), undefined);
		assert.equal(parseRetryAfter({}, now), undefined);
	});
});

describe('Face client parts: training status', () => {
	it('normalises every spelling of the states', () => {
		for (const raw of ['notstarted', 'nonstarted', 'notStarted', 'NotStarted', 'NONSTARTED']) {
			assert.equal(normalizeTrainingState(raw), 'notstarted', raw);
		}
		assert.equal(normalizeTrainingState('Running'), 'running');
		assert.equal(normalizeTrainingState('SUCCEEDED'), 'succeeded');
		assert.equal(normalizeTrainingState('Failed'), 'failed');
		assert.equal(normalizeTrainingState('Cancelled'), 'failed', 'terminal, so a poller stops');
		assert.equal(normalizeTrainingState('SomethingNew'), 'running', 'unknown: keep polling');
	});

	it('tolerates missing "required" fields and keeps the raw status', () => {
		assert.deepEqual(parseTrainingStatus({ status: 'notStarted' }), {
			state: 'notstarted',
			rawStatus: 'notStarted',
			createdDateTime: undefined,
			lastActionDateTime: undefined,
			lastSuccessfulTrainingDateTime: undefined,
			message: undefined,
		});
		assert.equal(parseTrainingStatus({ status: 'failed', message: null })?.message, undefined);
		assert.equal(parseTrainingStatus({ createdDateTime: 'x' }), undefined);
		assert.equal(parseTrainingStatus([]), undefined);
	});
});

describe('Face client parts: retry safety', () => {
	const status = (s: number) => ({ kind: 'status' as const, status: s });
	const net = (reason: 'refused' | 'reset' | 'timeout' | 'dns' | 'tls', mayHaveReachedServer: boolean, errno?: string) => ({
		kind: 'network' as const,
		reason,
		mayHaveReachedServer,
		errno,
	});
	const table: [string, RetryClass, Parameters<typeof isRetriable>[1], boolean][] = [
		['GET on 503', 'idempotent', status(503), true],
		['GET on 429', 'idempotent', status(429), true],
		['GET on 500', 'idempotent', status(500), false],
		['GET on 404', 'idempotent', status(404), false],
		['GET on reset', 'idempotent', net('reset', true), true],
		['GET on a TLS error', 'idempotent', net('tls', false), false],
		['GET on unknown host', 'idempotent', net('dns', false, 'ENOTFOUND'), false],
		['GET on DNS try-again', 'idempotent', net('dns', false, 'EAI_AGAIN'), true],
		['train on 503', 'train', status(503), true],
		['train on reset', 'train', net('reset', true), true],
		['train on 400', 'train', status(400), false],
		['create on 429', 'create', status(429), true],
		['create on 503', 'create', status(503), false],
		['create on refused', 'create', net('refused', false), true],
		['create on reset', 'create', net('reset', true), false],
		['create on timeout', 'create', net('timeout', true), false],
	];
	for (const [name, cls, outcome, expected] of table) {
		it(`${name}: ${expected ? 'retried' : 'not retried'}`, () => {
			assert.equal(isRetriable(cls, outcome), expected);
		});
	}

	it('backoff: full jitter within the growing ceiling; Retry-After wins, plus at most 10 %', () => {
		assert.equal(retryDelayMs(0, undefined, { random: () => 0.999 }), 500);
		assert.equal(retryDelayMs(3, undefined, { random: () => 0.5 }), 2000);
		assert.equal(retryDelayMs(20, undefined, { random: () => 1 }), 20_000, 'capped');
		assert.equal(retryDelayMs(5, undefined, { random: () => 0 }), 0);
		assert.equal(retryDelayMs(0, 3000, { random: () => 0 }), 3000);
		assert.equal(retryDelayMs(0, 3000, { random: () => 1 }), 3300);
	});
});

describe('Face client parts: proxy selection', () => {
	const env = { HTTPS_PROXY: 'http://corp:3128', HTTP_PROXY: 'proxy.local:8080', NO_PROXY: 'internal.example, .corp.example:443,[::2]' };
	const pick = (url: string, e: Record<string, string> = env, explicit?: string) => proxyForUrl(new URL(url), explicit, e);

	it('explicit proxy first, then HTTPS_PROXY / HTTP_PROXY by scheme', () => {
		assert.equal(pick('https://x.cognitiveservices.azure.com', env, 'http://explicit:1'), 'http://explicit:1');
		assert.equal(pick('https://x.cognitiveservices.azure.com'), 'http://corp:3128');
		assert.equal(pick('http://x.example'), 'http://proxy.local:8080', 'scheme added to host:port');
		assert.equal(pick('https://x.example', { http_proxy: 'http://lower:1' }), 'http://lower:1');
		assert.equal(pick('https://x.example', {}), undefined);
	});

	it('NO_PROXY: exact names, suffixes, ports, IPv6, "*"; loopback never uses an environment proxy', () => {
		assert.equal(pick('https://internal.example'), undefined);
		assert.equal(pick('https://api.internal.example'), undefined);
		assert.equal(pick('https://face.corp.example'), undefined);
		assert.equal(pick('http://face.corp.example'), 'http://proxy.local:8080', 'port 80 ≠ 443');
		assert.equal(pick('https://[::2]:8443'), undefined);
		assert.equal(pick('https://notinternal.example'), 'http://corp:3128');
		assert.equal(pick('https://x.example', { ...env, NO_PROXY: '*' }), undefined);
		assert.equal(pick('http://127.0.0.1:5000'), undefined);
		assert.equal(pick('http://localhost:5000'), undefined);
		assert.equal(pick('https://x.example', env, 'http://explicit:1'), 'http://explicit:1', 'an explicit proxy applies to all other hosts');
	});
});

describe('Face client parts: rate budget', () => {
	// Short windows on the real clock; the tests wait for events, they never assert on durations.
	const budget = (limit: number, windowMs: number) => new RateBudget({ limit, windowMs, safety: 0, padMs: 0 });

	it('hands out half the capacity at once, the rest one by one, never more than `capacity` per window (FIFO)', async () => {
		const b = budget(4, 200);
		const order: number[] = [];
		const all = [1, 2, 3, 4, 5].map((i) =>
			b.acquire().then((release) => {
				order.push(i);
				release();
			}),
		);
		await Promise.resolve();
		await Promise.resolve();
		assert.deepEqual(order, [1, 2]);
		assert.equal(b.stats().queued, 3);
		assert.equal(b.stats().inWindow, 2);
		await Promise.all(all);
		assert.deepEqual(order, [1, 2, 3, 4, 5]);
		assert.equal(b.stats().granted, 5);
	});

	it('past half its capacity a busy budget grants one slot per window / capacity (F0: 3.0 s), so its calls never bunch', async () => {
		let now = 1_000_000;
		const b = new RateBudget({ ...TIER_LIMITS.F0, now: () => now });
		const granted: number[] = [];
		const waiters = Array.from({ length: 12 }, (_, i) => b.acquire().then((release) => (granted.push(i), release())));
		const tick = async () => {
			b.recall([]); // pumps, as its timer would
			await Promise.resolve();
			await Promise.resolve();
		};
		await tick();
		assert.equal(granted.length, 10, 'half of 20 at once');
		now += 3005;
		await tick();
		assert.equal(granted.length, 10, 'not before 60.12 s / 20');
		now += 1;
		await tick();
		assert.equal(granted.length, 11);
		now += 3006;
		await tick();
		assert.equal(granted.length, 12);
		now += 3006;
		await tick();
		await Promise.all(waiters);
		assert.equal(b.stats().inWindow, 12);
	});

	it('no safety margin by default (F0 20/min, S0 10/s); an explicit margin applies, rounded in the limit\'s favour', () => {
		assert.equal(new RateBudget({ limit: 20, windowMs: 60_000 }).stats().maxCapacity, 20);
		assert.equal(new RateBudget({ limit: 10, windowMs: 1000 }).stats().maxCapacity, 10);
		assert.equal(new RateBudget({ limit: 20, windowMs: 60_000, safety: 0.05 }).stats().maxCapacity, 19);
		assert.equal(new RateBudget({ limit: 10, windowMs: 1000, safety: 0.05 }).stats().maxCapacity, 10);
		assert.equal(new RateBudget({ limit: 20, windowMs: 60_000, safety: 0.1 }).stats().maxCapacity, 18);
		assert.equal(new RateBudget({ limit: 10, windowMs: 1000, safety: 0.1 }).stats().maxCapacity, 9);
	});

	it('a retry goes ahead of the first attempts waiting (behind earlier retries)', async () => {
		const b = budget(1, 100);
		const first = await b.acquire();
		const order: string[] = [];
		const take = (name: string, retry: boolean) => b.acquire(undefined, { retry }).then((release) => {
			order.push(name);
			release();
		});
		const all = [take('a', false), take('b', false), take('retry 1', true), take('c', false), take('retry 2', true)];
		first();
		await Promise.all(all);
		assert.deepEqual(order, ['retry 1', 'retry 2', 'a', 'b', 'c']);
	});

	it('a background read (the training state of a tree row) waits behind every other call, retries and first attempts', async () => {
		const b = budget(1, 100);
		const first = await b.acquire();
		const order: string[] = [];
		const take = (name: string, options: { retry?: boolean; background?: boolean }) => b.acquire(undefined, options).then((release) => {
			order.push(name);
			release();
		});
		const all = [
			take('status 1', { background: true }),
			take('status 2', { background: true }),
			take('poll', {}),
			take('status 3', { background: true }),
			take('retry', { retry: true }),
			take('edit', {}),
		];
		first();
		await Promise.all(all);
		assert.deepEqual(order, ['retry', 'poll', 'edit', 'status 1', 'status 2', 'status 3']);
	});

	it('an aborted waiter leaves the queue; the others keep their order', async () => {
		const b = budget(1, 200);
		(await b.acquire())();
		const stop = new AbortController();
		const aborted = b.acquire(stop.signal);
		const next = b.acquire();
		assert.equal(b.stats().queued, 2);
		stop.abort();
		assert.ok(isAbortError(await aborted.then(() => undefined, (e: unknown) => e)));
		assert.equal(b.stats().queued, 1);
		(await next)();
		assert.equal(b.stats().granted, 2);
	});

	it('a slot is held while its call is in flight, and ages out a window after the answer', async () => {
		const b = budget(1, 100);
		const release = await b.acquire();
		let second = false;
		const next = b.acquire().then((r) => {
			second = true;
			return r;
		});
		// Much longer than the window: the first call is still in flight, so its slot stays taken.
		await new Promise((r) => setTimeout(r, 300));
		assert.equal(second, false);
		assert.deepEqual([b.stats().inFlight, b.stats().queued], [1, 1]);
		release();
		assert.equal(b.stats().inFlight, 0);
		(await next)();
		assert.equal(second, true);
	});

	it('a 429 halves the capacity and pauses; successes add capacity back one at a time', () => {
		let now = 1_000_000;
		const b = new RateBudget({ limit: 8, windowMs: 1000, safety: 0, padMs: 0, now: () => now });
		b.onThrottled(5000);
		assert.equal(b.stats().capacity, 4);
		assert.equal(b.stats().pausedForMs, 5000);
		now += 999;
		assert.equal(b.stats().pausedForMs, 4001);
		for (let i = 0; i < 4; i++) {
			b.onSuccess();
		}
		assert.equal(b.stats().capacity, 5);
		for (let i = 0; i < 5 + 6 + 7; i++) {
			b.onSuccess();
		}
		assert.equal(b.stats().capacity, 8, 'back to the start, never above');
		b.onSuccess();
		assert.equal(b.stats().capacity, 8);
	});

	it('a burst of 429s halves the capacity once per window, not once per 429 (F0: 20 → 10, not 20 → 1)', () => {
		let now = 1_000_000;
		const b = new RateBudget({ ...TIER_LIMITS.F0, now: () => now });
		for (let i = 0; i < 6; i++) {
			b.onThrottled();
			now += 2000; // a burst: six 429s within 12 s
		}
		assert.equal(b.stats().capacity, 10);
		assert.equal(b.stats().throttled, 6);
		now = 1_030_000;
		b.onThrottled();
		assert.equal(b.stats().capacity, 10, 'still the window of the cut');
		now = 1_065_000;
		b.onThrottled();
		assert.equal(b.stats().capacity, 10, 'a 429 in a later window would halve again, but never below half the start');
	});

	it('a 429 never leaves less than half the starting capacity (429s that say no time, in window after window)', () => {
		let now = 1_000_000;
		const b = new RateBudget({ limit: 100, windowMs: 1000, safety: 0, padMs: 0, now: () => now });
		for (let i = 0; i < 10; i++) {
			b.onThrottled();
			now += 900; // a 429 in every window: no quiet window, a cut each time it is allowed
		}
		assert.equal(b.stats().capacity, 50);
	});

	it('a whole window without a 429 doubles the capacity back, up to the start', () => {
		let now = 1_000_000;
		const b = new RateBudget({ ...TIER_LIMITS.F0, now: () => now });
		b.onThrottled();
		assert.equal(b.stats().capacity, 10);
		now += 60_119;
		assert.equal(b.stats().capacity, 10, 'not before a whole window (with its pad, 60.12 s) has passed');
		now += 1;
		assert.equal(b.stats().capacity, 20, 'doubled, and 20 at most');
	});

	it('while paused nobody gets a slot, even with capacity left', async () => {
		const b = budget(5, 1000);
		b.onThrottled(150);
		let got = false;
		const p = b.acquire().then((release) => {
			got = true;
			release();
		});
		await Promise.resolve();
		await Promise.resolve();
		assert.equal(got, false);
		assert.equal(b.stats().queued, 1);
		await p;
		assert.equal(b.stats().pausedForMs, 0);
	});
});
