/**
 * Loads the enrollment bundle (`dist/enroll.js`: the run of an enrollment, its engine and the folder plan) on
 * the first enrollment, so that activation does not pay for it (like the Face bundle, shared/lazyBundle.ts). In
 * the bundle `./enroll.js` is external (esbuild.mjs) and resolves next to `dist/extension.js`; unbundled (`out/`,
 * the tests) it falls back to the compiled `./enrollment` module.
 */
import type * as EnrollModule from './enrollment';
import { lazyBundle } from '../shared/lazyBundle';

export type EnrollBundle = typeof EnrollModule;

const bundle = lazyBundle<EnrollBundle>(require, 'enroll', './enrollment');

export function loadEnrollment(): EnrollBundle {
	return bundle.load();
}

/** True once the bundle has been loaded (activation must not load it). */
export function isEnrollmentLoaded(): boolean {
	return bundle.isLoaded();
}
