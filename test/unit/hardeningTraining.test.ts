/**
 * Issue 9, rows 5 and 6: a train `202` whose `operation-Location` cannot be followed, and a training
 * status the client does not know (or a body that is not a status) on every poll.
 */
import * as assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { apiKeyAuth, createFaceClient, FaceNetworkError, parseOperationStatus, parseTrainingStatus, pollAnswerProblem, UNLIMITED_BUDGET, type FaceApi } from '../../src/face';
import { scaledClock } from '../support/scaledClock';
import { followTraining, type FollowResult } from '../../src/operations/follower';
import { caught, startTinyServer, type RecordedRequest, type TinyServer } from './clientSupport';

describe('hardening (row 5): train 202 with an operation-Location that cannot be followed', () => {
	let server: TinyServer | undefined;
	afterEach(async () => {
		await server?.close();
		server = undefined;
	});
	const trainWith = async (location: string) => {
		server = await startTinyServer((req, res) => {
			if (req.method === 'POST') {
				res.writeHead(202, { 'operation-location': location, 'content-length': '0' }).end();
			} else {
				res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"running","createdDateTime":"2026-01-01T00:00:00Z"}');
			}
		});
		const client = createFaceClient({ endpoint: server.url, apiVersion: 'v1.2', auth: apiKeyAuth('k'.repeat(32)), rateBudget: UNLIMITED_BUDGET, maxRetries: 0 });
		return { client, result: await client.train('personGroup', 'g') };
	};

	it("'http://[::1' (not a URL): train() resolves, follows …/training, and says why", async () => {
		const { client, result } = await trainWith('http://[::1');
		assert.equal(result.pollUrl, `${server!.url}/face/v1.2/persongroups/g/training`);
		assert.equal(result.fromHeader, false);
		assert.match(result.locationProblem ?? '', /^The service accepted the training, but its operation-Location 'http:\/\/\[::1' is not a URL; following http:\/\/127\.0\.0\.1:\d+\/face\/v1\.2\/persongroups\/g\/training instead\.$/);
		assert.equal((await client.pollTraining(result.pollUrl)).state, 'running', 'the fallback URL is pollable');
		assert.deepEqual(server!.requests.map((r) => `${r.method} ${r.url}`), ['POST /face/v1.2/persongroups/g/train', 'GET /face/v1.2/persongroups/g/training']);
	});

	it('another origin, or a non-http scheme: the same fallback, with the reason', async () => {
		const other = await trainWith('https://elsewhere.example/face/v1.2/persongroups/g/training');
		assert.equal(other.result.fromHeader, false);
		assert.match(other.result.locationProblem ?? '', /points at https:\/\/elsewhere\.example, not this resource's endpoint/);
		await server!.close();
		const scheme = await trainWith('javascript:alert(1)');
		assert.match(scheme.result.locationProblem ?? '', /is not an http\(s\) URL/);
		assert.ok(scheme.result.pollUrl.endsWith('/persongroups/g/training'));
	});

	it('a usable operation-Location is still followed as it is', async () => {
		const { result } = await trainWith('/face/v1.2/persongroups/g/training?x=1');
		assert.deepEqual(result, { pollUrl: `${server!.url}/face/v1.2/persongroups/g/training?x=1`, fromHeader: true });
	});
});

describe('hardening (row 6): unknown statuses and bodies that are not a status', () => {
	it('the parser marks an unknown status (state stays running) and leaves known ones alone', () => {
		const paused = parseTrainingStatus({ status: 'Paused' });
		assert.equal(paused?.state, 'running');
		assert.equal(paused?.unrecognised, true);
		assert.equal(parseOperationStatus({ status: 'Hibernating' })?.unrecognised, true);
		for (const s of ['notStarted', 'nonstarted', 'running', 'Succeeded', 'failed']) {
			assert.equal(parseTrainingStatus({ status: s })?.unrecognised, undefined, s);
		}
		assert.deepEqual(pollAnswerProblem({ status: paused }), { kind: 'unknownStatus', status: 'Paused', description: "the service answered an unknown status 'Paused'" });
		assert.equal(pollAnswerProblem({ status: parseTrainingStatus({ status: 'running' }) }), undefined);
	});

	let server: TinyServer | undefined;
	afterEach(async () => {
		await server?.close();
		server = undefined;
	});
	const serve = async (answer: (req: RecordedRequest, res: ServerResponse) => void): Promise<FaceApi> => {
		server = await startTinyServer(answer);
		return createFaceClient({ endpoint: server.url, apiVersion: 'v1.2', auth: apiKeyAuth('k'.repeat(32)), rateBudget: UNLIMITED_BUDGET, maxRetries: 0 });
	};

	it('an HTML page, an empty body, JSON without status: a typed malformed error the follower can count', async () => {
		for (const [type, body] of [['text/html', '<html><body>Maintenance</body></html>'], ['application/json', ''], ['application/json', '{"state2":1}']]) {
			const client = await serve((_req, res) => res.writeHead(200, { 'content-type': type }).end(body));
			const e = await caught(() => client.getTrainingStatus('personGroup', 'g'));
			assert.ok(FaceNetworkError.is(e) && e.reason === 'malformed', String(e));
			assert.equal(pollAnswerProblem({ error: e })?.kind, 'malformed');
			await server!.close();
			server = undefined;
		}
	});

	/** Follows a training on a fast clock; aborts after 12 polls so that the old, unbounded follower ends too. */
	const follow = async (client: FaceApi): Promise<FollowResult> => {
		const clock = scaledClock(400);
		const stop = new AbortController();
		return followTraining({
			poll: (signal) => client.pollTraining(`${server!.url}/face/v1.2/persongroups/g/training`, { signal }),
			startedAt: clock.now(),
			clock,
			signal: stop.signal,
			onPoll: (e) => {
				if (e.polls >= 12) {
					stop.abort();
				}
			},
		});
	};

	it("the follower stops after 5 answers in a row of an unknown status: \"the service answered an unknown status 'Paused'\"", async function () {
		this.timeout(30_000);
		const client = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"Paused"}'));
		const r = await follow(client);
		assert.equal(r.state, 'stopped');
		assert.equal(r.message, "Stopped watching: the service answered an unknown status 'Paused' 5 times in a row.");
		assert.equal(r.polls, 5);
		assert.equal(server!.requests.length, 5);
	});

	it('the follower stops after 5 HTML answers in a row, saying what came back', async function () {
		this.timeout(30_000);
		const client = await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>'));
		const r = await follow(client);
		assert.equal(r.state, 'stopped');
		assert.match(r.message ?? '', /^Stopped watching: the service answered with something that is not a training status \(.*a body that is not JSON.*\) 5 times in a row\.$/);
		assert.equal(server!.requests.length, 5);
	});

	it('a known status in between starts the count again; the training is followed to its end', async function () {
		this.timeout(30_000);
		const answers = ['Paused', 'Paused', 'Paused', 'Paused', 'running', 'Paused', 'Paused', 'Paused', 'Paused', 'succeeded'];
		const client = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: answers.shift() ?? 'succeeded' })));
		const r = await follow(client);
		assert.equal(r.state, 'succeeded');
		assert.equal(r.polls, 10);
	});
});
