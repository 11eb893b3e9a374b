/**
 * A folder, read as an enrollment plan. Into a (Large) Person Group: each sub-folder is a person (its images,
 * at any depth, are that person's faces); a folder without sub-folders is one person; files directly in a
 * folder that has sub-folders belong to nobody and are listed as skipped. Into a (Large) Face List: every
 * file, at any depth. Hidden files and folders (`.name`) and the OS's thumbnail files are left out; every
 * other file is checked by content later, whatever its extension.
 */
import * as vscode from 'vscode';
import type { EnrollFile, EnrollGroup } from './enrollEngine';
import type { EnrollIssue } from './types';

const IGNORED = new Set(['thumbs.db', 'desktop.ini', 'ehthumbs.db']);

export interface FolderPlan {
	readonly groups: readonly EnrollGroup[];
	/** Files that go nowhere (directly in a folder of person folders). */
	readonly loose: readonly EnrollIssue[];
	/** Every file found: the groups' and the loose ones. */
	readonly total: number;
}

export const LOOSE_REASON = "not in a person's folder (each sub-folder is a person)";

export async function planFolder(root: vscode.Uri, persons: boolean): Promise<FolderPlan> {
	const base = baseName(root);
	const entries = await visible(root);
	const dirs = entries.filter(([, t]) => t & vscode.FileType.Directory).map(([n]) => n).sort(compare);
	if (!persons || dirs.length === 0) {
		const files = await filesUnder(root, base);
		return { groups: [{ folder: base, name: base, files }], loose: [], total: files.length };
	}
	const loose: EnrollIssue[] = entries
		.filter(([, t]) => !(t & vscode.FileType.Directory) && t & vscode.FileType.File)
		.map(([n]) => ({ group: base, file: `${base}/${n}`, outcome: 'skipped' as const, reason: LOOSE_REASON }))
		.sort((a, b) => compare(a.file, b.file));
	const groups: EnrollGroup[] = [];
	for (const dir of dirs) {
		const files = await filesUnder(vscode.Uri.joinPath(root, dir), `${base}/${dir}`);
		if (files.length > 0) {
			groups.push({ folder: `${base}/${dir}`, name: dir, files });
		}
	}
	return { groups, loose, total: loose.length + groups.reduce((n, g) => n + g.files.length, 0) };
}

/** The folder's name (the last path segment). */
export function baseName(uri: vscode.Uri): string {
	const parts = uri.path.split('/').filter((p) => p.length > 0);
	return parts[parts.length - 1] ?? uri.path;
}

async function filesUnder(dir: vscode.Uri, rel: string): Promise<EnrollFile[]> {
	const out: EnrollFile[] = [];
	for (const [name, type] of (await visible(dir)).sort((a, b) => compare(a[0], b[0]))) {
		const uri = vscode.Uri.joinPath(dir, name);
		if (type & vscode.FileType.Directory) {
			out.push(...(await filesUnder(uri, `${rel}/${name}`)));
		} else if (type & vscode.FileType.File) {
			const size = (await vscode.workspace.fs.stat(uri)).size;
			out.push({ path: `${rel}/${name}`, size, read: async () => vscode.workspace.fs.readFile(uri) });
		}
	}
	return out;
}

async function visible(dir: vscode.Uri): Promise<[string, vscode.FileType][]> {
	return (await vscode.workspace.fs.readDirectory(dir)).filter(([n]) => !n.startsWith('.') && !IGNORED.has(n.toLowerCase()));
}

/** Natural order: `2.png` before `10.png`. */
function compare(a: string, b: string): number {
	return a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });
}
