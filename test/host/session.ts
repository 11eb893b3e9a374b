// Lifecycle of a launcher: everything it starts registers a cleanup; cleanups run (in reverse) on
// normal exit, on error, on SIGINT/SIGTERM and on the overall timeout.
import { HostSetupError } from './errors';

interface Cleanup {
	name: string;
	fn: () => Promise<void> | void;
}

export class Session {
	private readonly cleanups: Cleanup[] = [];

	/** Registers a cleanup; returns `fn` for convenience. */
	add(name: string, fn: () => Promise<void> | void): void {
		this.cleanups.push({ name, fn });
	}

	async close(): Promise<void> {
		while (this.cleanups.length) {
			const { name, fn } = this.cleanups.pop()!;
			try {
				await Promise.race([
					Promise.resolve().then(fn),
					new Promise((_, reject) => setTimeout(() => reject(new Error('took longer than 20 s')), 20_000).unref()),
				]);
			} catch (e) {
				console.error(`[host] stopping ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
			}
		}
	}
}

export interface MainOptions {
	/** Overall time limit (overridable with FACE_TEST_HOST_TIMEOUT_MS). */
	timeoutMs: number;
}

/** Runs `main` and exits with its code after cleaning up; handles signals and the overall timeout. */
export function runMain(name: string, main: (session: Session) => Promise<number>, options: MainOptions): void {
	const session = new Session();
	let finishing = false;
	const finish = (code: number): void => {
		if (finishing) {
			return;
		}
		finishing = true;
		session.close().finally(() => process.exit(code));
	};
	const onSignal = (signal: NodeJS.Signals, code: number): void => {
		if (finishing) {
			console.error(`[host] ${signal} again: exiting now.`);
			process.exit(code);
		}
		console.error(`\n[host] ${name}: ${signal}, stopping everything it started…`);
		finish(code);
	};
	// Playwright can throw from its dispatcher while the browser closes under it: never let that skip the cleanups.
	const onUnexpected = (e: unknown): void => {
		const text = e instanceof Error ? e.message : String(e);
		if (finishing) {
			console.error(`[host] ignored during shutdown: ${text}`);
		} else {
			console.error(`[host] ${name}: unexpected error:`, e);
			finish(1);
		}
	};
	process.on('uncaughtException', onUnexpected);
	process.on('unhandledRejection', onUnexpected);
	process.on('SIGINT', () => onSignal('SIGINT', 130));
	process.on('SIGTERM', () => onSignal('SIGTERM', 143));
	process.on('SIGHUP', () => onSignal('SIGHUP', 129));
	const timeoutMs = Number(process.env.FACE_TEST_HOST_TIMEOUT_MS) || options.timeoutMs;
	if (timeoutMs > 0) {
		setTimeout(() => {
			console.error(`[host] ${name}: timed out after ${Math.round(timeoutMs / 1000)} s (FACE_TEST_HOST_TIMEOUT_MS); stopping.`);
			finish(124);
		}, timeoutMs).unref();
	}
	main(session).then(finish, (e: unknown) => {
		if (finishing) {
			return; // interrupted: the error is the consequence of stopping things
		}
		if (HostSetupError.is(e)) {
			console.error(`[host] ${name}: the test host is not available.\n${e.message}`);
			finish(2);
		} else {
			console.error(`[host] ${name} failed:`, e);
			finish(1);
		}
	});
}
