/**
 * Loopback network fixtures for the settings tests: a throwaway self-signed certificate (127.0.0.1 and
 * localhost, valid until 2126: test-only), a TLS front for a local HTTP server, a counting CONNECT proxy
 * that serves every host name from loopback (so a made-up name is reachable only through it), and a
 * server that accepts connections and never answers.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { connect, createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';

/** A throwaway self-signed certificate for 127.0.0.1/localhost, valid until 2126: test-only, for a loopback TLS server. */
export const SELF_SIGNED = {
	cert: `-----BEGIN CERTIFICATE-----
MIIBmzCCAUGgAwIBAgIUdZtA/Joln1oiLTLGbYXMbvLupUMwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyMjAwMjYwNVoYDzIxMjYxMDI5
MDAyNjA1WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQei/tc8Vo32ZffPTKL3jgMTCvRZ4Zpx0SPOJLn9vroFxXB2Gznv2Sg
JKl9pgb7HGtVX7kGXY/5QWPl/I/dgYXdo28wbTAdBgNVHQ4EFgQUhBnCkuQPRbMM
xxzdl5yUHAK8KlcwHwYDVR0jBBgwFoAUhBnCkuQPRbMMxxzdl5yUHAK8KlcwDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARhwR/AAABgglsb2NhbGhvc3QwCgYIKoZI
zj0EAwIDSAAwRQIgdY953EN7ufS8pfEJ2wIiGodGo02bGcR70bjh3Gp3l/gCIQDZ
qqOpE0dM5ivSLrx9C9p6oYFl0n3/kgX/p9MjVAfkPQ==
-----END CERTIFICATE-----\n`,
	key: `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgFuqn2BniARwULwgK
6Fn+2WyXeFRks2dhvEXoGjinVLuhRANCAAQei/tc8Vo32ZffPTKL3jgMTCvRZ4Zp
x0SPOJLn9vroFxXB2Gznv2SgJKl9pgb7HGtVX7kGXY/5QWPl/I/dgYXd
-----END PRIVATE KEY-----\n`,
};

export interface Fixture {
	readonly port: number;
	close(): Promise<void>;
}

async function listen(server: Server, sockets: Set<Socket>): Promise<Fixture> {
	server.on('connection', (s: Socket) => sockets.add(s.on('close', () => sockets.delete(s))));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as AddressInfo).port,
		close: async () => {
			for (const s of sockets) {
				s.destroy();
			}
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/** TLS (the self-signed certificate) in front of the HTTP server on 127.0.0.1:`targetPort`. */
export function startTlsFront(targetPort: number): Promise<Fixture> {
	const sockets = new Set<Socket>();
	const server = createTlsServer({ cert: SELF_SIGNED.cert, key: SELF_SIGNED.key }, (tls) => {
		const upstream = connect(targetPort, '127.0.0.1');
		sockets.add(upstream);
		tls.pipe(upstream).pipe(tls);
		upstream.on('error', () => tls.destroy());
		tls.on('error', () => upstream.destroy());
	});
	return listen(server, sockets);
}

export interface CountingProxy extends Fixture {
	readonly url: string;
	/** `host:port` of every CONNECT, and the absolute URL of every forwarded request. */
	readonly requests: string[];
}

/** A forward proxy that counts what it is asked; CONNECT tunnels go to 127.0.0.1 whatever the host. */
export async function startCountingProxy(): Promise<CountingProxy> {
	const requests: string[] = [];
	const sockets = new Set<Socket>();
	const server = createServer((req, res) => {
		requests.push(req.url ?? '');
		res.writeHead(502).end(); // plain http is never used for a non-loopback endpoint
	});
	server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
		requests.push(req.url ?? '');
		const port = Number((req.url ?? '').split(':').pop());
		const upstream = connect(port, '127.0.0.1', () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		sockets.add(upstream).add(client);
		upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
		client.on('error', () => upstream.destroy());
	});
	const fixture = await listen(server, sockets);
	return { ...fixture, url: `http://127.0.0.1:${fixture.port}`, requests };
}

/** Accepts connections and never answers. */
export function startSilentServer(): Promise<Fixture> {
	const sockets = new Set<Socket>();
	return listen(createNetServer(() => undefined), sockets);
}
