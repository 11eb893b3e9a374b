import { spawn, type SpawnOptions } from 'child_process';
import * as fs from 'fs';

/** Environment for child processes: ours minus variables that make VS Code binaries act as a CLI of another instance. */
export function cleanEnv(extra: Record<string, string | undefined> = {}, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [k, v] of Object.entries(base)) {
		if (!k.startsWith('VSCODE_') && !k.startsWith('ELECTRON_')) {
			env[k] = v;
		}
	}
	for (const [k, v] of Object.entries(extra)) {
		if (v === undefined) {
			delete env[k];
		} else {
			env[k] = v;
		}
	}
	return env;
}

export interface RunResult {
	code: number;
	output: string;
}

/** Runs a command to completion, collecting stdout+stderr (and appending them to `logFile` if given). */
export function run(command: string, args: string[], options: SpawnOptions & { logFile?: string } = {}): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
		const log = options.logFile ? fs.createWriteStream(options.logFile, { flags: 'a' }) : undefined;
		let output = '';
		const onData = (chunk: Buffer): void => {
			output += chunk.toString();
			if (output.length > 1_000_000) {
				output = output.slice(-500_000);
			}
			log?.write(chunk);
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
		child.on('error', (e) => {
			log?.end();
			reject(e);
		});
		child.on('close', (code, signal) => {
			const result = { code: code ?? (signal ? 128 : 1), output };
			if (log) {
				log.end(() => resolve(result));
			} else {
				resolve(result);
			}
		});
	});
}

/** True when an executable named `name` is on PATH. */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
	for (const dir of (env.PATH ?? '').split(':')) {
		if (dir) {
			try {
				fs.accessSync(`${dir}/${name}`, fs.constants.X_OK);
				return true;
			} catch {
				// keep looking
			}
		}
	}
	return false;
}

/** Pids of other processes whose working directory is `dir` or inside it (Linux /proc; empty elsewhere). */
export function processesWorkingIn(dir: string): number[] {
	let entries: string[];
	try {
		entries = fs.readdirSync('/proc');
	} catch {
		return [];
	}
	const pids: number[] = [];
	for (const entry of entries) {
		const pid = Number(entry);
		if (!Number.isInteger(pid) || pid === process.pid) {
			continue;
		}
		try {
			const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
			if (cwd === dir || cwd.startsWith(dir + '/')) {
				pids.push(pid);
			}
		} catch {
			// gone, or not ours to read
		}
	}
	return pids;
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
