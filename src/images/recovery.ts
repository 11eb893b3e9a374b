/**
 * What a try of a picture does when the service says no, so that the message says what to do next:
 * - the container was never trained → *Train now* (through the tracker, like Train), wait for it, try again;
 * - it is training → say so, point at the status bar, and offer to try again when it ends;
 * - 403 `UnsupportedFeature` (Limited Access) → explain, with *Apply for Access* (https://aka.ms/facerecognition).
 * Anything else goes to the command wrapper's one error message.
 */
import * as vscode from 'vscode';
import { FaceApiError } from '../face/errors';
import type { KindInfo } from '../face/kinds';
import type { Operation } from '../operations/types';
import type { TryHost } from './host';

export const LIMITED_ACCESS_URL = 'https://aka.ms/facerecognition';

export interface TriedContainer {
	readonly resourceId: string;
	readonly kind: KindInfo;
	readonly containerId: string;
	readonly label: string;
}

/** Thrown when the person chose not to go on: silent, like any cancellation. */
function stop(): never {
	throw new vscode.CancellationError();
}

/**
 * Runs `attempt`; on a not-trained or training container offers to train / wait and runs it again (once per
 * answer); on Limited Access explains and stops. Other failures are thrown as they are.
 */
export async function withTrainingRecovery<T>(host: TryHost, target: TriedContainer | undefined, attempt: () => Promise<T>): Promise<T> {
	for (let round = 0; ; round++) {
		try {
			return await attempt();
		} catch (e) {
			if (!FaceApiError.is(e) || round >= 2) {
				throw e;
			}
			if (e.status === 403 && e.code === 'UnsupportedFeature') {
				explainLimitedAccess(host, e);
				return stop();
			}
			if (!target) {
				throw e;
			}
			if (FaceApiError.isNotTrained(e)) {
				await offerTraining(host, target);
			} else if (e.status === 409 && e.code.endsWith('TrainingNotFinished')) {
				await offerWaiting(host, target);
			} else {
				throw e;
			}
		}
	}
}

async function offerTraining(host: TryHost, target: TriedContainer): Promise<void> {
	const trainNow = vscode.l10n.t('Train Now');
	const noun = vscode.l10n.t(target.kind.label);
	host.log.info(`${target.kind.noun} '${target.containerId}' is not trained: identification needs a trained ${target.kind.noun}.`);
	const answer = await host.prompter().showWarning(
		vscode.l10n.t('{0} \'{1}\' has not been trained yet: it must be trained before faces can be matched against it. Train it now and try again when it is done?', noun, target.label),
		trainNow,
	);
	if (answer !== trainNow) {
		return stop();
	}
	const op = await host.train({ resourceId: target.resourceId, kind: target.kind, containerId: target.containerId });
	await waitForTraining(host, target, op);
}

async function offerWaiting(host: TryHost, target: TriedContainer): Promise<void> {
	const op = host.tracker.findOperation(target.resourceId, target.kind.kind, target.containerId);
	const message = vscode.l10n.t('\'{0}\' is being trained: its status bar item shows how far it is. Faces can be matched against it when the training ends.', target.label);
	if (!op || op.state !== 'running') {
		void host.prompter().showInfo(message);
		return stop();
	}
	const when = vscode.l10n.t('Try Again When Trained');
	if ((await host.prompter().showInfo(message, when)) !== when) {
		return stop();
	}
	await waitForTraining(host, target, op);
}

/** Waits (cancellable: the training goes on) for the tracker to see `op` end; throws unless it succeeded. */
async function waitForTraining(host: TryHost, target: TriedContainer, op: Operation): Promise<void> {
	const ended = await host.withProgress(vscode.l10n.t('Waiting for the training of \'{0}\' (see the status bar)…', target.label), (signal) => operationEnd(host, op, signal));
	if (ended.state !== 'succeeded') {
		throw new Error(vscode.l10n.t('The training of \'{0}\' did not succeed ({1}){2}', target.label, ended.state, ended.message ? `: ${ended.message}` : '.'));
	}
	host.log.info(`${target.kind.noun} '${target.containerId}' trained: trying the picture again.`);
}

function operationEnd(host: TryHost, op: Operation, signal: AbortSignal): Promise<Operation> {
	return new Promise((resolve, reject) => {
		const done = (o: Operation | undefined) => {
			if (o && o.id === op.id && o.state !== 'running') {
				sub.dispose();
				signal.removeEventListener('abort', aborted);
				resolve(o);
			}
		};
		const aborted = () => {
			sub.dispose();
			reject(new vscode.CancellationError());
		};
		const sub = host.tracker.onDidChangeOperation(done);
		signal.addEventListener('abort', aborted);
		done(host.tracker.findOperation(op.resourceId, op.kind, op.containerId));
	});
}

function explainLimitedAccess(host: TryHost, e: FaceApiError): void {
	host.log.warn(`Limited Access: ${e.message} (${e.status} ${e.code})`);
	const apply = vscode.l10n.t('Apply for Access');
	void host.prompter()
		.showError(
			vscode.l10n.t('This Face resource is not approved for identification and verification (Limited Access). Detect Faces still works; to identify, verify or find similar faces, apply for access with the intake form.'),
			apply,
		)
		.then((choice) => choice === apply && vscode.env.openExternal(vscode.Uri.parse(LIMITED_ACCESS_URL)), () => undefined);
}
