/** The shapes of detect, identify, find-similar and verify (v1.0 … v1.2 wire shapes). */
import type { DetectionModel, RecognitionModel } from './kinds';
import type { CallOptions } from './callTypes';

export interface FaceRectangle {
	readonly top: number;
	readonly left: number;
	readonly width: number;
	readonly height: number;
}

export interface DetectedFace {
	readonly faceId?: string;
	readonly faceRectangle: FaceRectangle;
	readonly recognitionModel?: string;
	readonly faceLandmarks?: Record<string, { x: number; y: number }>;
	readonly faceAttributes?: Record<string, unknown>;
}

export interface DetectOptions extends CallOptions {
	readonly returnFaceId?: boolean;
	readonly returnFaceLandmarks?: boolean;
	readonly recognitionModel?: RecognitionModel;
	readonly detectionModel?: DetectionModel;
	readonly returnRecognitionModel?: boolean;
	readonly faceIdTimeToLive?: number;
	readonly returnFaceAttributes?: readonly string[]; // which ones a model has: attributes.ts
}

export interface IdentifyCandidate {
	readonly personId: string;
	readonly confidence: number;
}

export interface IdentifyResult {
	readonly faceId: string;
	readonly candidates: readonly IdentifyCandidate[];
}

export interface IdentifyOptions extends CallOptions {
	readonly maxNumOfCandidatesReturned?: number;
	readonly confidenceThreshold?: number;
}

export interface SimilarFace {
	readonly persistedFaceId?: string;
	readonly faceId?: string;
	readonly confidence: number;
}

export interface FindSimilarOptions extends CallOptions {
	readonly maxNumOfCandidatesReturned?: number;
	readonly mode?: 'matchPerson' | 'matchFace';
}

export interface VerifyResult {
	readonly isIdentical: boolean;
	readonly confidence: number;
}
