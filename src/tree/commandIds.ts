/** Command ids the tree's own nodes and menus use (typed names, no string copies). */
export const TreeCommand = {
	refresh: 'azureFace.refresh',
	refreshNode: 'azureFace.refreshNode',
	loadMore: 'azureFace.loadMore',
	loadAll: 'azureFace.loadAll',
	retry: 'azureFace.retry',
	/** Internal (not contributed): `(resourceId, kind?, containerId?)`, used by *Reveal in Tree*. */
	revealNode: 'azureFace.revealNode',
	/** Registered in src/commands/resources.ts; the tree offers them on auth failures. */
	setApiKey: 'azureFace.setApiKey',
	signIn: 'azureFace.signIn',
} as const;

export const VIEW_ID = 'azureFace.resources';
