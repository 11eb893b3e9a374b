/**
 * When did a call arrive at the service? Somewhere between its send and its answer; the service counts it
 * then (rateBudget.ts). A rate budget dates each slot at `min(answer, send + 2 × spread)`, where the spread is
 * max − min of the recent round trips of the same budget (at least `MIN_SPREAD_MS`). Twice: the range of 20
 * samples falls short of the range of the link, and a margin costs little on a steady link (2 × 5 ms of a
 * window). Dated at the send instead, a simulated jittery link puts 13 calls in a second of S0
 * (test/unit/rateArrival.test.ts).
 *
 * Why that is enough: a slot freed at `t_i + window` lets call j go at `s_j ≥ t_i + window`, which arrives at
 * `s_j + d_j` (d: the one-way time to the service). The service sees the two a window apart if
 * `t_i ≥ s_i + d_i − d_j`, and `d_i − d_j` is at most the spread of the one-way times, which (twice) the
 * spread of the round trips estimates. On a steady link the spread is a few ms and calls run at the limit; on a
 * jittery link it grows towards the whole round trip and the dating falls back to the answer. With fewer
 * than `MIN_SAMPLES` round trips seen there is no estimate: the answer it is (as before this estimate).
 */
export const ROUND_TRIP_HISTORY = 20;
export const MIN_SAMPLES = 5;
export const MIN_SPREAD_MS = 5;
export const SPREAD_FACTOR = 2;

export class RoundTrips {
	private readonly recent: number[] = [];

	/**
	 * Records a call's round trip (sent → answered, on the budget's clock; the answer's own round trip counts,
	 * so one slow call widens the spread at once) and returns the time its slot is dated at.
	 */
	arrivalOf(sentAt: number, answeredAt: number): number {
		const rtt = Math.max(0, answeredAt - sentAt);
		this.recent.push(rtt);
		if (this.recent.length > ROUND_TRIP_HISTORY) {
			this.recent.shift();
		}
		if (this.recent.length < MIN_SAMPLES) {
			return answeredAt;
		}
		const spread = Math.max(MIN_SPREAD_MS, Math.max(...this.recent) - Math.min(...this.recent));
		return Math.min(answeredAt, sentAt + SPREAD_FACTOR * spread);
	}

}
