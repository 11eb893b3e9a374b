// Starts the Face emulator for a launcher and describes it to the extension host through env vars.
import { randomBytes } from 'crypto';
import { type Emulator, type EmulatorOptions, startEmulator } from '../emulator/server';
import type { Session } from './session';

export async function startHostEmulator(session: Session, options: EmulatorOptions = {}): Promise<Emulator> {
	const emulator = await startEmulator({ port: 0, key: `test-${randomBytes(12).toString('hex')}`, ...options });
	session.add('emulator', () => emulator.close());
	return emulator;
}

/** `FACE_EMULATOR_*` for the extension host; read by test/integration/helpers.ts. */
export function emulatorEnv(emulator: Emulator): Record<string, string> {
	return {
		FACE_EMULATOR_ENDPOINT: emulator.endpoint,
		FACE_EMULATOR_KEY: emulator.key,
		FACE_EMULATOR_CONTROL: `${emulator.endpoint}/_emulator`,
	};
}

/** `FACE_EXPLORER_DEFAULT_RESOURCE`: makes the extension add the emulator as a resource on activation. */
export function defaultResourceEnv(emulator: Emulator, label = 'Face emulator'): Record<string, string> {
	return {
		FACE_EXPLORER_DEFAULT_RESOURCE: JSON.stringify({ endpoint: emulator.endpoint, label, key: emulator.key, apiVersion: 'v1.2' }),
	};
}
