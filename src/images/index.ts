/**
 * The entry of the lazily loaded images bundle (`dist/images.js`, esbuild.mjs): the picture workflows, the
 * runner of a try and the results panel. Loaded by `loader.ts` on the first picture command or restored panel, never at activation.
 * Nothing here may hold state the rest of the extension shares (a second copy of a module lives in this
 * bundle): what it needs from the extension is passed in.
 */
export { ResultPanels, type PanelReport, type ResultPanel, type RevealRequest } from './panel';
export { runTry, isModelMismatch, MAX_FACES_PER_CALL, type KnownNames, type TrySpec } from './run';
export { tryPictures } from './flow';
export type { TryHost, PickedContainer, PickedPerson } from './host';
