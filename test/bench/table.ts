/** Prints bench rows with their ratios, targets and PASS/FAIL; returns what failed. */
import { formatSeconds, type Measured } from './measure';

export interface Line {
	readonly m: Measured;
	/** The SDK row of the same duration (the ratio's denominator); none for an SDK row. */
	readonly sdk?: Measured;
	/** Lag target, emulated ms (ours only). */
	readonly lagTarget?: number;
	/** Highest allowed polls / SDK polls. */
	readonly pollTarget?: number;
	readonly note?: string;
}

/** F0's limit: ours never spends more in any emulated minute. */
export const MAX_PER_MINUTE = 20;

function pad(s: string, n: number, right = false): string {
	return right ? s.padStart(n) : s.padEnd(n);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export function printTable(title: string, lines: readonly Line[]): string[] {
	const failures: string[] = [];
	const header = [pad('training', 9), pad('scale', 5, true), ' ', pad('poller', 17), pad('predicted', 9, true), pad('polls', 5, true), pad('calls', 5, true), pad('lag', 8, true), pad('lag ≤', 7, true), pad('polls/SDK', 9, true), pad('ratio ≤', 7, true), pad('max/min', 7, true), ' result'];
	console.log('');
	console.log(title);
	console.log(header.join(' '));
	console.log('-'.repeat(header.join(' ').length));
	for (const { m, sdk, lagTarget, pollTarget, note } of lines) {
		const ours = sdk !== undefined;
		const ratio = sdk ? m.polls / sdk.polls : undefined;
		const problems: string[] = [];
		if (lagTarget !== undefined && m.lagMs > lagTarget) {
			problems.push(`lag ${seconds(m.lagMs)} > ${seconds(lagTarget)}`);
		}
		if (pollTarget !== undefined && ratio !== undefined && ratio > pollTarget) {
			problems.push(`${m.polls} polls = ${ratio.toFixed(3)} of the SDK's ${sdk!.polls} > ${pollTarget.toFixed(3)}`);
		}
		if (ours && m.maxPerMinute > MAX_PER_MINUTE) {
			problems.push(`${m.maxPerMinute} calls in one minute > ${MAX_PER_MINUTE}`);
		}
		const result = !ours ? '' : problems.length === 0 ? 'PASS' : 'FAIL';
		console.log([
			pad(formatSeconds(m.durationMs), 9),
			pad(`×${m.scale}`, 5, true),
			' ',
			pad(m.poller, 17),
			pad(m.predictedMs === undefined ? '—' : formatSeconds(Math.round(m.predictedMs / 100) * 100), 9, true),
			pad(String(m.polls), 5, true),
			pad(String(m.calls), 5, true),
			pad(seconds(m.lagMs), 8, true),
			pad(lagTarget === undefined ? '' : `${(lagTarget / 1000).toFixed(1)} s`, 7, true),
			pad(ratio === undefined ? '' : ratio.toFixed(3), 9, true),
			pad(pollTarget === undefined ? (ours ? '—' : '') : pollTarget.toFixed(3), 7, true),
			pad(String(m.maxPerMinute), 7, true),
			` ${result}`,
		].join(' '));
		if (note) {
			console.log(`${' '.repeat(17)}(${note})`);
		}
		if (problems.length > 0) {
			failures.push(`${title.split(':')[0]}, ${formatSeconds(m.durationMs)} ${m.poller}: ${problems.join('; ')}`);
		}
	}
	return failures;
}
