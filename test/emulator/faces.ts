/**
 * Synthetic face detection: derives faces from the image bytes (or the URL string) deterministically.
 *
 * - Bytes must be 1 KB–6 MB (`InvalidImageSize`) and start like a JPEG, PNG, GIF or BMP (`InvalidImage`).
 * - A marker `face-emulator\0faces=N;seed=S;` anywhere in the bytes (what `makeTestImage` writes) means N faces;
 *   face 0 has identity `S`, face i > 0 identity `S/i`.
 * - Any other image has exactly one face whose identity is a hash of its bytes (same file → same person).
 * - A URL image is never fetched: it has one face with identity = the URL, unless the URL contains
 *   `faces=N` (e.g. `https://x/y.jpg?faces=0`), then N faces. `file:` and non-http(s) URLs → `InvalidURL`.
 * - Rectangles are in the image's pixels (its size read from the PNG / JPEG / GIF / BMP header; a URL image is
 *   taken as 640×480): N faces sit in the grid `makeTestImage` draws them in (up to 4 a row), so a box drawn from
 *   the answer lands on the painted face; another image's one face is in its upper middle.
 */
import { createHash } from 'node:crypto';
import { MAX_IMAGE_BYTES, MIN_IMAGE_BYTES } from '../../src/face/kinds';
import { FaceError, badArgument } from './errors';
import { MARKER_KEYWORD, hashString } from './images';

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
}

export type ImageInput = { kind: 'bytes'; data: Buffer } | { kind: 'url'; url: string };

const MARKER = new RegExp(`${MARKER_KEYWORD}\\0faces=(\\d{1,3});seed=([\\w.:/-]{1,128});`);

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
	const size = imageSize(data) ?? URL_IMAGE_SIZE;
	if (m) {
		return makeFaces(m[2], Number(m[1]), size);
	}
	return makeFaces(`sha256:${createHash('sha256').update(data).digest('hex').slice(0, 24)}`, 1, size, true);
}

export interface ImageSize {
	width: number;
	height: number;
}

/** What a URL image (never fetched) is taken to measure. */
const URL_IMAGE_SIZE: ImageSize = { width: 640, height: 480 };

/** Width and height from a PNG, JPEG (SOFn), GIF or BMP header; undefined when the header does not say. */
export function imageSize(b: Buffer): ImageSize | undefined {
	const sized = (width: number, height: number) => (width > 0 && height > 0 ? { width, height } : undefined);
	if (b[0] === 0x89 && b.length >= 24 && b.subarray(12, 16).toString('latin1') === 'IHDR') {
		return sized(b.readUInt32BE(16), b.readUInt32BE(20));
	}
	if (b.subarray(0, 4).toString('latin1') === 'GIF8' && b.length >= 10) {
		return sized(b.readUInt16LE(6), b.readUInt16LE(8));
	}
	if (b.subarray(0, 2).toString('latin1') === 'BM' && b.length >= 26) {
		return sized(b.readInt32LE(18), Math.abs(b.readInt32LE(22)));
	}
	if (b[0] === 0xff && b[1] === 0xd8) {
		for (let at = 2; at + 9 < b.length; ) {
			if (b[at] !== 0xff) {
				return undefined;
			}
			const marker = b[at + 1];
			const len = b.readUInt16BE(at + 2);
			if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
				return sized(b.readUInt16BE(at + 7), b.readUInt16BE(at + 5));
			}
			at += 2 + len;
		}
	}
	return undefined;
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
	return makeFaces(`url:${url}`, m ? Number(m[1]) : 1, URL_IMAGE_SIZE);
}

/**
 * `count` faces of `seed` in an image of `size`: the grid of `makeTestImage` (a disc of radius 0.4 cell in each
 * cell, up to 4 a row), or for a photo of someone (`portrait`) one face in the upper middle, nudged by the seed.
 */
function makeFaces(seed: string, count: number, size: ImageSize, portrait = false): SyntheticFace[] {
	const faces: SyntheticFace[] = [];
	const cols = Math.min(Math.max(count, 1), 4);
	const cellW = size.width / cols;
	const cellH = size.height / Math.max(1, Math.ceil(count / cols));
	for (let i = 0; i < count; i++) {
		const identity = i === 0 ? seed : `${seed}/${i}`;
		if (portrait) {
			const h = hashString(seed);
			const width = Math.max(1, Math.round(Math.min(size.width, size.height) * (0.3 + (h % 10) / 100)));
			const height = Math.min(size.height, Math.round(width * 1.2));
			const left = Math.round((size.width - width) / 2 + (((h >>> 8) % 11) - 5) / 100 * size.width);
			faces.push({ identity, rect: { left: clamp(left, 0, size.width - width), top: Math.round(size.height * 0.15), width, height } });
			continue;
		}
		const r = Math.min(cellW, cellH) * 0.4;
		const cx = ((i % cols) + 0.5) * cellW;
		const cy = (Math.floor(i / cols) + 0.5) * cellH;
		const side = Math.max(1, Math.round(2 * r));
		faces.push({ identity, rect: { left: Math.max(0, Math.round(cx - r)), top: Math.max(0, Math.round(cy - r)), width: side, height: side } });
	}
	return faces;
}

function clamp(v: number, lo: number, hi: number): number {
	return Math.max(lo, Math.min(hi, v));
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
	return { identity: best.identity, rect: target };
}
