// globalState in the real workbench: VS Code echoes every write back to the extension host, and a late echo
// replaces the host's copy with an older one. The extension keeps its state through ConsistentMemento; here
// the workload runs through the wrapper: every read returns the last write, and the workbench ends with it.
// (What the raw globalState does under the same workload depends on timing: nothing stable to assert.)
import * as assert from 'assert';
import { addRemoveWhileSaving } from '../support/stateWorkload';
import { api, waitFor } from './helpers';

const LIST = 'azureFace.test.list';
const BUSY = 'azureFace.test.busy';
/** Saves every 10 ms: each is a round trip to the browser, and the workbench must keep up. */
const REAL = { cycles: 10, saveEveryMs: 10 };

describe('Kept state (globalState with late echoes)', () => {
	after(async () => {
		const { testing } = await api();
		for (const key of [LIST, BUSY]) {
			await testing.state.update(key, undefined);
		}
	});

	it('through ConsistentMemento every read returns the last write, and the stored value settles to it', async () => {
		const { testing } = await api();
		const outcome = await addRemoveWhileSaving(testing.state, LIST, BUSY, REAL);
		assert.strictEqual(outcome.staleReads, 0);
		// The workload ran: the busy key was saved again and again while the list was written.
		const saves = testing.state.get<{ saves: number }>(BUSY)?.saves ?? 0;
		assert.ok(saves >= REAL.cycles, `the busy key was saved during the writes (${saves} saves)`);
		assert.deepStrictEqual(testing.state.get(LIST), ['kept']);
		// What the workbench holds (and a reload reads): the raw globalState once the echoes are in.
		await waitFor(() => JSON.stringify(testing.globalState.get(LIST)) === '["kept"]', 10_000, `the stored list to settle to ["kept"] (is ${JSON.stringify(testing.globalState.get(LIST))})`);
		await new Promise((r) => setTimeout(r, 1500));
		assert.deepStrictEqual(testing.globalState.get(LIST), ['kept'], 'and it stays');
	});
});
