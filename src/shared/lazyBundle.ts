/**
 * A bundle loaded on first use (dist/face.js, images.js, enroll.js), so that activation never pays for it.
 * In the build, `./<name>.js` is external (esbuild.mjs) and sits next to the bundle that asks for it; when
 * the sources run unbundled (`out/`, the tests' compiled sources), it falls back to the compiled module.
 * Both are required with the caller's own `require`, so that they resolve next to the caller; and neither is
 * a literal `require('…')` here, so esbuild never inlines them into the bundle that holds this module.
 */

/** The `require` of the module that loads a bundle. */
export type ModuleRequire = (id: string) => unknown;

export interface LazyBundle<T> {
	/** The bundle's exports, required on the first call. */
	load(): T;
	/** True once the bundle has been required (the activation test: nothing loads it eagerly). */
	isLoaded(): boolean;
}

/** `name`: the bundle's file in dist/ without `.js`; `unbundled`: the compiled module, relative to the caller. */
export function lazyBundle<T>(callerRequire: ModuleRequire, name: string, unbundled: string): LazyBundle<T> {
	let loaded: T | undefined;
	return {
		load: () => (loaded ??= requireBundle<T>(callerRequire, name, unbundled)),
		isLoaded: () => loaded !== undefined,
	};
}

function requireBundle<T>(callerRequire: ModuleRequire, name: string, unbundled: string): T {
	const file = `${name}.js`;
	try {
		return callerRequire(`./${file}`) as T;
	} catch (e) {
		if ((e as NodeJS.ErrnoException)?.code !== 'MODULE_NOT_FOUND' || !String((e as Error).message).includes(file)) {
			throw e;
		}
		return callerRequire(unbundled) as T;
	}
}
