/**
 * The workload that lost a removed resource in CI, for the state tests (unit: a model of VS Code's
 * globalState; integration: the real one): resources are added and removed (read the list, write the new
 * one, as ResourceStore does) while operations are saved every millisecond or so (as the tracker does on polls).
 */
import type { StateMemento } from '../../src/state/consistentMemento';

export interface StateOutcome {
	/** Reads of the list right after this window's own (awaited) write that did not return what it wrote. */
	readonly staleReads: number;
	/** Reads checked. */
	readonly reads: number;
	/** The list the last write left. */
	readonly expected: readonly string[];
}

export interface WorkloadOptions {
	/** Add/remove rounds. */
	readonly cycles?: number;
	/** How often the busy key is saved (1 ms in the model; the real workbench takes ~10 ms a round trip). */
	readonly saveEveryMs?: number;
}

export async function addRemoveWhileSaving(state: StateMemento, listKey: string, busyKey: string, options: WorkloadOptions = {}): Promise<StateOutcome> {
	const cycles = options.cycles ?? 25;
	const saveEveryMs = options.saveEveryMs ?? 1;
	let saving = true;
	let saves = 0;
	const saver = (async () => {
		while (saving) {
			void state.update(busyKey, { version: 1, saves: ++saves });
			await new Promise((r) => setTimeout(r, saveEveryMs));
		}
	})();
	let staleReads = 0;
	const list = () => state.get<string[]>(listKey) ?? [];
	const write = async (next: string[]) => {
		await state.update(listKey, next);
		if (JSON.stringify(list()) !== JSON.stringify(next)) {
			staleReads++;
		}
	};
	try {
		for (let i = 0; i < cycles; i++) {
			await write([...list(), `r${i}`]);
			await new Promise((r) => setTimeout(r, 2));
			await write(list().filter((id) => id !== `r${i}`));
		}
		await write([...list(), 'kept']);
	} finally {
		saving = false;
		await saver;
	}
	return { staleReads, reads: 2 * cycles + 1, expected: ['kept'] };
}
