/**
 * Which proxy a request goes through: the explicit proxy URL if one is configured, else the standard
 * environment variables (`HTTPS_PROXY`/`https_proxy` for https, `HTTP_PROXY`/`http_proxy` for both,
 * `NO_PROXY`/`no_proxy` exclusions). Loopback hosts (127.0.0.0/8, ::1, localhost, the local emulator)
 * never use a proxy, explicit or from the environment.
 * (undici's own `EnvHttpProxyAgent` is marked experimental and warns on use; this is the same rule set.)
 */

export type Env = Readonly<Record<string, string | undefined>>;

export function proxyForUrl(target: URL, explicit: string | undefined, env: Env = process.env): string | undefined {
	// Loopback first: a proxy would see the key of a local endpoint in plain http (and cannot reach our
	// loopback anyway). This holds for the explicit proxy setting too, as the README promises.
	if (isLoopback(target.hostname)) {
		return undefined;
	}
	if (explicit && explicit.trim()) {
		return explicit.trim();
	}
	const pick = (...names: string[]) => names.map((n) => env[n]).find((v) => v !== undefined && v.trim() !== '')?.trim();
	const proxy =
		target.protocol === 'https:'
			? pick('https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY')
			: pick('http_proxy', 'HTTP_PROXY');
	if (!proxy) {
		return undefined;
	}
	return isExcluded(target, pick('no_proxy', 'NO_PROXY') ?? '') ? undefined : normaliseProxyUrl(proxy);
}

/** `host:port` without a scheme means `http://host:port`. */
function normaliseProxyUrl(p: string): string {
	return /^[a-z][a-z0-9+.-]*:\/\//i.test(p) ? p : `http://${p}`;
}

export function isLoopback(hostname: string): boolean {
	const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	return (
		h === 'localhost' ||
		h.endsWith('.localhost') ||
		h === '::1' ||
		/^127\.\d+\.\d+\.\d+$/.test(h) ||
		// IPv4-mapped 127.x.x.x as the URL parser writes it: [::ffff:7f00:1]
		/^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(h)
	);
}

/** NO_PROXY: comma/space separated; `*`; `host`, `.suffix` or `*.suffix` (suffix match), optional `:port`. */
export function isExcluded(target: URL, noProxy: string): boolean {
	const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
	const port = target.port || (target.protocol === 'https:' ? '443' : '80');
	for (const raw of noProxy.split(/[\s,]+/)) {
		const entry = raw.trim().toLowerCase();
		if (!entry) {
			continue;
		}
		if (entry === '*') {
			return true;
		}
		let name = entry;
		let entryPort: string | undefined;
		const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
		if (bracketed) {
			[, name, entryPort] = bracketed;
		} else if (entry.split(':').length === 2) {
			[name, entryPort] = entry.split(':');
		}
		if (entryPort && entryPort !== port) {
			continue;
		}
		name = name.replace(/^\*/, '');
		if (name.startsWith('.') ? host.endsWith(name) || host === name.slice(1) : host === name || host.endsWith(`.${name}`)) {
			return true;
		}
	}
	return false;
}
