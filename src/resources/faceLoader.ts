/**
 * Loads the Face client bundle (`dist/face.js`: the Face SDK and undici) on first use, so activation
 * never pays for undici. In the bundle, `./face.js` is external (see esbuild.mjs) and resolves next to
 * `dist/extension.js`; when the sources run unbundled (`out/`, the unit tests), it falls back to the
 * compiled `../face/index` module (shared/lazyBundle.ts).
 */
import type * as FaceModule from '../face/index';
import { lazyBundle } from '../shared/lazyBundle';

export type FaceBundle = typeof FaceModule;

/** `loadFace()`: the bundle, required on the first call; `isFaceLoaded()`: whether it was (activation must not load it). */
export const { load: loadFace, isLoaded: isFaceLoaded } = lazyBundle<FaceBundle>(require, 'face', '../face/index');
