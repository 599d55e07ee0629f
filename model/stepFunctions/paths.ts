/**
 * Amazon States Language paths: reference paths ($, $.a.b, $['a b'], $.list[0]) read from the state input or, with $$,
 * from the context object, and ResultPath writes into the state input.
 * https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html ("Reference Paths": only
 * .name, ['name'] and [index]; no wildcards, filters or slices)
 * https://states-language.net/spec.html#path ("$$" selects the context object)
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const isJsonObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** A path AWS refuses when the state machine is created (not a reference path). */
export class PathSyntaxError extends Error {
    constructor(readonly path: string, problem: string) {
        super(`path ${JSON.stringify(path)}: ${problem}`);
        this.name = "PathSyntaxError";
    }
}

export interface ParsedPath {
    /** True for $$ (the context object). */
    context: boolean;
    steps: Array<string | number>;
}

/** Parses a reference path; throws PathSyntaxError for anything else (wildcards, filters, slices). */
export function parsePath(path: string): ParsedPath {
    let i: number;
    let context = false;
    if (path.startsWith("$$")) {
        context = true;
        i = 2;
    } else if (path.startsWith("$")) {
        i = 1;
    } else {
        throw new PathSyntaxError(path, "must start with $ or $$");
    }
    const steps: Array<string | number> = [];
    while (i < path.length) {
        const c = path[i];
        if (c === ".") {
            let j = i + 1;
            while (j < path.length && path[j] !== "." && path[j] !== "[") {
                j++;
            }
            const name = path.slice(i + 1, j);
            if (name === "" || name === "*" || /\s/.test(name)) {
                throw new PathSyntaxError(path, `"${name}" is not a field name a reference path may use`);
            }
            steps.push(name);
            i = j;
        } else if (c === "[") {
            const close = path.indexOf("]", i);
            if (close < 0) {
                throw new PathSyntaxError(path, "unclosed [");
            }
            const inner = path.slice(i + 1, close);
            if (/^\d+$/.test(inner)) {
                steps.push(Number(inner));
            } else if (/^'[^']*'$/.test(inner)) {
                steps.push(inner.slice(1, -1));
            } else {
                throw new PathSyntaxError(path, `[${inner}] is not an index or a quoted name (reference paths have no wildcards, filters or slices)`);
            }
            i = close + 1;
        } else {
            throw new PathSyntaxError(path, `unexpected "${c}" at ${i}`);
        }
    }
    return { context, steps };
}

/** The value a path selects, or `found: false` when a step is missing. */
export function readPath(input: Json, contextObject: Json, path: string): { found: boolean; value?: Json } {
    const parsed = parsePath(path);
    let node: Json | undefined = parsed.context ? contextObject : input;
    for (const step of parsed.steps) {
        if (typeof step === "number" ? !Array.isArray(node) : !isJsonObject(node)) {
            return { found: false };
        }
        node = (node as Record<string | number, Json>)[step as never];
        if (node === undefined) {
            return { found: false };
        }
    }
    return { found: true, value: node };
}

/**
 * ResultPath: the state input with `result` placed at `path` ("$" replaces the input). Missing fields are created;
 * a step through a value that is not an object cannot be applied (States.ResultPathMatchFailure). Returns undefined then.
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html
 */
export function writePath(input: Json, path: string, result: Json): Json | undefined {
    const parsed = parsePath(path);
    if (parsed.context) {
        return undefined;
    }
    if (parsed.steps.length === 0) {
        return result;
    }
    if (parsed.steps.some((s) => typeof s === "number")) {
        // ResultPath is a reference path "limited to ... field names" here: an index into an array is not modelled.
        return undefined;
    }
    if (!isJsonObject(input)) {
        return undefined;
    }
    const copy: JsonObject = structuredClone(input);
    let node: JsonObject = copy;
    const steps = parsed.steps as string[];
    for (const step of steps.slice(0, -1)) {
        const next = node[step];
        if (next === undefined) {
            node[step] = {};
        } else if (!isJsonObject(next)) {
            return undefined;
        }
        node = node[step] as JsonObject;
    }
    node[steps[steps.length - 1]] = result;
    return copy;
}
