/**
 * What an enrollment decides about one file before anything is sent, and what it writes into the service so
 * that a later run knows what is already there: the image type by content (JPEG, PNG, GIF, BMP — not by the
 * file name), the size (1 KB–6 MB), a content hash; the face's `userData` (the file's relative path, its
 * hash, the operation that added it) and the person's (the folder's relative path). No VS Code here.
 */
import { createHash } from 'node:crypto';
import { MAX_FACE_USER_DATA_LENGTH, MAX_IMAGE_BYTES, MAX_NAME_LENGTH, MIN_IMAGE_BYTES } from '../face/kinds';

/** A face per person at most (PG, LPG). */
export const MAX_FACES_PER_PERSON = 248;

export type ImageType = 'jpeg' | 'png' | 'gif' | 'bmp';

/** The image type by its first bytes, or undefined when it is none the service reads. */
export function imageTypeOf(bytes: Uint8Array): ImageType | undefined {
	const b = bytes;
	if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
		return 'jpeg';
	}
	if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v)) {
		return 'png';
	}
	if (b.length >= 6 && ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') {
		return 'gif';
	}
	if (b.length >= 2 && b[0] === 0x42 && b[1] === 0x4d) {
		return 'bmp';
	}
	return undefined;
}

function ascii(b: Uint8Array, from: number, to: number): string {
	return String.fromCharCode(...b.subarray(from, to));
}

/** Why a file of `size` bytes cannot be sent (undefined: its size is fine). */
export function sizeProblem(size: number): string | undefined {
	if (size < MIN_IMAGE_BYTES) {
		return `${size} bytes: the Face service takes images of 1 KB to 6 MB`;
	}
	if (size > MAX_IMAGE_BYTES) {
		return `${(size / (1024 * 1024)).toFixed(1)} MB: the Face service takes images of 1 KB to 6 MB`;
	}
	return undefined;
}

/** Why the bytes cannot be sent, or undefined. */
export function contentProblem(bytes: Uint8Array): string | undefined {
	return sizeProblem(bytes.length) ?? (imageTypeOf(bytes) ? undefined : 'not a JPEG, PNG, GIF or BMP image (by its content)');
}

/** The content hash a face carries: the first 128 bits of SHA-256, hex. */
export function contentHash(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex').slice(0, 32);
}

/** What a face added by an enrollment says about itself in its `userData`. */
export interface FaceMark {
	/** The image's path relative to the enrolled folder's parent, `/`-separated. */
	readonly file: string;
	readonly sha256: string;
	/** The enrollment (operation id) that added it. */
	readonly op?: string;
}

/** The face's `userData` (≤ 1 KB: a long path is cut from the left, the hash is always whole). */
export function faceUserData(mark: FaceMark): string {
	const full = JSON.stringify({ file: mark.file, sha256: mark.sha256, op: mark.op });
	if (full.length <= MAX_FACE_USER_DATA_LENGTH) {
		return full;
	}
	const room = MAX_FACE_USER_DATA_LENGTH - (full.length - JSON.stringify(mark.file).length) - 4;
	return JSON.stringify({ file: `…${mark.file.slice(-Math.max(0, room))}`, sha256: mark.sha256, op: mark.op });
}

/** The mark in a face's `userData`, if it carries one (faces added otherwise carry none or their own text). */
export function parseFaceMark(userData: string | undefined): FaceMark | undefined {
	const r = parseObject(userData);
	return r && typeof r.sha256 === 'string' && /^[0-9a-f]{32}$/.test(r.sha256)
		? { file: typeof r.file === 'string' ? r.file : '', sha256: r.sha256, op: typeof r.op === 'string' ? r.op : undefined }
		: undefined;
}

/** A person's `userData`: the folder it was enrolled from. */
export function personUserData(folder: string): string {
	return JSON.stringify({ folder });
}

/** The folder in a person's `userData`, if it names one. */
export function personFolderOf(userData: string | undefined): string | undefined {
	const folder = parseObject(userData)?.folder;
	return typeof folder === 'string' ? folder : undefined;
}

/** A person's name from its folder's name (1–128 characters). */
export function personName(folderName: string): string {
	const name = folderName.trim() || folderName || '_';
	return name.length > MAX_NAME_LENGTH ? name.slice(0, MAX_NAME_LENGTH) : name;
}

function parseObject(text: string | undefined): Record<string, unknown> | undefined {
	if (!text || !text.startsWith('{')) {
		return undefined;
	}
	try {
		const v: unknown = JSON.parse(text);
		return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}
