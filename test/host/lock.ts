import * as fs from 'fs';

const POLL_MS = 2000;

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function readOwner(lockPath: string): number | undefined {
	try {
		const pid = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
		return Number.isFinite(pid) ? pid : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Runs `fn` while holding an exclusive lock file (created with O_EXCL, containing our pid).
 * A lock left by a process that no longer exists is taken over; a live owner is waited for.
 */
export async function withLock<T>(lockPath: string, fn: () => Promise<T>, onWait?: (ownerPid: number) => void): Promise<T> {
	let told = false;
	for (;;) {
		try {
			const fd = fs.openSync(lockPath, 'wx');
			fs.writeSync(fd, String(process.pid));
			fs.closeSync(fd);
			break;
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
				throw e;
			}
		}
		const owner = readOwner(lockPath);
		if (owner === undefined || !isAlive(owner)) {
			// Stale (or half-written) lock: remove it unless it was just (re)written by someone else.
			const stat = fs.statSync(lockPath, { throwIfNoEntry: false });
			if (!stat || owner !== undefined || Date.now() - stat.mtimeMs > 10_000) {
				fs.rmSync(lockPath, { force: true });
				continue;
			}
		} else if (!told) {
			told = true;
			onWait?.(owner);
		}
		await new Promise((resolve) => setTimeout(resolve, POLL_MS));
	}
	try {
		return await fn();
	} finally {
		if (readOwner(lockPath) === process.pid) {
			fs.rmSync(lockPath, { force: true });
		}
	}
}
