/**
 * The emulator's fault run switches: the request log (`GET /_emulator/requests`), injected 429 bursts, stalls,
 * and a rate limit on the emulated clock (`scaleRateLimit`).
 */
import * as assert from 'node:assert/strict';
import { type Emulator, startEmulator } from '../emulator/server';
import { RawFace } from '../emulator/testClient';

describe('emulator: request log, 429 bursts, stalls, scaled rate limit', () => {
	let emu: Emulator;
	let face: RawFace;

	beforeEach(async () => {
		emu = await startEmulator({ seed: 'demo' });
		face = new RawFace(emu.endpoint, emu.key);
	});
	afterEach(() => emu.close());

	it('logs every Face request in order of arrival with its route, status and fault; control calls are not logged', async () => {
		const before = Date.now();
		await face.get('/persongroups/staff');
		await face.post('/persongroups/staff/train');
		await face.get('/persongroups/nope');
		await face.get('/persongroups', { noKey: true });
		await emu.control.state();
		const log = await emu.control.requests();
		assert.deepEqual(log.map((r) => [r.seq, r.method, r.route, r.path, r.status]), [
			[1, 'GET', '/persongroups/{personGroupId}', '/face/v1.2/persongroups/staff', 200],
			[2, 'POST', '/persongroups/{personGroupId}/train', '/face/v1.2/persongroups/staff/train', 202],
			[3, 'GET', '/persongroups/{personGroupId}', '/face/v1.2/persongroups/nope', 404],
			[4, 'GET', '/persongroups', '/face/v1.2/persongroups', 401],
		]);
		for (let i = 0; i < log.length; i++) {
			assert.ok(log[i].at >= before && log[i].at <= Date.now(), 'arrival in real epoch ms');
			assert.ok(i === 0 || log[i].at >= log[i - 1].at, 'in order of arrival');
			assert.ok(log[i].answeredAfterMs !== undefined && log[i].answeredAfterMs! >= 0);
		}
		assert.deepEqual((await emu.control.requests(2)).map((r) => r.seq), [3, 4], 'since: only later entries');
		await face.get('/persongroups', { headers: { 'client-request-id': 'abc-123' } });
		assert.equal((await emu.control.requests(4))[0].clientRequestId, 'abc-123', 'the client-request-id is kept');
		await emu.control.resetCounters();
		assert.deepEqual(await emu.control.requests(), [], 'a counters reset clears the log');
		await face.get('/persongroups');
		assert.equal((await emu.control.requests())[0].seq, 1, 'numbering restarts');
	});

	it('logs faults: a real 429 as rateLimit, 503 as error, a reset as status -1', async () => {
		await emu.control.setConfig({ profile: 'f0' });
		for (let i = 0; i < 21; i++) {
			await face.get('/persongroups');
		}
		await emu.control.setConfig({ rateLimit: false, faults: { errorRate: 1 } });
		await face.get('/persongroups');
		await emu.control.setConfig({ faults: { errorRate: 0, resetRate: 1 } });
		await assert.rejects(face.get('/persongroups'));
		const log = await emu.control.requests();
		assert.deepEqual(log.slice(0, 21).map((r) => r.fault ?? '-'), [...Array(20).fill('-'), 'rateLimit']);
		assert.equal(log[20].status, 429);
		assert.deepEqual([log[21].status, log[21].fault], [503, 'error']);
		// fetch may send a GET again on a fresh connection after a reset: every such arrival is logged as one.
		const resets = log.slice(22);
		assert.ok(resets.length >= 1 && resets.every((r) => r.status === -1 && r.fault === 'reset'));
	});

	it('emulatedMs counts arrival on the emulated clock (×timeScale since the log was cleared)', async () => {
		await emu.control.setConfig({ timeScale: 50 });
		await emu.control.resetCounters();
		await new Promise((r) => setTimeout(r, 200));
		await face.get('/persongroups');
		const [entry] = await emu.control.requests();
		assert.ok(entry.emulatedMs >= 50 * 190 && entry.emulatedMs <= 50 * 1000, `${entry.emulatedMs} emulated ms after 200 real ms at ×50`);
	});

	it('a 429 burst: the call that starts it and every call for throttleBurstMs / timeScale, without Retry-After or a time, using no budget', async () => {
		await emu.control.setConfig({ profile: 'f0', timeScale: 10, faults: { throttleRate: 1, throttleBurstMs: 10_000 } });
		const started = Date.now();
		const first = await face.get('/persongroups');
		await emu.control.setConfig({ faults: { throttleRate: 0 } }); // no new burst: only this one
		const during = [];
		while (Date.now() - started < 250) {
			during.push(await face.get('/persongroups'));
		}
		for (const r of [first, ...during]) {
			assert.deepEqual([r.status, r.code, r.message, r.headers.get('retry-after')], [429, '429', 'Rate limit is exceeded.', null]);
		}
		await new Promise((r) => setTimeout(r, 1000 - (Date.now() - started))); // 10,000 emulated ms at ×10 = 1 s (a wide margin over the 250 ms of calls: the machine may be busy)
		const statuses = [];
		for (let i = 0; i < 21; i++) {
			statuses.push((await face.get('/persongroups')).status);
		}
		assert.deepEqual(statuses, [...Array(20).fill(200), 429], `the ${1 + during.length} injected 429s used nothing of F0's 20 a minute`);
		const log = await emu.control.requests();
		assert.deepEqual(log.map((r) => r.fault ?? '-'), [...Array(1 + during.length).fill('throttle'), ...Array(20).fill('-'), 'rateLimit']);
	});

	it('throttle bursts start at the seeded rate, reproducibly, and only on matching routes', async () => {
		const run = async () => {
			await emu.control.setConfig({ faults: { throttleRate: 0.2, throttleBurstMs: 0, seed: 9, match: '/training' } });
			const out: number[] = [];
			for (let i = 0; i < 40; i++) {
				out.push((await face.get('/persongroups/visitors/training')).status);
			}
			assert.equal((await face.get('/persongroups/visitors')).status, 200, 'not a matching route');
			await emu.control.setConfig({ faults: { throttleRate: 0, seed: 0 } });
			return out;
		};
		const a = await run();
		assert.deepEqual(await run(), a);
		const throttled = a.filter((s) => s === 429).length;
		assert.ok(throttled >= 3 && throttled <= 16, `${throttled} of 40 throttled`);
	});

	it('a stall is counted on arrival and answered stallMs / timeScale later', async () => {
		await emu.control.setConfig({ timeScale: 4, faults: { stallRate: 1, stallMs: 2000 } });
		const started = Date.now();
		const pending = face.get('/persongroups');
		await new Promise((r) => setTimeout(r, 150));
		const during = await emu.control.requests();
		assert.equal(during.length, 1, 'logged on arrival');
		assert.equal(during[0].status, undefined, 'not answered yet');
		assert.equal(during[0].fault, 'stall');
		assert.equal((await pending).status, 200);
		const took = Date.now() - started;
		assert.ok(took >= 480 && took < 1500, `answered after ${took} ms (2000 emulated ms at ×4 = 500 ms)`);
		await emu.control.setConfig({ faults: { stallRate: 0 } });
		const quick = Date.now();
		await face.get('/persongroups');
		assert.ok(Date.now() - quick < 400, 'no stall when stallRate is 0');
	});

	it('scaleRateLimit runs the F0 minute on the emulated clock; off, the minute is real', async () => {
		await emu.control.setConfig({ profile: 'f0', timeScale: 60, scaleRateLimit: true });
		for (let i = 0; i < 20; i++) {
			assert.equal((await face.get('/persongroups')).status, 200);
		}
		const over = await face.get('/persongroups');
		assert.equal(over.status, 429, 'the 21st call within an emulated minute (1 s real at ×60)');
		assert.match(over.message ?? '', /^Rate limit is exceeded\. Try again in 1 seconds\.$/);
		await new Promise((r) => setTimeout(r, 1100));
		assert.equal((await face.get('/persongroups')).status, 200, 'an emulated minute later the window has room');
		await emu.control.reset();
		await emu.control.setConfig({ scaleRateLimit: false });
		for (let i = 0; i < 20; i++) {
			await face.get('/persongroups');
		}
		await new Promise((r) => setTimeout(r, 1100));
		assert.equal((await face.get('/persongroups')).status, 429, 'without scaleRateLimit the window is a real minute');
	});

	it('refuses bad values for the new switches', async () => {
		await assert.rejects(emu.control.setConfig({ faults: { throttleRate: 2 } }), /throttleRate/);
		await assert.rejects(emu.control.setConfig({ faults: { throttleBurstMs: -1 } }), /throttleBurstMs/);
		await assert.rejects(emu.control.setConfig({ faults: { stallRate: -1 } }), /stallRate/);
		await assert.rejects(emu.control.setConfig({ faults: { stallMs: -5 } }), /stallMs/);
		await assert.rejects(emu.control.setConfig({ scaleRateLimit: 'yes' as unknown as boolean }), /scaleRateLimit/);
		const r = await fetch(`${emu.endpoint}/_emulator/requests?since=-1`);
		assert.equal(r.status, 400);
	});
});
