/** Training through the Face client: train, poll to the end per API version, never-trained, operations. */
import * as assert from 'node:assert/strict';
import { API_VERSIONS, FaceApiError, FaceUsageError, TRAINABLE_KINDS, isTerminal, type FaceApi, type TrainingStatus } from '../../src/face';
import { makeTestImage } from '../emulator/images';
import { caught, useEmulator } from './clientSupport';

/** Polls until a terminal state (a bounded number of polls; the emulator ends a 0 ms training on the 2nd poll). */
async function pollToEnd(client: FaceApi, url: string): Promise<TrainingStatus[]> {
	const seen: TrainingStatus[] = [];
	for (let i = 0; i < 20; i++) {
		const s = await client.pollTraining(url);
		seen.push(s);
		if (isTerminal(s.state)) {
			return seen;
		}
	}
	throw new Error(`training did not end: ${JSON.stringify(seen.map((s) => s.rawStatus))}`);
}

async function fill(client: FaceApi, kind: (typeof TRAINABLE_KINDS)[number]['kind'], id: string): Promise<void> {
	await client.createContainer(kind, id, { name: id });
	if (kind === 'largeFaceList') {
		await client.addFace(kind, id, undefined, { bytes: makeTestImage(`${id}-1`) });
		return;
	}
	const p = await client.createPerson(kind, id, { name: 'P' });
	await client.addFace(kind, id, p, { bytes: makeTestImage(`${id}-p`) });
}

describe('Face client: training (emulator)', () => {
	const h = useEmulator({ trainingMs: 0 });

	for (const version of API_VERSIONS) {
		const legacy = version === 'v1.0';
		for (const info of TRAINABLE_KINDS) {
			it(`${version} ${info.label}: train → running → succeeded (${legacy ? 'no operation-Location, polls …/training' : 'follows operation-Location'})`, async () => {
				const client = h.client({ apiVersion: version });
				await fill(client, info.kind, 'g1');
				const before = await client.getTrainingStatus(info.kind, 'g1');
				assert.equal(before.state, 'nottrained', 'never trained → a state, not an error');

				const started = await client.train(info.kind, 'g1');
				assert.equal(started.fromHeader, !legacy);
				assert.equal(started.pollUrl, `${h.emu.endpoint}/face/${version}/${info.route}/g1/training`);
				const trainEntry = h.log.find((e) => e.method === 'POST' && e.path.endsWith('/train'));
				assert.equal(trainEntry?.status, 202);

				const seen = await pollToEnd(client, started.pollUrl);
				assert.equal(seen[0].state, 'running');
				const last = seen[seen.length - 1];
				assert.equal(last.state, 'succeeded');
				assert.equal(last.rawStatus, 'succeeded');
				assert.ok(last.createdDateTime, 'createdDateTime');
				assert.ok(last.lastSuccessfulTrainingDateTime, 'lastSuccessfulTrainingDateTime after a success');
				assert.equal(seen[0].lastSuccessfulTrainingDateTime, undefined, 'none while the first training runs');

				const counters = await h.emu.control.counters();
				assert.equal(counters.polls[`${info.route}/g1`], seen.length + 1, 'one status GET per poll (+ the first status check)');
			});
		}
	}

	it('an empty group trains to failed, with the service message', async () => {
		const client = h.client();
		await client.createContainer('personGroup', 'empty', { name: 'Empty' });
		const { pollUrl } = await client.train('personGroup', 'empty');
		const seen = await pollToEnd(client, pollUrl);
		const last = seen[seen.length - 1];
		assert.equal(last.state, 'failed');
		assert.match(last.message ?? '', /no person|no persisted face/i);
	});

	it('v1.0 status words are lower-case and normalised the same way', async () => {
		const client = h.client({ apiVersion: 'v1.0' });
		await client.createContainer('largePersonGroup', 'lg', { name: 'LG' });
		const { pollUrl } = await client.train('largePersonGroup', 'lg');
		const first = await client.pollTraining(pollUrl);
		assert.equal(first.rawStatus, 'running');
		assert.equal(first.state, 'running');
	});

	it('training again while running → 409 …TrainingNotFinished', async () => {
		await h.emu.control.setConfig({ trainingMs: 60_000 });
		const client = h.client();
		await fill(client, 'personGroup', 'busy');
		await client.train('personGroup', 'busy');
		const e = await caught(() => client.train('personGroup', 'busy'));
		assert.ok(FaceApiError.is(e));
		assert.equal(e.status, 409);
		assert.equal(e.code, 'PersonGroupTrainingNotFinished');
		await h.emu.control.finishTraining({ route: 'persongroups', id: 'busy' });
		const s = await client.getTrainingStatus('personGroup', 'busy');
		assert.equal(s.state, 'succeeded');
	});

	it('status of a missing group is an error (404 …NotFound), not "not trained"', async () => {
		const e = await caught(() => h.client().getTrainingStatus('largeFaceList', 'nope'));
		assert.ok(FaceApiError.is(e));
		assert.equal(e.code, 'LargeFaceListNotFound');
	});

	it('refuses to poll a URL on another origin (the key would go there)', async () => {
		const client = h.client();
		const e = await caught(() => client.pollTraining('https://attacker.example/face/v1.2/persongroups/x/training'));
		assert.ok(FaceUsageError.is(e));
		assert.match(e.message, /not this resource's endpoint/);
		assert.equal(h.log.length, 0, 'no request was sent');
	});

	it('GET /operations/{id} and polling an operation URL', async () => {
		const client = h.client({ apiVersion: 'v1.2-preview.1' });
		const { operationId } = await h.emu.control.createOperation({ durationMs: 0, outcome: 'failed', message: 'Boom.' });
		const first = await client.getOperation(operationId);
		assert.equal(first.state, 'running');
		const url = `${h.emu.endpoint}/face/v1.2-preview.1/operations/${operationId}`;
		const end = await client.pollTraining(url);
		assert.equal(end.state, 'failed');
		assert.equal(end.message, 'Boom.');
		const again = await client.getOperation(operationId);
		assert.equal(again.rawStatus.toLowerCase(), 'failed');
		assert.ok(again.createdTime);
	});
});
