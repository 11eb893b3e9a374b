/**
 * Image files from the file Explorer, an editor tab or a dialog: which ones are images, and their bytes
 * after checking the size the Face service accepts (1 KB–6 MB) before anything is sent.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { MAX_IMAGE_BYTES, MIN_IMAGE_BYTES } from '../face/kinds';

export const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'gif', 'bmp'];

const MIME: Readonly<Record<string, string>> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', bmp: 'image/bmp' };

export function isImageFile(uri: vscode.Uri): boolean {
	return IMAGE_EXTENSIONS.includes(path.extname(uri.path).slice(1).toLowerCase());
}

export function mimeOf(uri: vscode.Uri): string {
	return MIME[path.extname(uri.path).slice(1).toLowerCase()] ?? 'application/octet-stream';
}

/** The images among the file Explorer's clicked file and selection (its second argument). */
export function imageFiles(uri: unknown, uris: unknown): vscode.Uri[] {
	const all = Array.isArray(uris) && uris.length > 0 ? uris : [uri];
	return all.filter((u): u is vscode.Uri => u instanceof vscode.Uri && isImageFile(u));
}

/** Reads the image after checking its size against the service's limits (1 KB–6 MB). */
export async function readImage(uri: vscode.Uri): Promise<Uint8Array> {
	const stat = await vscode.workspace.fs.stat(uri);
	const name = path.basename(uri.path);
	if (stat.size < MIN_IMAGE_BYTES) {
		throw new Error(vscode.l10n.t('{0} is {1} bytes: the Face service accepts images of 1 KB to 6 MB.', name, stat.size));
	}
	if (stat.size > MAX_IMAGE_BYTES) {
		throw new Error(vscode.l10n.t('{0} is {1} MB: the Face service accepts images of 1 KB to 6 MB.', name, (stat.size / (1024 * 1024)).toFixed(1)));
	}
	return vscode.workspace.fs.readFile(uri);
}
