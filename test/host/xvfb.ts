// A private X display for desktop VS Code (Electron) on a headless Linux machine.
import { spawn } from 'child_process';
import { onPath } from './proc';
import type { Session } from './session';

/** Sets DISPLAY to a fresh Xvfb display when none is set and Xvfb exists; returns what it did. */
export async function ensureDisplay(session: Session): Promise<string> {
	if (process.platform !== 'linux' || process.env.DISPLAY) {
		return process.env.DISPLAY ? `using DISPLAY=${process.env.DISPLAY}` : 'no X display needed';
	}
	if (!onPath('Xvfb')) {
		return 'no DISPLAY and no Xvfb (apt-get install -y xvfb): Electron may fail to start';
	}
	// -displayfd: Xvfb picks a free display number and writes it to fd 3 when ready.
	const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
		stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
	});
	session.add('Xvfb', () => {
		xvfb.kill('SIGTERM');
	});
	const display = await new Promise<string>((resolve, reject) => {
		let text = '';
		const fd3 = xvfb.stdio[3] as NodeJS.ReadableStream;
		fd3.on('data', (chunk: Buffer) => {
			text += chunk.toString();
			if (text.includes('\n')) {
				resolve(text.trim());
			}
		});
		xvfb.on('exit', (code) => reject(new Error(`Xvfb exited with code ${code}`)));
		setTimeout(() => reject(new Error('Xvfb did not start within 20 s')), 20_000).unref();
	});
	process.env.DISPLAY = `:${display}`;
	return `started Xvfb on DISPLAY=:${display}`;
}
