/**
 * Detect, identify, find-similar and verify (v1.0 … v1.2 wire shapes). These POSTs only compute, so they
 * are retried like idempotent requests.
 */
import type { Pipeline } from './pipeline';
import { query, requireChildren } from './routes';
import { toDetectedFaces, toIdentifyResults, toSimilarFaces, toVerifyResult } from './shapes';
import type { ContainerKind } from './kinds';
import type {
	CallOptions,
	DetectedFace,
	DetectOptions,
	FindSimilarOptions,
	IdentifyOptions,
	IdentifyResult,
	ImageSource,
	SimilarFace,
	VerifyResult,
} from './types';

/** JSON `{url}` or raw bytes, as every image-taking call accepts. */
export function imageBody(image: ImageSource): { json?: unknown; bytes?: Uint8Array } {
	return 'bytes' in image ? { bytes: image.bytes } : { json: { url: image.url } };
}

export function detect(pipe: Pipeline, image: ImageSource, o: DetectOptions = {}): Promise<DetectedFace[]> {
	const q = query({
		returnFaceId: o.returnFaceId ?? true,
		returnFaceLandmarks: o.returnFaceLandmarks,
		returnFaceAttributes: o.returnFaceAttributes && o.returnFaceAttributes.length > 0 ? o.returnFaceAttributes.join(',') : undefined,
		recognitionModel: o.recognitionModel,
		detectionModel: o.detectionModel,
		returnRecognitionModel: o.returnRecognitionModel,
		faceIdTimeToLive: o.faceIdTimeToLive,
	});
	return pipe.callJson({ method: 'POST', target: `/detect${q}`, ...imageBody(image), retry: 'idempotent', signal: o.signal }, toDetectedFaces);
}

export function identify(
	pipe: Pipeline,
	faceIds: readonly string[],
	target: { kind: ContainerKind; id: string },
	o: IdentifyOptions = {},
): Promise<IdentifyResult[]> {
	const info = requireChildren(target.kind, 'persons');
	const json = {
		faceIds,
		[info.idField]: target.id,
		maxNumOfCandidatesReturned: o.maxNumOfCandidatesReturned,
		confidenceThreshold: o.confidenceThreshold,
	};
	return pipe.callJson({ method: 'POST', target: '/identify', json, retry: 'idempotent', signal: o.signal }, toIdentifyResults);
}

export function findSimilar(
	pipe: Pipeline,
	faceId: string,
	target: { kind: ContainerKind; id: string } | { faceIds: readonly string[] },
	o: FindSimilarOptions = {},
): Promise<SimilarFace[]> {
	const where = 'faceIds' in target ? { faceIds: target.faceIds } : { [requireChildren(target.kind, 'faces').idField]: target.id };
	const json = { faceId, ...where, mode: o.mode, maxNumOfCandidatesReturned: o.maxNumOfCandidatesReturned };
	return pipe.callJson({ method: 'POST', target: '/findsimilars', json, retry: 'idempotent', signal: o.signal }, toSimilarFaces);
}

export function verify(pipe: Pipeline, faceId1: string, faceId2: string, o: CallOptions = {}): Promise<VerifyResult> {
	return pipe.callJson({ method: 'POST', target: '/verify', json: { faceId1, faceId2 }, retry: 'idempotent', signal: o.signal }, toVerifyResult);
}

export function verifyToPerson(
	pipe: Pipeline,
	faceId: string,
	target: { kind: ContainerKind; id: string; personId: string },
	o: CallOptions = {},
): Promise<VerifyResult> {
	const info = requireChildren(target.kind, 'persons');
	const json = { faceId, personId: target.personId, [info.idField]: target.id };
	return pipe.callJson({ method: 'POST', target: '/verify', json, retry: 'idempotent', signal: o.signal }, toVerifyResult);
}
