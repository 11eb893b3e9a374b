/**
 * What a try of a picture produced, as the result panel shows it and keeps it (its webview state): the
 * picture, one entry per detected face (its box, what matched it, its quality attributes), the target, the
 * models used and the calls it cost. Plain data: it is posted to the webview and restored from its state.
 */
import type { ContainerKind } from '../face/kinds';
import type { FaceRectangle } from '../face/types';

export type TryMode = 'identify' | 'similar' | 'verify' | 'detect';

/** The results panel's webview type (its serializer restores it after a reload). */
export const RESULTS_VIEW_TYPE = 'azureFace.faceResults';

export interface TryTarget {
	readonly resourceId: string;
	readonly resourceLabel: string;
	readonly kind?: ContainerKind;
	readonly containerId?: string;
	/** The container's name (or id). */
	readonly label?: string;
	/** Verify: the person. */
	readonly personId?: string;
	readonly personName?: string;
	/** Find similar: `matchPerson` or `matchFace`. */
	readonly matchMode?: 'matchPerson' | 'matchFace';
}

/** A candidate person (identify), a similar face (find similar) or the verified person (verify). */
export interface TryMatch {
	/** personId, or persistedFaceId / faceId. */
	readonly id: string;
	/** The person's name, or the face's userData. */
	readonly name?: string;
	readonly confidence: number;
	/** Verify: the service's own verdict (at its default threshold). */
	readonly isIdentical?: boolean;
}

export interface TryFace {
	readonly rect: FaceRectangle;
	/** Best first. Empty: nobody (identify), nothing similar (find similar). */
	readonly matches: readonly TryMatch[];
	/** Quality attributes as the service sent them (qualityForRecognition, headPose, blur, …). */
	readonly attributes?: Readonly<Record<string, unknown>>;
	/** Set when this face was not sent on (more faces than the call takes). */
	readonly skipped?: string;
}

export interface TryResult {
	readonly version: 1;
	readonly mode: TryMode;
	readonly target: TryTarget;
	readonly image: { readonly name: string; readonly path: string; readonly mime: string };
	readonly faces: readonly TryFace[];
	readonly recognitionModel: string;
	readonly detectionModel: string;
	/** Things the person should know (a model the container uses, faces left out). */
	readonly notes: readonly string[];
	/** ISO time of the try. */
	readonly at: string;
	/** Face calls it made (each a billed transaction). */
	readonly calls: number;
}

/** What a panel shows and keeps: one result, or several in a grid. */
export interface PanelState {
	readonly version: 1;
	readonly results: ReadonlyArray<TryResult & { readonly dataUrl: string }>;
	/** The confidence cut-off of the slider (0–1). */
	readonly threshold: number;
}

/** The cut-off a panel opens with: the service's default for identify and verify. */
export const DEFAULT_THRESHOLD = 0.5;

/** The result as Copy as JSON gives it: without the picture's bytes; one result at the top level, several in `results`. */
export function resultJson(results: ReadonlyArray<TryResult & { readonly dataUrl?: string }>, threshold: number): string {
	const plain = results.map(({ version: _v, dataUrl: _d, ...rest }) => rest);
	return JSON.stringify(plain.length === 1 ? { threshold, ...plain[0] } : { threshold, results: plain }, null, 2);
}
