/**
 * `npm run bench`: our schedule (starter + follower) against the official SDK poller, on the emulator, for
 * trainings of 5 s, 60 s and 10 min of emulated time. Prints polls, detection lag, the ratio of polls and the
 * most calls in any minute, and whether the targets hold:
 *   at ≥ 60 s, ≤ 1/10 of the SDK's polls with lag ≤ max(2 s, 10 % of the duration); never > 20 calls/min.
 *
 * Time scaling: a row with scale N runs the emulator's trainings N times faster (`timeScale`), follows ours on
 * a clock N times faster (`scaledClock(N)`: every schedule delay is slept for 1/N of its length; the
 * service's durations and Retry-After are multiplied by N), and gives the SDK `intervalInMs: 2000 / N`
 * (its default 2 s of emulated time). Lags and call times are real times × N. What scaling does not scale:
 * HTTP round trips and timer slack (~1–5 ms real, more on a busy machine) grow N-fold in emulated time, so at N = 40 each poll
 * "costs" ~0.05–0.2 s of emulated time. That slightly lowers the SDK's poll count (below ⌈T / 2 s⌉ + 1) and
 * adds the same slack to both lags; the real-speed SDK count is shown for comparison. Our client's rate
 * budget runs in real time and is replaced by an unlimited one here (see ours.ts).
 */
import { type Emulator, startEmulator } from '../emulator/server';
import { formatSeconds, type Measured } from './measure';
import { runOurs } from './ours';
import { runSdk, SDK_INTERVAL_MS } from './sdk';

interface Row {
	readonly durationMs: number;
	readonly scale: number;
}

const ROWS: readonly Row[] = [
	{ durationMs: 5_000, scale: 1 },
	{ durationMs: 60_000, scale: 10 },
	{ durationMs: 600_000, scale: 40 },
];

const CONTAINER = 'staff';

async function measureRow(emu: Emulator, row: Row): Promise<Measured[]> {
	await emu.control.reset();
	await emu.control.seed('demo');
	await emu.control.setConfig({ profile: 's0', rateLimit: false, trainingMs: row.durationMs, trainingMsPerEntry: 0, timeScale: row.scale });
	// Never trained: no prediction. Then the same container again: its previous training is the prediction.
	const cold = await runOurs(emu, CONTAINER, row.durationMs, row.scale, 'ours, cold');
	const warm = await runOurs(emu, CONTAINER, row.durationMs, row.scale, 'ours, predicted');
	const sdk = await runSdk(emu, CONTAINER, row.durationMs, row.scale);
	return [cold, warm, sdk];
}

function pad(s: string, n: number, right = false): string {
	return right ? s.padStart(n) : s.padEnd(n);
}

function lagTarget(durationMs: number): number {
	return Math.max(2000, 0.1 * durationMs);
}

async function main(): Promise<void> {
	const wallStart = Date.now();
	const emu = await startEmulator({ seed: 'demo' });
	const results: Measured[][] = [];
	try {
		for (const row of ROWS) {
			process.stderr.write(`… ${formatSeconds(row.durationMs)} training at time scale ${row.scale}\n`);
			results.push(await measureRow(emu, row));
		}
	} finally {
		await emu.close();
	}

	const header = [pad('training', 9), pad('scale', 6, true), '  ', pad('poller', 16), pad('polls', 6, true), pad('calls', 6, true), pad('lag', 9, true), pad('lag target', 11, true), pad('polls/SDK', 10, true), pad('max calls/min', 14, true)];
	console.log(header.join(' '));
	console.log('-'.repeat(header.join(' ').length));
	const failures: string[] = [];
	for (const rows of results) {
		const sdk = rows[rows.length - 1];
		for (const m of rows) {
			const ratio = m === sdk ? '' : `${(m.polls / sdk.polls).toFixed(3)}`;
			console.log([
				pad(formatSeconds(m.durationMs), 9),
				pad(`×${m.scale}`, 6, true),
				'  ',
				pad(m.poller, 16),
				pad(String(m.polls), 6, true),
				pad(String(m.calls), 6, true),
				pad(`${(m.lagMs / 1000).toFixed(2)} s`, 9, true),
				pad(`${(lagTarget(m.durationMs) / 1000).toFixed(0)} s`, 11, true),
				pad(ratio, 10, true),
				pad(String(m.maxPerMinute), 14, true),
			].join(' '));
		}
		const realSpeedSdk = Math.ceil(sdk.durationMs / SDK_INTERVAL_MS) + 1;
		console.log(`${' '.repeat(19)}(the SDK at real speed: ~${realSpeedSdk} polls; ours predicted / that = ${(rows[1].polls / realSpeedSdk).toFixed(3)})`);
		const warm = rows[1];
		const tag = formatSeconds(warm.durationMs);
		if (warm.durationMs >= 60_000 && warm.polls * 10 > sdk.polls) {
			failures.push(`${tag}: ${warm.polls} polls with a prediction vs ${sdk.polls} for the SDK (> 1/10)`);
		}
		if (warm.lagMs > lagTarget(warm.durationMs)) {
			failures.push(`${tag}: lag ${(warm.lagMs / 1000).toFixed(2)} s with a prediction > ${lagTarget(warm.durationMs) / 1000} s`);
		}
		for (const m of rows.slice(0, -1)) {
			if (m.maxPerMinute > 20) {
				failures.push(`${tag}, ${m.poller}: ${m.maxPerMinute} calls in one minute (> 20)`);
			}
		}
	}
	console.log('');
	console.log('polls: status GETs after the train call. calls: every billed call for the training (ours: the status read');
	console.log('that gives the prediction, the POST, the polls; SDK: the POST and the polls). lag: true end → the poll that saw it.');
	console.log("cold: the container's first training (no prediction); predicted: its next one (the previous took as long).");
	console.log('');
	console.log('Targets (predicted, ≥ 60 s): polls ≤ 1/10 of the SDK\'s; lag ≤ max(2 s, 10 %); ours never > 20 calls/min:');
	console.log(failures.length === 0 ? '  all hold.' : failures.map((f) => `  FAILED ${f}`).join('\n'));
	console.log(`(wall time ${((Date.now() - wallStart) / 1000).toFixed(1)} s)`);
	if (failures.length > 0) {
		process.exitCode = 1;
	}
}

main().catch((e) => {
	console.error(e);
	process.exitCode = 1;
});
