/**
 * Which face attributes a detect can ask for, per detection model, recognition model and API version (the
 * specs' `returnFaceAttributes`): `detection_02` has none; `detection_03` has mask and qualityForRecognition, and
 * from v1.1-preview.1 on headPose and blur; `detection_01` the quality set and occlusion / accessories;
 * `qualityForRecognition` needs `recognition_03` or `recognition_04`. Asking for anything else is a 400.
 */
import type { ApiVersion, DetectionModel, RecognitionModel } from './kinds';

/** The attributes worth showing beside a face box, in the order they are shown. */
export type QualityAttribute = 'qualityForRecognition' | 'headPose' | 'blur' | 'exposure' | 'noise' | 'occlusion' | 'mask' | 'accessories';

const DETECTION_01: readonly QualityAttribute[] = ['qualityForRecognition', 'headPose', 'blur', 'exposure', 'noise', 'occlusion', 'accessories'];

export function qualityAttributes(detectionModel: DetectionModel, recognitionModel: RecognitionModel, apiVersion: ApiVersion): QualityAttribute[] {
	const quality = recognitionModel === 'recognition_03' || recognitionModel === 'recognition_04';
	let names: readonly QualityAttribute[];
	if (detectionModel === 'detection_02') {
		names = [];
	} else if (detectionModel === 'detection_03') {
		names = apiVersion === 'v1.0' ? ['qualityForRecognition', 'mask'] : ['qualityForRecognition', 'headPose', 'blur', 'mask'];
	} else {
		names = DETECTION_01;
	}
	return names.filter((n) => quality || n !== 'qualityForRecognition');
}
