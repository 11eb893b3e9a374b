/**
 * The `userData` of a face the service lists by id only (a person's face of a Person Group or Large Person
 * Group, a Person Directory person's face of one recognition model): known from the face-file journal
 * (state/faceFiles.ts: the faces added or read here), else read once, on hover or by *Reveal in Explorer*
 * (one call). What a face row shows of its file (label, tooltip, context) is built here too, for every face row.
 */
import * as vscode from 'vscode';
import { parseFaceMark } from '../operations/enrollCheck';
import { errorMessage } from '../shared/errors';
import type { FaceTreeNode, TreeServices } from './node';

export class JournaledUserData {
	/** The read under way (one at a time). */
	private reading: Promise<void> | undefined;
	/** Why the last read failed (the tooltip says it; the next hover tries again). */
	private failed: string | undefined;

	constructor(
		private readonly services: TreeServices,
		private readonly node: FaceTreeNode,
		/** The face's holder in the journal (`faceHolderKey`). */
		private readonly holder: () => string,
		private readonly faceId: string,
		/** Reads the face from the service: its `userData`, undefined when it has none. */
		private readonly read: () => Promise<string | undefined>,
	) {}

	/** As recorded; undefined when unknown or empty. */
	get value(): string | undefined {
		return this.services.faceFiles.get(this.holder(), this.faceId) || undefined;
	}

	get unread(): boolean {
		return !this.services.faceFiles.has(this.holder(), this.faceId);
	}

	/** Why the last read failed, if it did. */
	get readError(): string | undefined {
		return this.failed;
	}

	/** Reads the face unless it is known; the row is then redrawn with its file name. Throws what the read threw. */
	ensure(): Promise<void> {
		if (!this.unread) {
			return Promise.resolve();
		}
		this.reading ??= (async () => {
			try {
				this.services.faceFiles.record(this.holder(), this.faceId, await this.read());
				this.failed = undefined;
				this.services.changed(this.node);
			} catch (e) {
				this.failed = errorMessage(e);
				throw e;
			} finally {
				this.reading = undefined;
			}
		})();
		return this.reading;
	}

	/** `ensure()` for a tooltip: a failure is kept in `readError`, not thrown. */
	async ensureQuietly(): Promise<void> {
		try {
			await this.ensure();
		} catch {
			// readError says it.
		}
	}
}

/** What a face row shows of its file: `file` (the mark's path) and `name` (its last part), if the userData names one. */
export function faceFileOf(userData: string | undefined): { readonly file: string; readonly name: string } | undefined {
	const file = parseFaceMark(userData)?.file;
	return file ? { file, name: file.slice(file.lastIndexOf('/') + 1) } : undefined;
}

/** The tooltip's File row: the path, or why it could not be read. */
export function fileRowText(userData: string | undefined, readError: string | undefined): string | undefined {
	return faceFileOf(userData)?.file ?? (readError && vscode.l10n.t('not read ({0})', readError));
}
