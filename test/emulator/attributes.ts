/**
 * Face attributes and landmarks of a synthetic face, per detection model and API version, as the specs say:
 *
 * - `detection_01`: headPose, glasses, occlusion, accessories, blur, exposure, noise, qualityForRecognition, and the
 *   limited age, smile, facialHair, hair; v1.0 / v1.0-preview also the retired gender, emotion, makeup.
 * - `detection_02`: no attributes and no landmarks.
 * - `detection_03`: mask and qualityForRecognition; from v1.1-preview.1 on also headPose and blur.
 * - `qualityForRecognition` only with `recognition_03` / `recognition_04`.
 *
 * Anything else is `400 BadArgument`, naming the attribute and the model. Values are deterministic per face.
 */
import { badArgument } from './errors';
import type { FaceRect } from './faces';
import { hashString, mulberry32 } from './images';

const ATTRIBUTES = ['age', 'smile', 'facialHair', 'glasses', 'headPose', 'hair', 'occlusion', 'accessories', 'blur', 'exposure', 'noise', 'mask', 'qualityForRecognition'];
const LEGACY_ONLY = ['gender', 'emotion', 'makeup'];
const DETECTION_01 = [...ATTRIBUTES.filter((a) => a !== 'mask'), ...LEGACY_ONLY];
const DETECTION_03_LEGACY = ['mask', 'qualityForRecognition'];
const DETECTION_03 = ['headPose', 'blur', 'mask', 'qualityForRecognition'];

/** Which attributes a detection model returns in an API version (`legacy`: v1.0 / v1.0-preview). */
export function supportedAttributes(detectionModel: string, legacy: boolean): string[] {
	if (detectionModel === 'detection_02') {
		return [];
	}
	if (detectionModel === 'detection_03') {
		return legacy ? DETECTION_03_LEGACY : DETECTION_03;
	}
	return legacy ? DETECTION_01 : DETECTION_01.filter((a) => !LEGACY_ONLY.includes(a));
}

export interface DetectRequest {
	attributes: string[];
	landmarks: boolean;
}

/** Checks `returnFaceAttributes` (comma-separated, repeated allowed) and `returnFaceLandmarks` against the models. */
export function checkDetectRequest(query: URLSearchParams, detectionModel: string, recognitionModel: string, legacy: boolean, landmarks: boolean): DetectRequest {
	const asked = query
		.getAll('returnFaceAttributes')
		.flatMap((v) => v.split(','))
		.map((a) => a.trim())
		.filter((a) => a.length > 0);
	const known = legacy ? [...ATTRIBUTES, ...LEGACY_ONLY] : ATTRIBUTES;
	const supported = supportedAttributes(detectionModel, legacy);
	const attributes: string[] = [];
	for (const a of asked) {
		const name = known.find((k) => k.toLowerCase() === a.toLowerCase());
		if (!name) {
			throw badArgument(`Invalid returnFaceAttributes: '${a}' is not a face attribute.`);
		}
		if (!supported.includes(name)) {
			throw badArgument(`'${name}' is not supported by detection model '${detectionModel}'.`);
		}
		if (name === 'qualityForRecognition' && recognitionModel !== 'recognition_03' && recognitionModel !== 'recognition_04') {
			throw badArgument(`'qualityForRecognition' needs recognition model 'recognition_03' or 'recognition_04', not '${recognitionModel}'.`);
		}
		if (!attributes.includes(name)) {
			attributes.push(name);
		}
	}
	if (landmarks && detectionModel === 'detection_02') {
		throw badArgument("Face landmarks are not supported by detection model 'detection_02'.");
	}
	return { attributes, landmarks };
}

const round = (v: number, digits = 2) => Number(v.toFixed(digits));

