/** The host cannot be set up on this machine; `message` says what is missing and how to get it. */
export class HostSetupError extends Error {
	override readonly name = 'HostSetupError';

	static is(e: unknown): e is HostSetupError {
		return (e as { name?: unknown } | undefined)?.name === 'HostSetupError';
	}
}
