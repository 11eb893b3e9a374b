// Draws media/icon.png (128×128, the marketplace icon) from the same shapes as media/face-explorer.svg:
// viewfinder corners around a face, white on the gallery-banner blue. No dependency: zlib + CRC32.
// Run: node media/icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const N = 128;
const S = N / 24; // SVG units → pixels
const SS = 4; // supersampling per axis

/** Polylines in SVG units (24×24), each stroked with width W. */
const W = 1.7;
const lines = [];
const arc = (cx, cy, rx, ry, a0, a1, steps = 48) => {
	const pts = [];
	for (let i = 0; i <= steps; i++) {
		const a = a0 + ((a1 - a0) * i) / steps;
		pts.push([cx + rx * Math.cos(a), cy + ry * Math.sin(a)]);
	}
	return pts;
};
const corner = (x0, y0, x1, y1, cx, cy, x2, y2, sa) => [[x0, y0], ...arc(cx, cy, 2, 2, sa, sa + Math.PI / 2, 8), [x2, y2]].map((p, i, a) => (i === 0 ? [x0, y0] : i === a.length - 1 ? [x2, y2] : p));
lines.push(corner(3, 8, 3, 5, 5, 5, 8, 3, Math.PI));
lines.push(corner(16, 3, 19, 3, 19, 5, 21, 8, -Math.PI / 2));
lines.push(corner(21, 16, 21, 19, 19, 19, 16, 21, 0));
lines.push(corner(8, 21, 5, 21, 5, 19, 3, 16, Math.PI / 2));
lines.push(arc(12, 12, 5, 6, 0, 2 * Math.PI, 96));
lines.push([[10, 10.4], [10, 11.1]]);
lines.push([[14, 10.4], [14, 11.1]]);
lines.push(arc(12, 13.2, 2.1, 1.6, 0.35 * Math.PI, 0.65 * Math.PI, 12));

const segs = lines.flatMap((pts) => pts.slice(1).map((p, i) => [pts[i][0] * S, pts[i][1] * S, p[0] * S, p[1] * S]));
const half = (W * S) / 2;

function distToSeg(px, py, [x1, y1, x2, y2]) {
	const dx = x2 - x1, dy = y2 - y1;
	const len2 = dx * dx + dy * dy || 1;
	const t = Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / len2));
	const x = x1 + t * dx - px, y = y1 + t * dy - py;
	return Math.sqrt(x * x + y * y);
}

function inRoundedSquare(px, py, r = 22) {
	const cx = Math.min(Math.max(px, r), N - r), cy = Math.min(Math.max(py, r), N - r);
	return (px - cx) ** 2 + (py - cy) ** 2 <= r * r;
}

const bg = [0x1e, 0x3a, 0x5f];
const fg = [0xff, 0xff, 0xff];
const raw = Buffer.alloc(N * (1 + N * 4));
for (let y = 0; y < N; y++) {
	raw[y * (1 + N * 4)] = 0; // filter: none
	for (let x = 0; x < N; x++) {
		let inside = 0, stroke = 0;
		for (let sy = 0; sy < SS; sy++) {
			for (let sx = 0; sx < SS; sx++) {
				const px = x + (sx + 0.5) / SS, py = y + (sy + 0.5) / SS;
				if (!inRoundedSquare(px, py)) continue;
				inside++;
				// Shapes are drawn at 24 units = 104 px, centred.
				const qx = (px - 12) * (N / 104), qy = (py - 12) * (N / 104);
				if (segs.some((s) => distToSeg(qx, qy, s) <= half)) stroke++;
			}
		}
		const a = inside / (SS * SS), f = inside ? stroke / inside : 0;
		const o = y * (1 + N * 4) + 1 + x * 4;
		for (let c = 0; c < 3; c++) raw[o + c] = Math.round(bg[c] * (1 - f) + fg[c] * f);
		raw[o + 3] = Math.round(a * 255);
	}
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});
const crc32 = (buf) => {
	let c = 0xffffffff;
	for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
	const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
	const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
	return Buffer.concat([len, td, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0); ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0; // 8-bit RGBA
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
console.log(`media/icon.png: ${png.length} bytes`);
