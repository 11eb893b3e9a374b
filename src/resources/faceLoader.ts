/**
 * Loads the Face client bundle (`dist/face.js`: the Face SDK and undici) on first use, so activation
 * never pays for undici. In the bundle, `./face.js` is external (see esbuild.mjs) and resolves next to
 * `dist/extension.js`; when the sources run unbundled (`out/`, the unit tests), it falls back to the
 * compiled `../face/index` module (shared/lazyBundle.ts).
 */
import type * as FaceModule from '../face/index';
import { lazyBundle } from '../shared/lazyBundle';

export type FaceBundle = typeof FaceModule;

const bundle = lazyBundle<FaceBundle>(require, 'face', '../face/index');

export function loadFace(): FaceBundle {
	return bundle.load();
}

/** True once the bundle has been required (used by the activation test: nothing loads it eagerly). */
export function isFaceLoaded(): boolean {
	return bundle.isLoaded();
}
