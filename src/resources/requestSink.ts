/**
 * Where every HTTP exchange of every client goes: one trace line in the log (method, path, status,
 * ms, apim-request-id: never a header value, a key or a body), and the per-resource count of billed
 * transactions for this session.
 */
import * as vscode from 'vscode';
import type { RequestLogEntry } from '../face/types';

export class RequestSink implements vscode.Disposable {
	private readonly billed = new Map<string, number>();
	private readonly changed = new vscode.EventEmitter<string>();
	/** Fires with the resource id whose billed count changed. */
	readonly onDidChangeBilledCount = this.changed.event;

	constructor(private readonly log: vscode.LogOutputChannel) {}

	/** The `onRequest` callback for one resource's client. */
	forResource(resourceId: string, label: () => string): (entry: RequestLogEntry) => void {
		return (entry) => {
			this.log.trace(formatRequest(label(), entry));
			if (entry.billed) {
				this.billed.set(resourceId, (this.billed.get(resourceId) ?? 0) + 1);
				this.changed.fire(resourceId);
			}
		};
	}

	getBilledCount(resourceId: string): number {
		return this.billed.get(resourceId) ?? 0;
	}

	forget(resourceId: string): void {
		if (this.billed.delete(resourceId)) {
			this.changed.fire(resourceId);
		}
	}

	dispose(): void {
		this.changed.dispose();
	}
}

export function formatRequest(label: string, e: RequestLogEntry): string {
	const status = e.status === undefined ? `failed${e.error ? ` (${e.error})` : ''}` : String(e.status);
	const retry = (e.attempt > 1 ? ` attempt ${e.attempt}` : '') + (e.retryInMs !== undefined ? ` (retry in ${Math.round(e.retryInMs)} ms)` : '');
	const id = e.apimRequestId ? ` apim-request-id=${e.apimRequestId}` : '';
	return `[${label}] ${e.method} ${stripQuerySecrets(e.path)} → ${status} ${Math.round(e.ms)} ms${retry}${id}`;
}

/** Defence in depth: a key or token never belongs in a query, but mask one if it is there. */
function stripQuerySecrets(path: string): string {
	return path.replace(/([?&](?:subscription-key|key|access_token|token|sig)=)[^&]*/gi, '$1***');
}
