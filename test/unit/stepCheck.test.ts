/**
 * Issue 9, row 14 (the pure part): the accept-time check of a step of Add Face Resource. One request per
 * value entered; a refusal is shown and stands for that value (retyping it costs no request); an unsure
 * answer is shown once and kept when the same value is entered again ('again'), or kept at once and left
 * for the flow to ask about ('accept'); the same value for another endpoint (context) is checked anew.
 */
import * as assert from 'node:assert/strict';
import { StepCheck, type Verdict } from '../../src/commands/stepCheck';

function recording(answers: Record<string, Verdict>) {
	const calls: string[] = [];
	const run = async (value: string, signal: AbortSignal): Promise<Verdict> => {
		calls.push(value);
		assert.ok(signal instanceof AbortSignal);
		const v = answers[value];
		if (!v) {
			throw new Error(`unexpected value ${value}`);
		}
		return v;
	};
	return { calls, run };
}

const signal = () => new AbortController().signal;

describe('Add Face Resource: the check of a step (row 14)', () => {
	const answers: Record<string, Verdict> = {
		good: { kind: 'ok' },
		wrong: { kind: 'refused', message: 'h refused the API key (401).' },
		down: { kind: 'unsure', message: 'h refused the connection.' },
	};

	it('a refused value shows the service\'s answer and stays refused without a second request; the next value is checked', async () => {
		const r = recording(answers);
		const c = new StepCheck(r.run, { unsure: 'again', again: (m) => `${m} Press Enter again.` });
		assert.equal(await c.check('wrong', signal()), 'h refused the API key (401).');
		assert.equal(await c.check('wrong', signal()), 'h refused the API key (401).');
		assert.equal(await c.check('good', signal()), undefined);
		assert.deepEqual(r.calls, ['wrong', 'good']);
		assert.deepEqual(c.verdict('good'), { kind: 'ok' });
		assert.equal(c.verdict('other'), undefined);
	});

	it('\'again\': an unsure answer is shown with the hint, and the same value entered again is kept without a request', async () => {
		const r = recording(answers);
		const c = new StepCheck(r.run, { unsure: 'again', again: (m) => `${m} Press Enter again.` });
		assert.equal(await c.check('down', signal()), 'h refused the connection. Press Enter again.');
		assert.equal(await c.check('down', signal()), undefined);
		assert.deepEqual(r.calls, ['down']);
		assert.equal(c.verdict('down')?.kind, 'unsure');
	});

	it('\'accept\': an unsure answer keeps the value at once; the verdict tells the flow to ask later', async () => {
		const r = recording(answers);
		const c = new StepCheck(r.run, { unsure: 'accept' });
		assert.equal(await c.check('down', signal()), undefined);
		assert.deepEqual(c.verdict('down'), answers.down);
	});

	it('the same value in another context (another endpoint or API version) is checked again; Back and forward in the same one is not', async () => {
		const r = recording(answers);
		const c = new StepCheck(r.run, { unsure: 'accept' });
		assert.equal(await c.check('good', signal(), 'http://a v1.2'), undefined);
		assert.equal(await c.check('good', signal(), 'http://a v1.2'), undefined);
		assert.equal(await c.check('good', signal(), 'http://b v1.2'), undefined);
		assert.deepEqual(r.calls, ['good', 'good']);
		assert.equal(c.verdict('good', 'http://c v1.2'), undefined);
	});

	it('a check cancelled meanwhile (Escape) teaches nothing: the value is checked again next time', async () => {
		const r = recording(answers);
		const c = new StepCheck(r.run, { unsure: 'again' });
		const controller = new AbortController();
		controller.abort();
		assert.equal(await c.check('wrong', controller.signal), undefined);
		assert.equal(c.verdict('wrong'), undefined);
		assert.equal(await c.check('wrong', signal()), 'h refused the API key (401).');
		assert.deepEqual(r.calls, ['wrong', 'wrong']);
	});
});
