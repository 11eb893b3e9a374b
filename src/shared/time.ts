/** Times and durations as people read them: one parser and one duration formatter for the whole extension. */

/** ISO time with up to 7 fractional digits (the service sends 6–7) → epoch ms; undefined when missing or unreadable. */
export function parseTime(iso: string | undefined): number | undefined {
	if (!iso) {
		return undefined;
	}
	const ms = Date.parse(iso.replace(/(\.\d{3})\d+/, '$1'));
	return Number.isNaN(ms) ? undefined : ms;
}

/** The time in the user's locale, or undefined. */
export function formatTime(iso: string | undefined): string | undefined {
	const t = parseTime(iso);
	return t === undefined ? undefined : new Date(t).toLocaleString();
}

/**
 * `precise` (the log, the status bar, notifications): `12s`, `2m 5s`, `1h 2m`, rounded.
 * `age` (the tree's "trained 5m ago", the status message): `12s`, `5m`, `3h`, `2d`, one unit, floored.
 */
export function formatDuration(ms: number, style: 'precise' | 'age' = 'precise'): string {
	const s = Math.max(0, style === 'age' ? Math.floor(ms / 1000) : Math.round(ms / 1000));
	if (s < 60) {
		return `${s}s`;
	}
	const m = Math.floor(s / 60);
	if (style === 'age') {
		const h = Math.floor(m / 60);
		return m < 60 ? `${m}m` : h < 48 ? `${h}h` : `${Math.floor(h / 24)}d`;
	}
	if (s < 3600) {
		const rest = s % 60;
		return rest === 0 ? `${m}m` : `${m}m ${rest}s`;
	}
	const mm = Math.floor((s % 3600) / 60);
	return mm === 0 ? `${Math.floor(s / 3600)}h` : `${Math.floor(s / 3600)}h ${mm}m`;
}
