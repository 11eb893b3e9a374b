/**
 * Loads the images bundle (`dist/images.js`: the results panel and the runner) on first use, so that
 * activation and the commands' registration never pay for it. In the bundle, `./images.js` is external
 * (esbuild.mjs) and sits next to `dist/extension.js`; unbundled (`out/`, the tests' compiled sources) it
 * falls back to the compiled `./index` module. Like the Face bundle (resources/faceLoader.ts).
 */
import type * as ImagesModule from './index';

export type ImagesBundle = typeof ImagesModule;

let loaded: ImagesBundle | undefined;

export function loadImages(): ImagesBundle {
	if (!loaded) {
		loaded = requireImagesBundle();
	}
	return loaded;
}

/** True once the bundle has been required (the activation test: nothing loads it eagerly). */
export function isImagesLoaded(): boolean {
	return loaded !== undefined;
}

function requireImagesBundle(): ImagesBundle {
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		return require('./images.js') as ImagesBundle;
	} catch (e) {
		if ((e as NodeJS.ErrnoException)?.code !== 'MODULE_NOT_FOUND' || !String((e as Error).message).includes('images.js')) {
			throw e;
		}
		// A computed specifier keeps esbuild from inlining the module into the extension bundle.
		const unbundled = ['.', 'index'].join('/');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		return require(unbundled) as ImagesBundle;
	}
}
