/**
 * Tree context values: sorted, `;`-joined tokens, so menus match one token with an anchored regex
 * (`viewItem =~ /(^|;)trainable(;|$)/`) and `personGroup` never matches `largePersonGroup`.
 */

/** Tokens used by menus in package.json. Kind tokens come from `KINDS[kind].contextToken`. */
export const Ctx = {
	resource: 'resource',
	authKey: 'authKey',
	authEntra: 'authEntra',
	/** The resource is an Azure endpoint (not loopback): Open in Azure portal makes sense. */
	portal: 'portal',
	kindFolder: 'kindFolder',
	container: 'container',
	trainable: 'trainable',
	/** A training of the container is being followed (Stop Watching applies). */
	training: 'training',
	/** The container holds persons (Person Group, Large Person Group). */
	holdsPersons: 'holdsPersons',
	/** The container holds faces directly (Face List, Large Face List). */
	holdsFaces: 'holdsFaces',
	person: 'person',
	face: 'face',
	loadMore: 'loadMore',
	error: 'error',
	retry: 'retry',
	needsKey: 'needsKey',
	needsSignIn: 'needsSignIn',
	action: 'action',
	/** The node's JSON can be copied and shown. */
	hasJson: 'hasJson',
	/** The node has a copyable id (container, person, face). */
	hasId: 'hasId',
	/** The Person Directory folder, its persons, their recognition models and faces. */
	directoryFolder: 'directoryFolder',
	directoryPerson: 'directoryPerson',
	recognitionModel: 'recognitionModel',
	directoryFace: 'directoryFace',
	/** The Dynamic Person Groups folder, a group, a person it references. */
	dynamicGroupsFolder: 'dynamicGroupsFolder',
	dynamicGroup: 'dynamicGroup',
	groupMember: 'groupMember',
	/** A face whose `userData` names its file (added by an enrollment or Add Face), or a person's face not read yet (Reveal in Explorer). */
	hasFile: 'hasFile',
} as const;

export function contextValue(...tokens: ReadonlyArray<string | false | undefined>): string {
	const set = new Set(tokens.filter((t): t is string => typeof t === 'string' && t.length > 0));
	return [...set].sort().join(';');
}
