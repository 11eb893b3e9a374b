/**
 * Loaded by test/unit/.mocharc.json (`require`): when no unit test ran (a `--grep` that matches nothing, an
 * empty spec glob), says so. `fail-zero` in the same file makes such a run exit 1.
 */
import type { Runner } from 'mocha';

export const mochaHooks = {};

export function mochaGlobalSetup(this: Runner): void {
	this.on('end', () => {
		if (this.stats && this.stats.passes + this.stats.failures === 0) {
			console.error('No unit test ran (does --grep match any test title?): a run that proves nothing fails.');
		}
	});
}
