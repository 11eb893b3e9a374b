// Helpers for the tree and node-command integration tests (tree*.test.ts, commands*.test.ts): reach the
// extension's tree through the test API, walk it as the view would (getChildren → getTreeItem), and run
// commands with scripted answers. Everything asserted is what a person sees: labels, descriptions,
// tooltips, context menus (contextValue), messages, and the emulator's state.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { ScriptedPrompter, type ScriptedAnswer } from '../support/scriptedPrompter';
import type { FaceResource } from '../../src/resources/types';
import { api, waitFor } from './helpers';

/** A tree node as the tests see it (an object of the extension's bundle: no instanceof across bundles). */
export interface Node {
	readonly id: string;
}

interface TreeProvider {
	getChildren(node?: Node): Promise<Node[]>;
	getTreeItem(node: Node): vscode.TreeItem | Thenable<vscode.TreeItem>;
	resolveTreeItem?(item: vscode.TreeItem, node: Node): vscode.TreeItem | Thenable<vscode.TreeItem>;
}

export interface Shown {
	readonly node: Node;
	readonly item: vscode.TreeItem;
	readonly label: string;
	readonly description: string;
	readonly tooltip: string;
	readonly contextValue: string;
	readonly icon: string;
}

export async function provider(): Promise<TreeProvider> {
	const tree = (await api()).tree as { provider?: TreeProvider } | TreeProvider | undefined;
	const p = tree && 'provider' in tree && tree.provider ? tree.provider : (tree as TreeProvider | undefined);
	assert.ok(p && typeof p.getChildren === 'function', 'the test API exposes the tree (registerTree(...).provider)');
	return p;
}

/** Adds a key resource straight through the store (no check call), remembering it for `removeAdded`. */
export async function addResource(endpoint: string, key: string | undefined, label: string, added: string[]): Promise<FaceResource> {
	const store = (await api()).resources;
	const resource = await store.add(store.prepare({ endpoint, label, auth: 'key', tier: 'S0' }), key);
	added.push(resource.id);
	return resource;
}

export async function removeAdded(added: string[]): Promise<void> {
	const store = (await api()).resources;
	for (const id of added.splice(0)) {
		if (store.getResource(id)) {
			await store.remove(id);
		}
	}
}

export function labelOf(item: vscode.TreeItem): string {
	return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}

/** The text a person reads in a tooltip (Markdown escapes and `&nbsp;` undone). */
function tooltipText(t: vscode.TreeItem['tooltip']): string {
	if (t === undefined) {
		return '';
	}
	if (typeof t === 'string') {
		return t;
	}
	return t.value.replace(/&nbsp;/g, ' ').replace(/\\([\\`*_{}[\]()#+\-.!<>|~])/g, '$1');
}

/** A row as the view shows it; `resolve` (default): with the tooltip VS Code asks for on hover. */
export async function show(node: Node, resolve = true): Promise<Shown> {
	const p = await provider();
	let item = await p.getTreeItem(node);
	if (resolve && p.resolveTreeItem) {
		item = await p.resolveTreeItem(item, node);
	}
	const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : '';
	return {
		node,
		item,
		label: labelOf(item),
		description: typeof item.description === 'string' ? item.description : '',
		tooltip: tooltipText(item.tooltip),
		contextValue: item.contextValue ?? '',
		icon,
	};
}

/** The children of `node` as the view would render them. */
export async function children(node?: Node): Promise<Shown[]> {
	const nodes = await (await provider()).getChildren(node);
	return Promise.all(nodes.map((n) => show(n)));
}

export async function child(node: Node | undefined, label: string): Promise<Shown> {
	const all = await children(node);
	const found = all.find((c) => c.label === label);
	assert.ok(found, `'${label}' is shown under ${node?.id ?? 'the view'} (shown: ${all.map((c) => c.label).join(', ')})`);
	return found;
}

export async function resourceNode(resource: FaceResource): Promise<Shown> {
	return child(undefined, resource.label);
}

/** Walks labels from the resource down: `walk(r, 'Person Groups', 'Staff')`. */
export async function walk(resource: FaceResource, ...labels: string[]): Promise<Shown> {
	let at = await resourceNode(resource);
	for (const label of labels) {
		at = await child(at.node, label);
	}
	return at;
}

/** Re-renders `node` until its description satisfies `ok` (training states load after the row shows). */
export async function waitForRow(node: Node, ok: (s: Shown) => boolean, what: string, timeoutMs = 20_000): Promise<Shown> {
	let last: Shown | undefined;
	try {
		return await waitFor(async () => {
			last = await show(node);
			return ok(last) ? last : undefined;
		}, timeoutMs, what, 100);
	} catch (e) {
		throw new Error(`${(e as Error).message}; last shown: '${last?.label}' — '${last?.description}' (${last?.icon})`);
	}
}

export function hasToken(contextValue: string, token: string): boolean {
	return contextValue.split(';').includes(token);
}

/** A prompter that also answers the open-file dialog (Add Face from Image). */
export class DialogPrompter extends ScriptedPrompter {
	readonly dialogs: vscode.OpenDialogOptions[] = [];

	constructor(answers: readonly ScriptedAnswer[], private readonly files: Array<vscode.Uri | undefined> = []) {
		super(answers);
	}

	override async openDialog(options: vscode.OpenDialogOptions): Promise<vscode.Uri[] | undefined> {
		this.dialogs.push(options);
		const file = this.files.shift();
		return file ? [file] : undefined;
	}
}

/** A Face REST call made by the test itself (not through the extension). */
export async function faceCall(endpoint: string, key: string, method: string, path: string, body?: unknown): Promise<Response> {
	const res = await fetch(`${endpoint}/face/v1.2${path}`, {
		method,
		headers: { 'Ocp-Apim-Subscription-Key': key, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (!res.ok) {
		throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
	}
	return res;
}
