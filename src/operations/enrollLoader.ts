/**
 * Loads the enrollment bundle (`dist/enroll.js`: the run of an enrollment, its engine and the folder plan) on
 * the first enrollment, so that activation does not pay for it (like the Face bundle, shared/lazyBundle.ts). In
 * the bundle `./enroll.js` is external (esbuild.mjs) and resolves next to `dist/extension.js`; unbundled (`out/`,
 * the tests) it falls back to the compiled `./enrollment` module.
 */
import type * as EnrollModule from './enrollment';
import { lazyBundle } from '../shared/lazyBundle';

export type EnrollBundle = typeof EnrollModule;

/** `loadEnrollment()`: the bundle, required on the first call; `isEnrollmentLoaded()`: whether it was (activation must not load it). */
export const { load: loadEnrollment, isLoaded: isEnrollmentLoaded } = lazyBundle<EnrollBundle>(require, 'enroll', './enrollment');