/** The attributes of one face: derived from its identity and rectangle, so the same face gets the same values. */
export function faceAttributes(identity: string, rect: FaceRect, names: readonly string[], legacy: boolean): Record<string, unknown> {
	const rand = mulberry32(hashString(`${identity}@${rect.left},${rect.top},${rect.width}`));
	const level = (v: number, words: [string, string, string]) => words[v < 0.25 ? 0 : v < 0.75 ? 1 : 2];
	const blur = round(rand() * 0.6);
	const noise = round(rand() * 0.6);
	const exposure = round(0.3 + rand() * 0.4);
	const masked = rand() < 0.2;
	const yaw = round(rand() * 40 - 20, 1);
	// Quality follows blur and the pose: a sharp, frontal face is "high".
	const quality = blur > 0.45 || Math.abs(yaw) > 18 ? 'low' : blur > 0.25 || Math.abs(yaw) > 10 ? 'medium' : 'high';
	const all: Record<string, () => unknown> = {
		age: () => round(18 + rand() * 60, 1),
		gender: () => (rand() < 0.5 ? 'female' : 'male'),
		smile: () => round(rand(), 3),
		facialHair: () => ({ moustache: round(rand() * 0.5), beard: round(rand() * 0.5), sideburns: round(rand() * 0.3) }),
		glasses: () => ['noGlasses', 'readingGlasses', 'sunglasses'][Math.floor(rand() * 3)],
		headPose: () => ({ roll: round(rand() * 10 - 5, 1), yaw, pitch: round(rand() * 10 - 5, 1) }),
		emotion: () => ({ anger: 0, contempt: 0, disgust: 0, fear: 0, happiness: round(rand()), neutral: round(rand()), sadness: 0, surprise: 0 }),
		hair: () => ({ bald: round(rand() * 0.2), invisible: false, hairColor: [{ color: 'brown', confidence: round(0.5 + rand() * 0.5) }] }),
		makeup: () => ({ eyeMakeup: rand() < 0.5, lipMakeup: rand() < 0.5 }),
		occlusion: () => ({ foreheadOccluded: false, eyeOccluded: false, mouthOccluded: masked }),
		// Always one low- or high-confidence headwear reading, and the mask when there is one.
		accessories: () => [{ type: legacy ? 'headWear' : 'headwear', confidence: round(0.05 + rand() * 0.9) }, ...(masked ? [{ type: 'mask', confidence: 0.9 }] : [])],
		blur: () => ({ blurLevel: level(blur / 0.6, legacy ? ['Low', 'Medium', 'High'] : ['low', 'medium', 'high']), value: blur }),
		exposure: () => ({ exposureLevel: legacy ? 'GoodExposure' : 'goodExposure', value: exposure }),
		noise: () => ({ noiseLevel: level(noise / 0.6, legacy ? ['Low', 'Medium', 'High'] : ['low', 'medium', 'high']), value: noise }),
		mask: () => ({ type: masked ? 'faceMask' : 'noMask', noseAndMouthCovered: masked }),
		qualityForRecognition: () => quality,
	};
	const out: Record<string, unknown> = {};
	for (const name of names) {
		out[name] = all[name]();
	}
	return out;
}

/** The 27 landmarks the service returns, placed inside the face rectangle. */
export function faceLandmarks(rect: FaceRect): Record<string, { x: number; y: number }> {
	const at = (fx: number, fy: number) => ({ x: round(rect.left + fx * rect.width, 1), y: round(rect.top + fy * rect.height, 1) });
	return {
		pupilLeft: at(0.3, 0.38),
		pupilRight: at(0.7, 0.38),
		noseTip: at(0.5, 0.6),
		mouthLeft: at(0.33, 0.78),
		mouthRight: at(0.67, 0.78),
		eyebrowLeftOuter: at(0.12, 0.28),
		eyebrowLeftInner: at(0.42, 0.26),
		eyeLeftOuter: at(0.2, 0.39),
		eyeLeftTop: at(0.3, 0.35),
		eyeLeftBottom: at(0.3, 0.41),
		eyeLeftInner: at(0.4, 0.39),
		eyebrowRightInner: at(0.58, 0.26),
		eyebrowRightOuter: at(0.88, 0.28),
		eyeRightInner: at(0.6, 0.39),
		eyeRightTop: at(0.7, 0.35),
		eyeRightBottom: at(0.7, 0.41),
		eyeRightOuter: at(0.8, 0.39),
		noseRootLeft: at(0.45, 0.4),
		noseRootRight: at(0.55, 0.4),
		noseLeftAlarTop: at(0.44, 0.55),
		noseRightAlarTop: at(0.56, 0.55),
		noseLeftAlarOutTip: at(0.41, 0.62),
		noseRightAlarOutTip: at(0.59, 0.62),
		upperLipTop: at(0.5, 0.72),
		upperLipBottom: at(0.5, 0.75),
		underLipTop: at(0.5, 0.8),
		underLipBottom: at(0.5, 0.84),
	};
}
