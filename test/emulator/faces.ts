/**
 * Synthetic face detection: derives faces from the image bytes (or the URL string) deterministically.
 *
 * - Bytes must be 1 KB–6 MB (`InvalidImageSize`) and start like a JPEG, PNG, GIF or BMP (`InvalidImage`).
 * - A marker `face-emulator\0faces=N;seed=S;` anywhere in the bytes (what `makeTestImage` writes) means N faces;
 *   face 0 has identity `S`, face i > 0 identity `S/i`.
 * - Any other image has exactly one face whose identity is a hash of its bytes (same file → same person).
 * - A URL image is never fetched: it has one face with identity = the URL, unless the URL contains
 *   `faces=N` (e.g. `https://x/y.jpg?faces=0`), then N faces. `file:` and non-http(s) URLs → `InvalidURL`.
 */
import { createHash } from 'node:crypto';
import { MAX_IMAGE_BYTES, MIN_IMAGE_BYTES } from '../../src/face/kinds';
import { FaceError, badArgument } from './errors';
import { type ImageQuality, MARKER_KEYWORD, hashString } from './images';

export interface FaceRect {
	top: number;
	left: number;
	width: number;
	height: number;
}

export interface SyntheticFace {
	/** Who this is: equal identities are the same person. */
	identity: string;
	rect: FaceRect;
	/** `qualityForRecognition` (the image's marker says, else `high`). */
	quality: ImageQuality;
}

export type ImageInput = { kind: 'bytes'; data: Buffer } | { kind: 'url'; url: string };

const MARKER = new RegExp(`${MARKER_KEYWORD}\\0faces=(\\d{1,3});seed=([\\w.:/-]{1,128});(?:quality=(low|medium|high);)?`);

export function detectFaces(input: ImageInput): SyntheticFace[] {
	if (input.kind === 'url') {
		return detectUrl(input.url);
	}
	const data = input.data;
	if (data.length < MIN_IMAGE_BYTES || data.length > MAX_IMAGE_BYTES) {
		throw new FaceError(400, 'InvalidImageSize', 'Image size is too small or too big.');
	}
	if (!looksLikeImage(data)) {
		throw new FaceError(400, 'InvalidImage', 'Decoding error, image format unsupported.');
	}
	const m = MARKER.exec(data.toString('latin1'));
	if (m) {
		return makeFaces(m[2], Number(m[1]), (m[3] as ImageQuality | undefined) ?? 'high');
	}
	return makeFaces(`sha256:${createHash('sha256').update(data).digest('hex').slice(0, 24)}`, 1);
}

function detectUrl(url: string): SyntheticFace[] {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new FaceError(400, 'InvalidURL', 'Invalid image URL.');
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		throw new FaceError(400, 'InvalidURL', 'Invalid image URL.');
	}
	const m = /[?&]faces=(\d{1,3})(?:&|$)/.exec(parsed.search);
	const q = /[?&]quality=(low|medium|high)(?:&|$)/.exec(parsed.search);
	return makeFaces(`url:${url}`, m ? Number(m[1]) : 1, (q?.[1] as ImageQuality | undefined) ?? 'high');
}

function makeFaces(seed: string, count: number, quality: ImageQuality = 'high'): SyntheticFace[] {
	const faces: SyntheticFace[] = [];
	for (let i = 0; i < count; i++) {
		const h = hashString(`${seed}#${i}`);
		const width = 60 + (h % 140);
		faces.push({
			identity: i === 0 ? seed : `${seed}/${i}`,
			rect: { left: 10 + i * 220 + ((h >>> 8) % 40), top: 20 + ((h >>> 16) % 60), width, height: Math.round(width * 1.1) },
			quality,
		});
	}
	return faces;
}

function looksLikeImage(b: Buffer): boolean {
	return (
		(b[0] === 0xff && b[1] === 0xd8) || // JPEG
		b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) || // PNG
		b.subarray(0, 4).toString('latin1') === 'GIF8' ||
		b.subarray(0, 2).toString('latin1') === 'BM'
	);
}

/** Parses `targetFace=left,top,width,height` (exactly 4 non-negative ints). */
export function parseTargetFace(value: string | null): FaceRect | undefined {
	if (value === null) {
		return undefined;
	}
	const parts = value.split(',');
	if (parts.length !== 4 || !parts.every((p) => /^\s*\d{1,9}\s*$/.test(p))) {
		throw badArgument('Invalid argument targetFace.');
	}
	const [left, top, width, height] = parts.map(Number);
	if (width === 0 || height === 0) {
		throw badArgument('Invalid argument targetFace.');
	}
	return { left, top, width, height };
}

/**
 * The one face an add-face call stores: the single detected face, or, with `targetFace`, the detected face that
 * overlaps it most (a rectangle over no detected face still yields a face derived from the rectangle, as the
 * service extracts features from the given region).
 */
export function pickFace(input: ImageInput, target: FaceRect | undefined): SyntheticFace {
	const faces = detectFaces(input);
	if (!target) {
		if (faces.length === 0) {
			throw new FaceError(400, 'InvalidImage', 'There is no face detected in the image.');
		}
		if (faces.length > 1) {
			throw new FaceError(400, 'InvalidImage', 'There is more than 1 face in the image.');
		}
		return faces[0];
	}
	if (faces.length === 0) {
		throw new FaceError(400, 'InvalidImage', 'There is no face detected in the image.');
	}
	let best = faces[0];
	let bestArea = -1;
	for (const f of faces) {
		const w = Math.min(f.rect.left + f.rect.width, target.left + target.width) - Math.max(f.rect.left, target.left);
		const h = Math.min(f.rect.top + f.rect.height, target.top + target.height) - Math.max(f.rect.top, target.top);
		const area = w > 0 && h > 0 ? w * h : 0;
		if (area > bestArea) {
			best = f;
			bestArea = area;
		}
	}
	return { identity: best.identity, rect: target, quality: best.quality };
}
