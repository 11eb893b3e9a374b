/** The operations part's settings (`contributes.configuration` in package.json). */
import * as vscode from 'vscode';
import type { ScheduleOptions } from './schedule';

export const MAX_POLL_INTERVAL_SETTING = 'training.maxPollIntervalSeconds';

/** Read at the start of every follow, so a changed setting applies to the next training (or resume). */
export function readScheduleSettings(): Partial<ScheduleOptions> {
	const seconds = vscode.workspace.getConfiguration('azureFace').get<number>(MAX_POLL_INTERVAL_SETTING);
	if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
		return {};
	}
	return { maxIntervalMs: Math.min(300, Math.max(5, seconds)) * 1000 };
}
