/**
 * How many calls per window a rate budget allows now (AIMD, rateBudget.ts): a 429 halves the capacity, but
 * at most once per window — a burst of 429s is one message ("slow down"), not six, and halving per 429 took
 * an F0 budget from 18 to 1 call a minute in one burst (the fault bench measured it: polls then queued for
 * minutes). It never goes below half the maximum (F0: 10 a minute): the budget already keeps within the
 * tier's limit, so a 429 that says no time is the gateway's or another user's, and every 429 pauses the
 * budget anyway; two bursts in two windows took it to 4, and polls waited 90 s for their turn. It grows back
 * by one per run of `capacity` successes, and doubles (up to the maximum) after every whole window without a
 * 429: the service had room for what was sent, so the throttle has passed.
 */
export class CapacityControl {
	private current: number;
	private streak = 0;
	/** When the capacity was last cut, and when the last 429 (or the last doubling) was. */
	private cutAt = -Infinity;
	private quietSince = -Infinity;

	constructor(
		private max: number,
		/** The window (with its pad) in ms: one cut per window, one doubling per quiet window. */
		private windowMs: number,
	) {
		this.current = max;
	}

	get capacity(): number {
		return this.current;
	}

	get maxCapacity(): number {
		return this.max;
	}

	/** The lowest capacity a 429 leaves: half the maximum. */
	private get floor(): number {
		return Math.max(1, Math.ceil(this.max / 2));
	}

	/** A new limit: back to its full capacity. */
	reset(max: number, windowMs: number): void {
		this.max = max;
		this.windowMs = windowMs;
		this.current = max;
		this.streak = 0;
		this.cutAt = -Infinity;
		this.quietSince = -Infinity;
	}

	/** A success: one more after a run of `capacity` of them. Returns true when the capacity grew. */
	onSuccess(now: number): boolean {
		const grew = this.refresh(now);
		if (this.current < this.max && ++this.streak >= this.current) {
			this.current++;
			this.streak = 0;
			return true;
		}
		return grew;
	}

	/** A 429: halve, unless this window already did. */
	onThrottled(now: number): void {
		this.refresh(now);
		this.streak = 0;
		this.quietSince = now;
		if (now - this.cutAt >= this.windowMs) {
			this.current = Math.max(this.floor, Math.floor(this.current / 2));
			this.cutAt = now;
		}
	}

	/** Applies the doublings due by `now` (a whole window without a 429 each). Returns true when the capacity grew. */
	refresh(now: number): boolean {
		let grew = false;
		while (this.current < this.max && now - this.quietSince >= this.windowMs) {
			this.current = Math.min(this.max, this.current * 2);
			this.quietSince = this.quietSince === -Infinity ? now : this.quietSince + this.windowMs;
			this.streak = 0;
			grew = true;
		}
		return grew;
	}

	/** When the next doubling is due (ms, the budget's clock), or undefined at full capacity. */
	nextGrowthAt(): number | undefined {
		return this.current < this.max && this.quietSince !== -Infinity ? this.quietSince + this.windowMs : undefined;
	}
}
