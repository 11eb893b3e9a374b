/**
 * Who gets a rate budget's next slot (rateBudget.ts): its waiters in the order they came, served by rank —
 * retries first (they waited their turn once already), then a few *priority* calls, then first attempts, then
 * background reads (the tree's training states: nobody waits for them) — first-in first-out within a rank.
 *
 * A priority call is a poll that the schedule expects to see an operation's end (schedule.ts: the poll due
 * right after a training's predicted end; one per training). On F0 past half its capacity the budget hands
 * out one slot per 3.0 s, and with the tree's walk and an edit waiting too, such a poll waited two turns
 * (6 s) behind them and the end was seen that much later. It goes ahead of the first attempts — never ahead
 * of a retry, never beyond the budget's limit or its pace, never through a 429's pause (the budget decides
 * *when* a slot goes; this only decides *who* gets it). So that priority cannot starve the others, at most
 * `max` priority calls go ahead in any window (`priorityPerWindow`: a quarter of the capacity, F0 5 a
 * minute, S0 2 a second); past that a priority call waits in arrival order like any first attempt.
 */

/** A waiter's rank: lower goes first. */
export const Rank = { Retry: 0, Priority: 1, Normal: 2, Background: 3 } as const;
export type Rank = (typeof Rank)[keyof typeof Rank];

/** Priority calls that may go ahead of first attempts per window: a quarter of the capacity, at least 1. */
export function priorityPerWindow(capacity: number): number {
	return Math.max(1, Math.floor(capacity / 4));
}

export class WaitQueue<W extends { readonly rank: Rank }> {
	/** In the order they came. */
	private readonly waiting: W[] = [];
	/** When priority calls went ahead (budget clock), within the last window. */
	private readonly ahead: number[] = [];

	get length(): number {
		return this.waiting.length;
	}

	push(w: W): void {
		this.waiting.push(w);
	}

	/** Removes `w` (an aborted waiter); false when it was not waiting. */
	remove(w: W): boolean {
		const i = this.waiting.indexOf(w);
		if (i < 0) {
			return false;
		}
		this.waiting.splice(i, 1);
		return true;
	}

	/** Priority calls that went ahead in the window up to `now`. */
	aheadInWindow(now: number, windowMs: number): number {
		while (this.ahead.length > 0 && this.ahead[0] <= now - windowMs) {
			this.ahead.shift();
		}
		return this.ahead.length;
	}

	/**
	 * Takes the waiter that gets the slot now: the first of the best rank, a priority call counting as a first
	 * attempt once `max` went ahead in the window up to `now`.
	 */
	shift(now: number, windowMs: number, max: number): W | undefined {
		const open = this.aheadInWindow(now, windowMs) < max;
		const rankOf = (w: W) => (w.rank === Rank.Priority && !open ? Rank.Normal : w.rank);
		let best = -1;
		for (let i = 0; i < this.waiting.length; i++) {
			if (best < 0 || rankOf(this.waiting[i]) < rankOf(this.waiting[best])) {
				best = i;
			}
		}
		if (best < 0) {
			return undefined;
		}
		const [w] = this.waiting.splice(best, 1);
		// It went ahead when a first attempt or a background read that came earlier is passed over.
		if (rankOf(w) === Rank.Priority && this.waiting.slice(0, best).some((x) => x.rank >= Rank.Normal)) {
			this.ahead.push(now);
		}
		return w;
	}
}
