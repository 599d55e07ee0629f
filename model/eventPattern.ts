import { parseCidr } from "./cidr";

/**
 * Amazon EventBridge event patterns: which events a rule's pattern matches.
 *
 * Sources, each rule below cites the one it follows:
 * - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html (structure, AND over fields)
 * - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html (the operators)
 * - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html (arrays)
 * - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-null-values.html (null and "")
 * - aws/event-ruler README.md and src/main/software/amazon/event/ruler/JsonRuleCompiler.java (Apache-2.0): the engine
 *   EventBridge runs; where the user guide is silent (the $or primitive's form, wildcard escapes, anything-but over
 *   non-string values, numbers matched by value) the behaviour follows it.
 *
 * No npm package does this: the registry has none maintained that covers these operators, so it is implemented here.
 */

/** A pattern or a pattern document AWS would refuse (PutRule: InvalidEventPatternException). */
export class EventPatternError extends Error {
    constructor(readonly path: string, problem: string) {
        super(`event pattern${path ? ` at ${path}` : ""}: ${problem}`);
        this.name = "EventPatternError";
    }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

// The operator names event-ruler reserves, which keep an "$or" array from being read as OR
// (event-ruler Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP).
const OPERATORS = new Set(["prefix", "suffix", "equals-ignore-case", "wildcard", "anything-but", "numeric", "exists", "cidr"]);

/** A compiled event pattern: `matches(event)` answers as EventBridge's TestEventPattern would. */
export interface CompiledEventPattern {
    readonly source: JsonObject;
    matches(event: unknown): boolean;
    /**
     * Why the event does not match: the dotted path of the first field (in the pattern's order) whose values the event
     * fails, e.g. "detail.state"; undefined when it matches.
     */
    mismatch(event: unknown): string | undefined;
}

/** Parses and validates a pattern (a JSON string, as EventRule.eventPattern holds it, or an object). */
export function compileEventPattern(pattern: string | object): CompiledEventPattern {
    let document: unknown = pattern;
    if (typeof pattern === "string") {
        try {
            document = JSON.parse(pattern);
        } catch (err) {
            throw new EventPatternError("", `is not JSON (${err instanceof Error ? err.message : String(err)})`);
        }
    }
    if (!isObject(document)) {
        throw new EventPatternError("", "must be a JSON object of fields");
    }
    validateObject(document as JsonObject, "");
    const source = document as JsonObject;
    return {
        source,
        matches: (event) => matchObject(source, event as Json),
        mismatch: (event) => firstMismatch(source, event as Json, ""),
    };
}

/** Whether `event` matches `pattern` (a JSON string or object). */
export function eventPatternMatches(pattern: string | object, event: unknown): boolean {
    return compileEventPattern(pattern).matches(event);
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** "$or" is OR only as an array of two or more objects none of whose keys is an operator name (event-ruler README, "$or"). */
function isOrPrimitive(key: string, value: Json): value is JsonObject[] {
    return key === "$or" && Array.isArray(value) && value.length >= 2
        && value.every((branch) => isObject(branch) && Object.keys(branch).every((k) => !OPERATORS.has(k)));
}

function validateObject(pattern: JsonObject, path: string): void {
    const keys = Object.keys(pattern);
    if (keys.length === 0) {
        throw new EventPatternError(path, "an empty object matches nothing; name at least one field");
    }
    for (const key of keys) {
        const value = pattern[key];
        const here = join(path, key);
        if (isOrPrimitive(key, value)) {
            value.forEach((branch, i) => validateObject(branch, `${here}[${i}]`));
        } else if (Array.isArray(value)) {
            if (value.length === 0) {
                // JsonRuleCompiler: "Empty arrays are not allowed".
                throw new EventPatternError(here, "an empty array matches nothing");
            }
            value.forEach((matcher, i) => validateMatcher(matcher, `${here}[${i}]`));
        } else if (isObject(value)) {
            validateObject(value, here);
        } else {
            // "the value to match is in a JSON array" (eb-event-patterns.html, "Matching event values").
            throw new EventPatternError(here, `${JSON.stringify(value)} must be in an array of values, e.g. [${JSON.stringify(value)}]`);
        }
    }
}

const stringOrStrings = (value: Json): value is string | string[] =>
    typeof value === "string" || (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string"));

function validateMatcher(matcher: Json, path: string): void {
    if (!isObject(matcher)) {
        if (Array.isArray(matcher)) {
            throw new EventPatternError(path, "a value list cannot nest another list");
        }
        return;
    }
    const ops = Object.keys(matcher);
    if (ops.length !== 1) {
        throw new EventPatternError(path, `a comparison object takes exactly one operator, not ${ops.length}`);
    }
    const [op] = ops;
    const arg = matcher[op];
    const where = `${path}.${op}`;
    switch (op) {
        case "prefix":
        case "suffix":
            if (!(typeof arg === "string" || (isObject(arg) && Object.keys(arg).length === 1 && typeof arg["equals-ignore-case"] === "string"))) {
                throw new EventPatternError(where, `takes a string or { "equals-ignore-case": string }`);
            }
            return;
        case "equals-ignore-case":
            if (typeof arg !== "string") {
                throw new EventPatternError(where, "takes a string");
            }
            return;
        case "wildcard":
            if (typeof arg !== "string") {
                throw new EventPatternError(where, "takes a string");
            }
            wildcardRegExp(arg, where);
            return;
        case "exists":
            if (typeof arg !== "boolean") {
                throw new EventPatternError(where, "takes true or false");
            }
            return;
        case "cidr":
            if (typeof arg !== "string" || parseCidr(arg) === undefined) {
                throw new EventPatternError(where, `${JSON.stringify(arg)} is not a CIDR block`);
            }
            return;
        case "numeric":
            numericRange(arg, where);
            return;
        case "anything-but":
            validateAnythingBut(arg, where);
            return;
        default:
            throw new EventPatternError(where, `unknown operator "${op}"; EventBridge knows ${[...OPERATORS].join(", ")}`);
    }
}

function validateAnythingBut(arg: Json, where: string): void {
    if (typeof arg === "string" || typeof arg === "number") {
        return;
    }
    if (Array.isArray(arg)) {
        // "lists that contain only strings, or only numbers" (eb-create-pattern-operators.html, Anything-but).
        const allStrings = arg.every((v) => typeof v === "string");
        const allNumbers = arg.every((v) => typeof v === "number");
        if (arg.length === 0 || !(allStrings || allNumbers)) {
            throw new EventPatternError(where, "takes a list of only strings or only numbers");
        }
        return;
    }
    if (isObject(arg)) {
        const ops = Object.keys(arg);
        const [op] = ops;
        if (ops.length !== 1 || !["prefix", "suffix", "equals-ignore-case", "wildcard"].includes(op) || !stringOrStrings(arg[op])) {
            throw new EventPatternError(where, `takes a value, a list, or one of prefix, suffix, equals-ignore-case, wildcard with a string or strings`);
        }
        if (op === "wildcard") {
            ([] as string[]).concat(arg[op] as string | string[]).forEach((w) => wildcardRegExp(w, where));
        }
        return;
    }
    throw new EventPatternError(where, `cannot be ${JSON.stringify(arg)}`);
}

type Bound = { op: string; value: number };

/** ["op", n] or [">"|">=", n, "<"|"<=", m]; "=" stands alone (eb-create-pattern-operators.html, Numeric matching). */
function numericRange(arg: Json, where: string): Bound[] {
    const problem = `takes ["<op>", number] or [">"|">=", number, "<"|"<=", number] with op one of =, <, <=, >, >=`;
    if (!Array.isArray(arg) || (arg.length !== 2 && arg.length !== 4)) {
        throw new EventPatternError(where, problem);
    }
    const bounds: Bound[] = [];
    for (let i = 0; i < arg.length; i += 2) {
        const op = arg[i];
        const value = arg[i + 1];
        if (typeof op !== "string" || !["=", "<", "<=", ">", ">="].includes(op) || typeof value !== "number") {
            throw new EventPatternError(where, problem);
        }
        bounds.push({ op, value });
    }
    if (bounds.length === 2 && !(bounds[0].op.startsWith(">") && bounds[1].op.startsWith("<"))) {
        throw new EventPatternError(where, "a range gives the lower bound (> or >=) first, then the upper (< or <=)");
    }
    return bounds;
}

/**
 * A wildcard as a regular expression: `*` matches any run of characters; `\*` is a literal star and `\\` a literal
 * backslash; consecutive `**` and any other escape are refused (event-ruler README, "Wildcard matching").
 */
function wildcardRegExp(wildcard: string, where: string): RegExp {
    let source = "";
    for (let i = 0; i < wildcard.length; i++) {
        const c = wildcard[i];
        if (c === "\\") {
            const next = wildcard[i + 1];
            if (next !== "*" && next !== "\\") {
                throw new EventPatternError(where, `wildcard ${JSON.stringify(wildcard)} escapes ${next === undefined ? "nothing" : `"${next}"`}; only \\* and \\\\ are escapes`);
            }
            source += `\\${next}`;
            i++;
        } else if (c === "*") {
            if (wildcard[i + 1] === "*") {
                throw new EventPatternError(where, `wildcard ${JSON.stringify(wildcard)} has consecutive * characters`);
            }
            source += "[\\s\\S]*";
        } else {
            source += c.replace(/[.+?^${}()|[\]\\/]/g, "\\$&");
        }
    }
    return new RegExp(`^${source}$`);
}

const lower = (s: string) => s.toLowerCase();

/** The leaf values of an event field: scalars, arrays flattened; an object is an intermediate node, not a leaf. */
function leafValues(value: Json | undefined): Array<string | number | boolean | null> {
    if (value === undefined || isObject(value)) {
        return [];
    }
    if (Array.isArray(value)) {
        return value.flatMap((v) => leafValues(v));
    }
    return [value];
}

function matchesValue(matcher: Json, value: string | number | boolean | null): boolean {
    if (!isObject(matcher)) {
        // Exact match, typed: the string "300" is not the number 300, null is not "" (eb-event-patterns-null-values.html);
        // numbers compare by value (JsonRuleCompiler adds numericEquals next to the literal).
        return matcher === value;
    }
    const [op] = Object.keys(matcher);
    const arg = matcher[op];
    switch (op) {
        case "prefix":
            return typeof value === "string" && (typeof arg === "string"
                ? value.startsWith(arg)
                : lower(value).startsWith(lower((arg as JsonObject)["equals-ignore-case"] as string)));
        case "suffix":
            return typeof value === "string" && (typeof arg === "string"
                ? value.endsWith(arg)
                : lower(value).endsWith(lower((arg as JsonObject)["equals-ignore-case"] as string)));
        case "equals-ignore-case":
            return typeof value === "string" && lower(value) === lower(arg as string);
        case "wildcard":
            return typeof value === "string" && wildcardRegExp(arg as string, "").test(value);
        case "cidr":
            return typeof value === "string" && inCidr(arg as string, value);
        case "numeric":
            return typeof value === "number" && numericRange(arg, "").every((b) => compare(value, b));
        case "anything-but":
            return !excludedBy(arg, value);
        default:
            return false;
    }
}

function compare(value: number, bound: Bound): boolean {
    switch (bound.op) {
        case "=": return value === bound.value;
        case "<": return value < bound.value;
        case "<=": return value <= bound.value;
        case ">": return value > bound.value;
        default: return value >= bound.value;
    }
}

function inCidr(cidr: string, address: string): boolean {
    const block = parseCidr(cidr);
    const host = parseCidr(`${address}/${address.includes(":") ? 128 : 32}`);
    return block !== undefined && host !== undefined && block.version === host.version && host.first >= block.first && host.first <= block.last;
}

/**
 * Whether anything-but's argument excludes `value`. A value of another type is never excluded: event-ruler keeps every
 * present value an anything-but does not name (ByteMachine, failedAnythingButs), so anything-but "x" matches 5 and null.
 */
function excludedBy(arg: Json, value: string | number | boolean | null): boolean {
    if (Array.isArray(arg)) {
        return arg.some((excluded) => excluded === value);
    }
    if (!isObject(arg)) {
        return arg === value;
    }
    const [op] = Object.keys(arg);
    const values = ([] as string[]).concat(arg[op] as string | string[]);
    if (typeof value !== "string") {
        return false;
    }
    switch (op) {
        case "prefix": return values.some((p) => value.startsWith(p));
        case "suffix": return values.some((s) => value.endsWith(s));
        case "equals-ignore-case": return values.some((v) => lower(v) === lower(value));
        default: return values.some((w) => wildcardRegExp(w, "").test(value));
    }
}

/**
 * One field's value list: OR over its matchers. exists matches on the presence of leaf values (an object is not a leaf:
 * "Exists matching only works on leaf nodes", eb-create-pattern-operators.html); every other matcher needs some leaf
 * value it accepts, so an absent field matches nothing but exists:false. An event array matches if any element does.
 */
function matchField(matchers: Json[], value: Json | undefined): boolean {
    const leaves = leafValues(value);
    return matchers.some((matcher) => {
        if (isObject(matcher) && "exists" in matcher) {
            return matcher.exists === (leaves.length > 0);
        }
        return leaves.some((leaf) => matchesValue(matcher, leaf));
    });
}

/**
 * AND over the pattern's fields. Where the event holds an array of objects, one element must match the whole
 * sub-pattern: event-ruler's rulesForJSONEvent refuses matches "in which any two fields are within JSON objects that are
 * in different elements of the same array" (README, "JSON Array Matching").
 */
function matchObject(pattern: JsonObject, node: Json | undefined): boolean {
    if (Array.isArray(node)) {
        const elements = node.flat(Infinity as 1) as Json[];
        return elements.some((element) => matchObject(pattern, element)) || (elements.length === 0 && matchObject(pattern, undefined));
    }
    const fields = isObject(node) ? node : {};
    return Object.entries(pattern).every(([key, sub]) => {
        if (isOrPrimitive(key, sub)) {
            return sub.some((branch) => matchObject(branch, node));
        }
        return Array.isArray(sub) ? matchField(sub, fields[key]) : matchObject(sub as JsonObject, fields[key]);
    });
}

function firstMismatch(pattern: JsonObject, node: Json | undefined, path: string): string | undefined {
    if (matchObject(pattern, node)) {
        return undefined;
    }
    if (Array.isArray(node)) {
        return path || "(event)";
    }
    const fields = isObject(node) ? node : {};
    for (const [key, sub] of Object.entries(pattern)) {
        const here = join(path, key);
        if (isOrPrimitive(key, sub)) {
            if (!sub.some((branch) => matchObject(branch, node))) {
                return `${here} (no branch matches)`;
            }
        } else if (Array.isArray(sub)) {
            if (!matchField(sub, fields[key])) {
                return here;
            }
        } else {
            const inner = firstMismatch(sub as JsonObject, fields[key], here);
            if (inner !== undefined) {
                return inner;
            }
        }
    }
    return path || "(event)";
}
