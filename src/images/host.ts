/**
 * What the picture workflows need from the rest of the extension, passed in by the command layer
 * (commands/tryIt.ts). The workflows live in the lazily loaded images bundle, which has its own copy of
 * every module it imports: anything that holds shared state (the active prompter, the tree's node classes,
 * the tracker, the clients) must come through here, never through an import.
 */
import type * as vscode from 'vscode';
import type { KindInfo } from '../face/kinds';
import type { Container, FaceApi } from '../face/types';
import type { Operation, OperationSource } from '../operations/types';
import type { Prompter } from '../shared/prompter';
import type { TryTarget } from './model';
import type { ResultPanels } from './panel';
import type { KnownNames } from './run';

/** A container the person picked (or the row the command ran on): the commands' `ContainerTarget`. */
export interface PickedContainer {
	readonly resource: { readonly id: string; readonly label: string };
	readonly kind: KindInfo;
	readonly containerId: string;
	readonly label: string;
	readonly container?: Pick<Container, 'recognitionModel'>;
}

export interface PickedPerson extends PickedContainer {
	readonly personId: string;
	readonly person?: { readonly name: string };
	readonly personNode?: { readonly person: { readonly name: string } };
}

export interface TryHost {
	readonly log: vscode.LogOutputChannel;
	/** The tracker's operations (a training to wait for). */
	readonly tracker: OperationSource;
	/** The active prompter (tests script it). */
	prompter(): Prompter;
	getClient(resourceId: string): Promise<FaceApi>;
	resolveContainer(arg: unknown, filter: (k: KindInfo) => boolean, title: string): Promise<PickedContainer>;
	resolvePerson(arg: unknown, title: string): Promise<PickedPerson>;
	resolveResource(arg: unknown, title: string): Promise<{ readonly id: string; readonly label: string }>;
	/** Whether `arg` is a container row of the tree. */
	isContainerRow(arg: unknown): boolean;
	/** Names the tree holds already (no call). */
	knownNames(target: TryTarget): KnownNames;
	/** Starts a training as *Train* does (through the tracker). */
	train(target: { resourceId: string; kind: KindInfo; containerId: string }): Promise<Operation>;
	/** The command wrapper's cancellable notification progress. */
	withProgress<T>(title: string, task: (signal: AbortSignal) => Promise<T>): Promise<T>;
	/** The results panels (one set per window). */
	panels(): ResultPanels;
}
