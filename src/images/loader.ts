/**
 * Loads the images bundle (`dist/images.js`: the results panel and the runner) on first use, so that
 * activation and the commands' registration never pay for it. In the bundle, `./images.js` is external
 * (esbuild.mjs) and sits next to `dist/extension.js`; unbundled (`out/`, the tests' compiled sources) it
 * falls back to the compiled `./index` module. Like the Face bundle (shared/lazyBundle.ts).
 */
import type * as ImagesModule from './index';
import { lazyBundle } from '../shared/lazyBundle';

export type ImagesBundle = typeof ImagesModule;

/** `loadImages()`: the bundle, required on the first call; `isImagesLoaded()`: whether it was (activation must not load it). */
export const { load: loadImages, isLoaded: isImagesLoaded } = lazyBundle<ImagesBundle>(require, 'images', './index');
