/**
 * Loads the Face client bundle (`dist/face.js`: the Face SDK and undici) on first use, so activation
 * never pays for undici. In the bundle, `./face.js` is external (see esbuild.mjs) and resolves next to
 * `dist/extension.js`; when the sources run unbundled (`out/`, the unit tests), it falls back to the
 * compiled `./face/index` module.
 */
import type * as FaceModule from '../face/index';

export type FaceBundle = typeof FaceModule;

let loaded: FaceBundle | undefined;

export function loadFace(): FaceBundle {
	if (!loaded) {
		loaded = requireFaceBundle();
	}
	return loaded;
}

/** True once the bundle has been required (used by the activation test: nothing loads it eagerly). */
export function isFaceLoaded(): boolean {
	return loaded !== undefined;
}

function requireFaceBundle(): FaceBundle {
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		return require('./face.js') as FaceBundle;
	} catch (e) {
		if ((e as NodeJS.ErrnoException)?.code !== 'MODULE_NOT_FOUND' || !String((e as Error).message).includes('face.js')) {
			throw e;
		}
		// Unbundled (tsc output): the module sits at ../face/index.js. A computed specifier keeps esbuild
		// from inlining it into the extension bundle.
		const unbundled = ['..', 'face', 'index'].join('/');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		return require(unbundled) as FaceBundle;
	}
}
