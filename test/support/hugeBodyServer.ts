/**
 * A loopback HTTP server that answers every request with a huge body generated lazily: one reused 64 KB
 * chunk written with back-pressure, so the server's own memory stays flat whatever size it claims. It
 * stops writing as soon as the client goes away, and counts the bytes it actually wrote.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HugeBodyServer {
	readonly url: string;
	/** Bytes written to all responses so far. */
	written(): number;
	close(): Promise<void>;
}

export interface HugeBodyOptions {
	/** Total body size in bytes. */
	readonly bytes: number;
	/** Send `Content-Length` (true) or stream it chunked without one (false). */
	readonly declareLength: boolean;
	readonly status?: number;
}

const CHUNK = Buffer.alloc(64 * 1024, 'x'); // not JSON: a client that reads it all fails only at parsing

export async function startHugeBodyServer(options: HugeBodyOptions): Promise<HugeBodyServer> {
	let written = 0;
	const server: Server = createServer((_req, res) => {
		const headers: Record<string, string | number> = { 'content-type': 'application/json' };
		if (options.declareLength) {
			headers['content-length'] = options.bytes;
		}
		res.writeHead(options.status ?? 200, headers);
		let left = options.bytes;
		let gone = false;
		res.on('close', () => {
			gone = true;
		});
		const pump = () => {
			while (!gone && left > 0) {
				const n = Math.min(left, CHUNK.length);
				left -= n;
				written += n;
				if (!res.write(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n))) {
					res.once('drain', pump);
					return;
				}
			}
			if (!gone) {
				res.end();
			}
		};
		pump();
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}`,
		written: () => written,
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/** Runs `fn` while sampling the process's resident set every 5 ms; returns the peak growth in MB. */
export async function peakRssGrowthMb<T>(fn: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
	const base = process.memoryUsage().rss;
	let peak = base;
	const timer = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().rss);
	}, 5);
	try {
		const result = await fn();
		peak = Math.max(peak, process.memoryUsage().rss);
		return { result, peakMb: (peak - base) / (1024 * 1024) };
	} finally {
		clearInterval(timer);
	}
}
