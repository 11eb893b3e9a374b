/**
 * `azureFace.pageSize`: entries per list call (1–1000). `azureFace.loadAllLimit`: *Load All* stops after this many entries under one node. A Large Face List can
 * hold 1,000,000 faces: loading them all would take 1,000 billed calls and a tree of a million rows that the
 * extension host and the view cannot hold responsively; past the limit, *Load more…* still pages on.
 */
import * as vscode from 'vscode';

export const LOAD_ALL_LIMIT_SETTING = 'azureFace.loadAllLimit';
export const DEFAULT_LOAD_ALL_LIMIT = 10_000;
const MIN_LOAD_ALL_LIMIT = 1000;
const MAX_LOAD_ALL_LIMIT = 100_000;

export function readLoadAllLimit(): number {
	const value = vscode.workspace.getConfiguration().get<number>(LOAD_ALL_LIMIT_SETTING, DEFAULT_LOAD_ALL_LIMIT);
	return Number.isFinite(value) ? Math.max(MIN_LOAD_ALL_LIMIT, Math.min(MAX_LOAD_ALL_LIMIT, Math.floor(value))) : DEFAULT_LOAD_ALL_LIMIT;
}

export const PAGE_SIZE_SETTING = 'azureFace.pageSize';
const DEFAULT_PAGE_SIZE = 100;

export function readPageSize(): number {
	const value = vscode.workspace.getConfiguration().get<number>(PAGE_SIZE_SETTING, DEFAULT_PAGE_SIZE);
	return Number.isFinite(value) ? Math.max(1, Math.min(1000, Math.floor(value))) : DEFAULT_PAGE_SIZE;
}
