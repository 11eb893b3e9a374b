/**
 * Test images the emulator understands. `makeTestImage(seed, faces)` returns a real, decodable PNG (≥ 1 KB)
 * carrying a marker `face-emulator\0faces=N;seed=S;` in a `tEXt` chunk; the emulator's synthetic detector
 * (see `faces.ts`) reads the marker: N faces, identities derived from S. Same seed → same person. With
 * `quality: 'low'` the marker also says `quality=low;` and detect reports `qualityForRecognition: low`.
 */
import { deflateSync } from 'node:zlib';

export const MARKER_KEYWORD = 'face-emulator';

export interface TestImageOptions {
	/** Changes the pixels (another "photo") but not who is on it. */
	variant?: number;
	/** Minimum size in bytes (padded with a comment chunk); default 1024. Use < 1024 to get a too-small image. */
	minBytes?: number;
	/** Exact size in bytes, padding with a comment chunk (e.g. 6 MB + 1 for InvalidImageSize). */
	exactBytes?: number;
	/** Width and height in pixels; default 64. */
	size?: number;
	/**
	 * What detect says of the picture's `qualityForRecognition` (default `high`): `low` stands for a blurred,
	 * dark or tiny face the quality gate of an enrollment skips.
	 */
	quality?: ImageQuality;
}

export type ImageQuality = 'low' | 'medium' | 'high';

/**
 * A valid PNG the emulator detects `faces` faces in (default 1). Face `i` of seed `s` is the same identity in
 * every image made with seed `s` (face 0 is the identity of a single-face image of `s`).
 */
export function makeTestImage(seed: string | number, faces = 1, options: TestImageOptions = {}): Buffer {
	if (!Number.isInteger(faces) || faces < 0 || faces > 100) {
		throw new RangeError('faces must be an integer 0–100');
	}
	const seedText = String(seed).replace(/[^\w.:/-]/g, '_').slice(0, 128) || '_';
	const size = options.size ?? 64;
	const rand = mulberry32(hashString(`${seedText}#${options.variant ?? 0}`));
	const bg = [rand() * 200, rand() * 200, rand() * 200].map((v) => 30 + Math.floor(v));
	const rows: Buffer[] = [];
	for (let y = 0; y < size; y++) {
		const row = Buffer.alloc(1 + size * 3);
		for (let x = 0; x < size; x++) {
			const skin = faceAt(x, y, size, faces);
			for (let c = 0; c < 3; c++) {
				const base = skin ? [224, 172, 138][c] - (skin === 2 ? 160 : 0) : bg[c];
				row[1 + x * 3 + c] = Math.max(0, Math.min(255, base + Math.floor(rand() * 24) - 12));
			}
		}
		rows.push(row);
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(size, 0);
	ihdr.writeUInt32BE(size, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // RGB
	const chunks = [
		chunk('IHDR', ihdr),
		chunk('tEXt', Buffer.from(`${MARKER_KEYWORD}\0faces=${faces};seed=${seedText};${options.quality && options.quality !== 'high' ? `quality=${options.quality};` : ''}`, 'latin1')),
		chunk('IDAT', deflateSync(Buffer.concat(rows))),
	];
	const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	const iend = chunk('IEND', Buffer.alloc(0));
	let png = Buffer.concat([signature, ...chunks, iend]);
	const target = options.exactBytes ?? Math.max(options.minBytes ?? 1024, 0);
	if (options.exactBytes !== undefined && options.exactBytes < png.length) {
		// Too small to be a whole PNG: keep the signature and marker, cut the rest (the emulator rejects on size first).
		return png.subarray(0, options.exactBytes);
	}
	if (png.length < target) {
		const overhead = 12 + 'Comment\0'.length;
		const pad = Math.max(0, target - png.length - overhead);
		const comment = chunk('tEXt', Buffer.concat([Buffer.from('Comment\0', 'latin1'), Buffer.alloc(pad, 0x20)]));
		png = Buffer.concat([signature, ...chunks, comment, iend]);
	}
	return png;
}

/** 0 = background, 1 = skin, 2 = eye. Faces are discs laid out left to right. */
function faceAt(x: number, y: number, size: number, faces: number): number {
	if (faces === 0) {
		return 0;
	}
	const cols = Math.min(faces, 4);
	const cell = size / cols;
	const col = Math.floor(x / cell);
	const rowsNeeded = Math.ceil(faces / cols);
	const cellH = size / rowsNeeded;
	const row = Math.floor(y / cellH);
	if (row * cols + col >= faces) {
		return 0;
	}
	const cx = (col + 0.5) * cell;
	const cy = (row + 0.5) * cellH;
	const r = Math.min(cell, cellH) * 0.4;
	const dx = x - cx;
	const dy = y - cy;
	if (dx * dx + dy * dy > r * r) {
		return 0;
	}
	const ex = Math.abs(Math.abs(dx) - r * 0.4);
	const ey = dy + r * 0.25;
	return ex * ex + ey * ey < (r * 0.15) ** 2 ? 2 : 1;
}

function chunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'latin1');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
	return Buffer.concat([head, data, crc]);
}

let crcTable: Uint32Array | undefined;

function crc32(buf: Buffer): number {
	if (!crcTable) {
		crcTable = new Uint32Array(256);
		for (let n = 0; n < 256; n++) {
			let c = n;
			for (let k = 0; k < 8; k++) {
				c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
			}
			crcTable[n] = c >>> 0;
		}
	}
	let c = 0xffffffff;
	for (const b of buf) {
		c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
	}
	return (c ^ 0xffffffff) >>> 0;
}

/** FNV-1a 32-bit. */
export function hashString(s: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < s.length; i++) {
		h ^= s.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h >>> 0;
}

/** Small seeded PRNG (returns [0, 1)). */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
