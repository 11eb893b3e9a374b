/**
 * Loads the enrollment bundle (`dist/enroll.js`: the run of an enrollment, its engine and the folder plan) on
 * the first enrollment, so that activation does not pay for it (like the Face bundle, faceLoader.ts). In the
 * bundle `./enroll.js` is external (esbuild.mjs) and resolves next to `dist/extension.js`; unbundled (`out/`,
 * the tests) it falls back to the compiled `./enrollment` module.
 */
import type * as EnrollModule from './enrollment';

export type EnrollBundle = typeof EnrollModule;

let loaded: EnrollBundle | undefined;

export function loadEnrollment(): EnrollBundle {
	if (!loaded) {
		try {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			loaded = require('./enroll.js') as EnrollBundle;
		} catch (e) {
			if ((e as NodeJS.ErrnoException)?.code !== 'MODULE_NOT_FOUND' || !String((e as Error).message).includes('enroll.js')) {
				throw e;
			}
			// A computed specifier keeps esbuild from inlining the module into the extension bundle.
			const unbundled = ['.', 'enrollment'].join('/');
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			loaded = require(unbundled) as EnrollBundle;
		}
	}
	return loaded;
}

/** True once the bundle has been loaded (activation must not load it). */
export function isEnrollmentLoaded(): boolean {
	return loaded !== undefined;
}
