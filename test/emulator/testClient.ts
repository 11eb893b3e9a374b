/** A bare HTTP helper for tests that talk to the emulator's Face routes (no Face client logic in between). */

export interface RawResponse {
	status: number;
	headers: Headers;
	text: string;
	/** Parsed JSON body, or undefined when the body is empty or not JSON. */
	body: unknown;
	/** `error.code` of an error body. */
	code?: string;
	/** `error.message` of an error body. */
	message?: string;
}

export interface RawRequest {
	/** JSON body. */
	json?: unknown;
	/** Image bytes, sent as application/octet-stream. */
	bytes?: Uint8Array;
	/** Raw text body (with the given content type, default application/json). */
	text?: string;
	headers?: Record<string, string>;
	/** Omit the subscription key. */
	noKey?: boolean;
}

export class RawFace {
	constructor(
		readonly endpoint: string,
		readonly key: string,
		readonly version = 'v1.2',
	) {}

	withVersion(version: string): RawFace {
		return new RawFace(this.endpoint, this.key, version);
	}

	url(path: string): string {
		return `${this.endpoint}/face/${this.version}${path}`;
	}

	async call(method: string, path: string, req: RawRequest = {}): Promise<RawResponse> {
		const headers: Record<string, string> = {};
		if (!req.noKey) {
			headers['Ocp-Apim-Subscription-Key'] = this.key;
		}
		let body: string | Uint8Array | undefined;
		if (req.json !== undefined) {
			headers['Content-Type'] = 'application/json';
			body = JSON.stringify(req.json);
		} else if (req.bytes) {
			headers['Content-Type'] = 'application/octet-stream';
			body = req.bytes;
		} else if (req.text !== undefined) {
			headers['Content-Type'] = 'application/json';
			body = req.text;
		}
		Object.assign(headers, req.headers);
		const res = await fetch(path.startsWith('http') ? path : this.url(path), { method, headers, body: body as BodyInit | undefined });
		const text = await res.text();
		let parsed: unknown;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			parsed = undefined;
		}
		const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
		return { status: res.status, headers: res.headers, text, body: parsed, code: error?.code, message: error?.message };
	}

	get(path: string, req?: RawRequest): Promise<RawResponse> {
		return this.call('GET', path, req);
	}

	put(path: string, json: unknown): Promise<RawResponse> {
		return this.call('PUT', path, { json });
	}

	patch(path: string, json: unknown): Promise<RawResponse> {
		return this.call('PATCH', path, { json });
	}

	post(path: string, req?: RawRequest): Promise<RawResponse> {
		return this.call('POST', path, req);
	}

	delete(path: string): Promise<RawResponse> {
		return this.call('DELETE', path);
	}
}
