/**
 * `npm run emulator -- --port 5055 --key K --profile s0|f0 [--seed demo|large] [--training-ms N]`
 * Prints the base URL and the accepted key when ready; Ctrl+C closes it.
 */
import { DEFAULT_KEY } from './config';
import { type EmulatorOptions, startEmulator } from './server';

const USAGE = `Usage: node out/test/emulator/cli.js [options]
  --port N            port on 127.0.0.1 (default 5055; 0 = any free port)
  --key K             accepted Ocp-Apim-Subscription-Key (default ${DEFAULT_KEY})
  --profile s0|f0     pricing tier: quotas and rate limit (default s0; f0 turns the 20 calls/min limit on)
  --seed demo|large|none  load the demo data set, or the large one (10,000 Person Groups, a Large
                      Person Group of 10,000 persons, a Large Face List of 1,000,000 faces) (default none)
  --training-ms N     duration of every training in ms (default 1000)
  --training-ms-per-entry N   extra ms per person (PG/LPG) or face (LFL)
  --operation-ms N    how long a Person Directory write's operation runs in ms (default 500)
  --operation-queue-ms N  how long it waits first, notStarted (default 0)
  --operation-failure TEXT  writes whose operations fail ('*' all; e.g. addFace)
  --time-scale N      training and operation time run N times faster (default 1)
  --rate-limit on|off override the profile's rate limiting
  --no-bearer         reject Authorization: Bearer tokens`;

function parseArgs(argv: string[]): EmulatorOptions {
	const opts: EmulatorOptions = { port: 5055 };
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		const value = (): string => {
			const v = argv[++i];
			if (v === undefined) {
				throw new Error(`${flag} needs a value`);
			}
			return v;
		};
		const num = (): number => {
			const n = Number(value());
			if (!Number.isFinite(n) || n < 0) {
				throw new Error(`${flag} needs a non-negative number`);
			}
			return n;
		};
		switch (flag) {
			case '--port':
				opts.port = num();
				break;
			case '--key':
				opts.key = value();
				break;
			case '--profile': {
				const p = value().toLowerCase();
				if (p !== 's0' && p !== 'f0') {
					throw new Error('--profile must be s0 or f0');
				}
				opts.profile = p;
				break;
			}
			case '--seed': {
				const s = value();
				if (s !== 'demo' && s !== 'large' && s !== 'none') {
					throw new Error('--seed must be demo, large or none');
				}
				opts.seed = s;
				break;
			}
			case '--training-ms':
				opts.trainingMs = num();
				break;
			case '--training-ms-per-entry':
				opts.trainingMsPerEntry = num();
				break;
			case '--operation-ms':
				opts.operationMs = num();
				break;
			case '--operation-queue-ms':
				opts.operationQueueMs = num();
				break;
			case '--operation-failure':
				opts.operationFailure = value();
				break;
			case '--time-scale':
				opts.timeScale = num();
				break;
			case '--rate-limit':
				opts.rateLimit = value() === 'on';
				break;
			case '--no-bearer':
				opts.acceptBearer = false;
				break;
			case '--help':
			case '-h':
				console.log(USAGE);
				process.exit(0);
				break;
			default:
				throw new Error(`unknown option ${flag}`);
		}
	}
	return opts;
}

async function main(): Promise<void> {
	let opts: EmulatorOptions;
	try {
		opts = parseArgs(process.argv.slice(2));
	} catch (e) {
		console.error(`${(e as Error).message}\n${USAGE}`);
		process.exit(2);
	}
	const emulator = await startEmulator(opts);
	console.log(`Face emulator listening on ${emulator.endpoint}`);
	console.log(`key: ${emulator.key}`);
	console.log(`profile: ${opts.profile ?? 's0'}, seed: ${opts.seed ?? 'none'}, control: ${emulator.endpoint}/_emulator/`);
	let closing = false;
	const stop = () => {
		if (closing) {
			process.exit(1);
		}
		closing = true;
		emulator.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
	console.error(`Face emulator failed to start: ${e instanceof Error ? e.message : String(e)}`);
	process.exit(1);
});
