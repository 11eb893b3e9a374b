/** Request counters read by tests through `GET /_emulator/counters`. */

export interface CountersSnapshot {
	/** Face requests received per `"<METHOD> <route template>"`, e.g. `"GET /persongroups/{personGroupId}/training"`. */
	requests: Record<string, number>;
	/** Status polls per container or operation: `"persongroups/<id>"`, `"operations/<id>"`. */
	polls: Record<string, number>;
	/** All Face requests received (including ones answered 401, 429 or with an injected fault). */
	total: number;
	/** What the service would bill: 2xx answers and the service's own 4xx errors (not 401, 429 or unknown routes). */
	billed: number;
	/** Answers by HTTP status (`"-1"` = connection reset). */
	statuses: Record<string, number>;
}

export class Counters {
	private data: CountersSnapshot = Counters.empty();

	private static empty(): CountersSnapshot {
		return { requests: {}, polls: {}, total: 0, billed: 0, statuses: {} };
	}

	reset(): void {
		this.data = Counters.empty();
	}

	request(routeKey: string, pollKey: string | undefined): void {
		this.data.total++;
		this.data.requests[routeKey] = (this.data.requests[routeKey] ?? 0) + 1;
		if (pollKey) {
			this.data.polls[pollKey] = (this.data.polls[pollKey] ?? 0) + 1;
		}
	}

	answered(status: number, billed: boolean): void {
		this.data.statuses[status] = (this.data.statuses[status] ?? 0) + 1;
		if (billed) {
			this.data.billed++;
		}
	}

	snapshot(): CountersSnapshot {
		return JSON.parse(JSON.stringify(this.data)) as CountersSnapshot;
	}
}
