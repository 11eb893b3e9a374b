import * as assert from 'node:assert/strict';
import { type Emulator, startEmulator } from '../emulator/server';
import { RawFace } from '../emulator/testClient';

describe('emulator: rate limits and fault injection', () => {
	let emu: Emulator;
	let face: RawFace;

	beforeEach(async () => {
		emu = await startEmulator({ seed: 'demo' });
		face = new RawFace(emu.endpoint, emu.key);
	});
	afterEach(() => emu.close());

	it('s0 has no rate limit by default', async () => {
		const config = await emu.control.getConfig();
		assert.equal(config.profile, 's0');
		assert.equal(config.rateLimit, false);
		const statuses = await Promise.all(Array.from({ length: 30 }, () => face.get('/persongroups/staff').then((r) => r.status)));
		assert.deepEqual(new Set(statuses), new Set([200]));
	});

	it('f0 allows 20 calls a minute, then answers 429 with the documented body and no Retry-After', async () => {
		const config = await emu.control.setConfig({ profile: 'f0' });
		assert.equal(config.rateLimit, true, 'switching to f0 turns the limit on');
		for (let i = 0; i < 20; i++) {
			// polls count like any other call
			assert.equal((await face.get(i % 2 ? '/persongroups/visitors/training' : '/persongroups')).status, 200, `call ${i + 1}`);
		}
		const res = await face.get('/persongroups');
		assert.equal(res.status, 429);
		assert.equal(res.code, '429');
		const m = /^Rate limit is exceeded\. Try again in (\d+) seconds\.$/.exec(res.message ?? '');
		assert.ok(m, res.message);
		assert.ok(Number(m[1]) >= 1 && Number(m[1]) <= 60);
		assert.equal(res.headers.get('retry-after'), null);
		assert.equal(res.headers.get('csp-billing-usage'), null);
		const counters = await emu.control.counters();
		assert.equal(counters.billed, 20);
		assert.equal(counters.statuses['429'], 1);
	});

	it('sends Retry-After when retryAfter is on', async () => {
		await emu.control.setConfig({ profile: 'f0', retryAfter: true });
		for (let i = 0; i < 20; i++) {
			await face.get('/persongroups');
		}
		const res = await face.get('/persongroups');
		assert.equal(res.status, 429);
		assert.match(res.headers.get('retry-after') ?? '', /^\d+$/);
	});

	it('s0 with the limit on allows 10 calls a second', async () => {
		await emu.control.setConfig({ rateLimit: true });
		const statuses = await Promise.all(Array.from({ length: 11 }, () => face.get('/persongroups').then((r) => r.status)));
		assert.equal(statuses.filter((s) => s === 200).length, 10);
		assert.equal(statuses.filter((s) => s === 429).length, 1);
	});

	it('does not spend the budget on 401s', async () => {
		await emu.control.setConfig({ profile: 'f0' });
		for (let i = 0; i < 25; i++) {
			assert.equal((await face.get('/persongroups', { noKey: true })).status, 401);
		}
		assert.equal((await face.get('/persongroups')).status, 200);
	});

	it('errorRate 1 answers 503 with an error body and changes nothing', async () => {
		await emu.control.setConfig({ faults: { errorRate: 1 } });
		const res = await face.put('/persongroups/new-group', { name: 'New' });
		assert.equal(res.status, 503);
		assert.equal(res.code, 'ServiceUnavailable');
		assert.equal(res.headers.get('x-ms-error-code'), 'ServiceUnavailable');
		assert.equal(typeof res.message, 'string');
		await emu.control.setConfig({ faults: { errorRate: 0 } });
		assert.equal((await face.get('/persongroups/new-group')).status, 404);
	});

	it('resetRate 1 destroys the connection without an answer', async () => {
		await emu.control.setConfig({ faults: { resetRate: 1 } });
		await assert.rejects(face.get('/persongroups'), (e: Error) => e.name === 'TypeError' && /fetch failed/.test(e.message));
		assert.equal((await emu.control.counters()).statuses['-1'], 1);
	});

	it('faults are reproducible for a seed', async () => {
		const run = async () => {
			await emu.control.setConfig({ faults: { errorRate: 0.5, seed: 42 } });
			const out: number[] = [];
			for (let i = 0; i < 16; i++) {
				out.push((await face.get('/persongroups')).status);
			}
			await emu.control.setConfig({ faults: { errorRate: 0, seed: 0 } });
			return out;
		};
		const a = await run();
		const b = await run();
		assert.deepEqual(a, b);
		assert.ok(a.includes(503) && a.includes(200), a.join(','));
	});

	it('faults.match limits faults to matching routes', async () => {
		await emu.control.setConfig({ faults: { errorRate: 1, match: '/training' } });
		assert.equal((await face.get('/persongroups/visitors')).status, 200);
		assert.equal((await face.get('/persongroups/visitors/training')).status, 503);
	});

	it('latencyMs delays every Face answer but not the control surface', async () => {
		await emu.control.setConfig({ faults: { latencyMs: 300 } });
		const started = Date.now();
		await face.get('/persongroups');
		assert.ok(Date.now() - started >= 290, 'the answer came late');
		const c = Date.now();
		await emu.control.counters();
		assert.ok(Date.now() - c < 290, 'control is not delayed');
	});
});
