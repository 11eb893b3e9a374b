/**
 * Reading the official OpenAPI examples (`../shared/face-api/<version>/`) for the conformance test:
 * maps each `x-ms-examples` file to its operation, resolves parameters, and compares body shapes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

type Json = Record<string, unknown>;

export interface Parameter {
	name: string;
	in: 'path' | 'query' | 'body' | 'header' | 'formData';
	/** Body is raw image bytes. */
	stream?: boolean;
}

export interface ExampleCase {
	version: string;
	file: string;
	operationId: string;
	method: string;
	/** Path template without the spec's `?overload=` / `?_overload=` pseudo query. */
	template: string;
	parameters: Parameter[];
	/** Example request parameters by name. */
	values: Json;
	/** Example responses by status code. */
	responses: Record<string, { body?: unknown; headers?: Record<string, string> }>;
	/** Response schemas by status code. */
	schemas: Record<string, unknown>;
	spec: Json;
}

const EXTERNAL_PARAMS: Record<string, Parameter> = {
	Endpoint: { name: 'Endpoint', in: 'header' },
	ImageUrl: { name: 'ImageUrl', in: 'body' },
	ImageStream: { name: 'Image', in: 'body', stream: true },
};

function resolveParameter(spec: Json, p: Json, consumesStream: boolean): Parameter | undefined {
	const ref = p.$ref as string | undefined;
	if (ref) {
		const name = ref.slice(ref.lastIndexOf('/') + 1);
		if (ref.startsWith('#/parameters/')) {
			return resolveParameter(spec, (spec.parameters as Json)[name] as Json, consumesStream);
		}
		return EXTERNAL_PARAMS[name];
	}
	const param: Parameter = { name: p.name as string, in: p.in as Parameter['in'] };
	const schema = p.schema as Json | undefined;
	if (param.in === 'body' && (p.type === 'file' || schema?.format === 'binary' || (consumesStream && schema?.type === 'string'))) {
		param.stream = true;
	}
	return param;
}

/** All example cases of one version folder, in spec order. */
export function loadExampleCases(root: string, version: string): ExampleCase[] {
	const dir = path.join(root, version);
	const spec = JSON.parse(fs.readFileSync(path.join(dir, 'openapi.json'), 'utf8')) as Json;
	const paths = { ...(spec.paths as Json), ...((spec['x-ms-paths'] as Json | undefined) ?? {}) };
	const cases: ExampleCase[] = [];
	for (const [key, item] of Object.entries(paths) as Array<[string, Json]>) {
		const template = key.split('?')[0];
		for (const [method, opValue] of Object.entries(item)) {
			if (method === 'parameters') {
				continue;
			}
			const op = opValue as Json;
			const consumes = (op.consumes as string[] | undefined) ?? (spec.consumes as string[] | undefined) ?? [];
			const stream = consumes.includes('application/octet-stream') && !consumes.includes('application/json');
			const parameters = [...((item.parameters as Json[] | undefined) ?? []), ...((op.parameters as Json[] | undefined) ?? [])]
				.map((p) => resolveParameter(spec, p, stream))
				.filter((p): p is Parameter => !!p);
			const schemas: Record<string, unknown> = {};
			for (const [status, r] of Object.entries((op.responses as Json) ?? {})) {
				schemas[status] = (r as Json).schema;
			}
			for (const ex of Object.values((op['x-ms-examples'] as Json | undefined) ?? {}) as Json[]) {
				const file = path.basename(ex.$ref as string);
				const example = JSON.parse(fs.readFileSync(path.join(dir, 'examples', file), 'utf8')) as Json;
				cases.push({
					version,
					file,
					operationId: op.operationId as string,
					method: method.toUpperCase(),
					template,
					parameters,
					values: example.parameters as Json,
					responses: example.responses as ExampleCase['responses'],
					schemas,
					spec,
				});
			}
		}
	}
	return cases;
}

/** Resolves `$ref` and `allOf` into one schema with merged `properties`. */
export function resolveSchema(spec: Json, schema: unknown): Json | undefined {
	if (!schema || typeof schema !== 'object') {
		return undefined;
	}
	const s = schema as Json;
	if (typeof s.$ref === 'string') {
		if (!s.$ref.startsWith('#/definitions/')) {
			return undefined;
		}
		return resolveSchema(spec, (spec.definitions as Json)[s.$ref.slice('#/definitions/'.length)]);
	}
	if (Array.isArray(s.allOf)) {
		const properties: Json = { ...((s.properties as Json | undefined) ?? {}) };
		for (const part of s.allOf) {
			Object.assign(properties, resolveSchema(spec, part)?.properties ?? {});
		}
		return { ...s, properties };
	}
	return s;
}

/** Fields real responses carry although the specs do not declare them (FACE-API.md §4.3). */
export const UNDECLARED_REAL_FIELDS = new Set(['lastSuccessfulTrainingId']);

/**
 * Compares the shape of `actual` with the example's `expected` body: same keys (an example's `null` means
 * "optional"), same JSON types, arrays non-empty when the example's is, recursively. Keys the example lacks
 * must be declared by the response schema (or be a known undeclared real field).
 */
export function compareShape(spec: Json, expected: unknown, actual: unknown, schema: unknown, where = '$', problems: string[] = []): string[] {
	if (expected === null || expected === undefined) {
		return problems;
	}
	const s = resolveSchema(spec, schema);
	const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
	if (kind(expected) !== kind(actual)) {
		problems.push(`${where}: expected ${kind(expected)}, got ${kind(actual)}`);
		return problems;
	}
	if (Array.isArray(expected)) {
		const list = actual as unknown[];
		if (expected.length > 0 && list.length === 0) {
			problems.push(`${where}: expected a non-empty array`);
		}
		list.forEach((item, i) => compareShape(spec, expected[0], item, s?.items, `${where}[${i}]`, problems));
		return problems;
	}
	if (kind(expected) === 'object') {
		const exp = expected as Json;
		const act = actual as Json;
		const props = (s?.properties as Json | undefined) ?? {};
		for (const [k, v] of Object.entries(exp)) {
			if (v === null) {
				continue;
			}
			if (!(k in act)) {
				problems.push(`${where}.${k}: missing`);
			} else {
				compareShape(spec, v, act[k], props[k], `${where}.${k}`, problems);
			}
		}
		for (const k of Object.keys(act)) {
			if (!(k in exp) && s && !(k in props) && !UNDECLARED_REAL_FIELDS.has(k)) {
				problems.push(`${where}.${k}: not in the example and not declared by the schema`);
			}
		}
	}
	return problems;
}
