/** What the node commands (src/commands/{containers,persons,faces,copy,training}.ts) are given. */
import type * as vscode from 'vscode';
import type { ContainerKind } from '../face/kinds';
import type { DirectoryWrite } from '../face/directoryTypes';
import type { FaceApi, TrainingStatus } from '../face/types';
import type { DirectoryWriteTarget } from '../operations/directoryWrites';
import type { Operation, OperationSource } from '../operations/types';
import type { ClientProvider } from '../resources/types';
import type { FaceTreeProvider } from '../tree/provider';

/** The part of the operation tracker (`OperationTracker`) the training commands use. */
export interface TrainingStarter extends OperationSource {
	/** `known`: the container's last status, when already read (the start then reads none). */
	startTraining(resourceId: string, kind: ContainerKind, containerId: string, label: string, signal?: AbortSignal, known?: TrainingStatus): Promise<Operation>;
}

export interface NodeCommandDeps {
	readonly clients: ClientProvider;
	readonly tree: FaceTreeProvider;
	readonly tracker: TrainingStarter;
	readonly log: vscode.LogOutputChannel;
}

/** The part of the operation tracker the Person Directory commands use: follow a write, grow a batch. */
export interface DirectoryWriter {
	followWrite(client: FaceApi, target: DirectoryWriteTarget, write: DirectoryWrite, extra?: Pick<Operation, 'subjects' | 'batch'>): Operation | undefined;
	amend(operationId: string, change: (op: Operation) => Operation): Operation | undefined;
}

export interface DirectoryCommandDeps {
	readonly clients: ClientProvider;
	readonly tree: FaceTreeProvider;
	readonly writes: DirectoryWriter;
	readonly log: vscode.LogOutputChannel;
}
