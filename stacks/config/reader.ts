import * as pulumi from "@pulumi/pulumi";

/** Where raw stack config comes from: the Pulumi runtime in a deployment, a plain map in tests. */
export interface ConfigSource {
    project: string;
    stack: string;
    /** Every full key the stack has (`sigma:vpcId`, `aws:region`, ...), the project's declared defaults included. */
    keys(): string[];
    /** The raw string value of a full key such as `sigma:vpcId` (lists and objects arrive as JSON). */
    get(key: string): string | undefined;
    /** Whether the key was set as a secret (`pulumi config set --secret`, a `secure:` value in the stack file). */
    isSecret(key: string): boolean;
}

/** What the offline synth passes for a `secure:` value it cannot decrypt (see offline/synth/synthesize.ts). */
export const OFFLINE_SECRET_PLACEHOLDER = "[secret]";

const CONFIG_ERROR_BRAND = Symbol.for("sigma:stacks:ConfigError");

/**
 * Raised when stack config is invalid; its message lists every problem, one per line. A RunError, so
 * `pulumi up` prints the list without a stack trace. `instanceof` holds across reloads of this module (the
 * offline synth reloads stacks/ for every run), as Pulumi's own errors do with their brand property.
 */
export class ConfigError extends pulumi.RunError {
    readonly [CONFIG_ERROR_BRAND] = true;

    constructor(readonly problems: string[]) {
        super(`Invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n  - ${problems.join("\n  - ")}`);
        this.name = "ConfigError";
    }

    static [Symbol.hasInstance](value: unknown): boolean {
        return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[CONFIG_ERROR_BRAND] === true;
    }
}

/** A config source over a plain map (tests, tools): `values` are the raw strings the runtime would hold. */
export function mapConfigSource(values: Readonly<Record<string, string | undefined>>,
    options: { project?: string; stack?: string; secretKeys?: readonly string[] } = {}): ConfigSource {
    const own = new Map(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const secrets = new Set(options.secretKeys ?? []);
    return {
        project: options.project ?? "sigma",
        stack: options.stack ?? "dev",
        keys: () => [...own.keys()],
        get: (key) => own.get(key),
        isSecret: (key) => secrets.has(key),
    };
}

/** Renders a value for a problem line (JSON, so strings are quoted and lists read as lists). */
export function show(value: unknown): string {
    return JSON.stringify(value) ?? String(value);
}

/**
 * Reads typed values from a ConfigSource and records every problem, each naming the key, the bad value and
 * what is accepted, so one error can list them all before any resource is registered. Names without a
 * namespace are `sigma:` keys; `backup.frequency` names the member `frequency` of the object `sigma:backup`.
 */
export class ConfigReader {
    readonly problems: string[] = [];

    /** `now` judges schedules (a cron whose years are past never runs again). */
    constructor(readonly source: ConfigSource, readonly now: Date = new Date()) {}

    key(name: string): string {
        return /^[A-Za-z0-9_-]+:/.test(name) ? name : `sigma:${name}`;
    }

    /** The raw value of a top-level key; an empty string counts as unset. */
    raw(name: string): string | undefined {
        const value = this.source.get(this.key(name));
        return value === undefined || value === "" ? undefined : value;
    }

    has(name: string): boolean {
        return this.raw(name) !== undefined;
    }

    /** Whether the key (or, for `backup.x` and `adminCidrs[0]`, the key they are part of) holds a secret. */
    isSecret(name: string): boolean {
        return this.source.isSecret(this.key(name).split(/[.[]/)[0]);
    }

    /** The offline synth's stand-in for a secret it cannot decrypt: accepted without shape checks. */
    isOfflineSecret(name: string): boolean {
        return this.isSecret(name) && this.raw(name) === OFFLINE_SECRET_PLACEHOLDER;
    }

    /** Records `sigma:<key> <value> <fix>`, the first problem of each key only; a secret's value is never shown. */
    problem(name: string, value: unknown, fix: string): void {
        this.record(name, `${this.key(name)} ${this.isSecret(name) ? OFFLINE_SECRET_PLACEHOLDER : show(value)} ${fix}`);
    }

    missing(name: string, fix: string): void {
        this.record(name, `${this.key(name)} is not set; ${fix}`);
    }

    /** Whether a problem was recorded for the key. */
    refused(name: string): boolean {
        return this.refusedKeys.has(this.key(name));
    }

    private readonly refusedKeys = new Set<string>();

    private record(name: string, line: string): void {
        if (!this.refused(name)) {
            this.refusedKeys.add(this.key(name));
            this.problems.push(line);
        }
    }

    /** Throws one ConfigError listing every problem recorded so far. */
    throwIfAny(): void {
        if (this.problems.length > 0) {
            throw new ConfigError(this.problems);
        }
    }

    /** A string, or undefined (recording why) when `check` names a problem. */
    string(name: string, check?: (value: string) => string | undefined): string | undefined {
        return this.stringOf(name, this.raw(name), check);
    }

    requiredString(name: string, fix: string, check?: (value: string) => string | undefined): string | undefined {
        if (!this.has(name)) {
            this.missing(name, fix);
            return undefined;
        }
        return this.string(name, check);
    }

    /** One of `allowed` (compared exactly; never looked up on an object), suggesting the nearest spelling. */
    oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T, suggest?: (value: string) => string | undefined): T {
        return this.oneOfValue(name, this.raw(name), allowed, fallback, suggest);
    }

    integer(name: string, fallback: number, min: number, max: number, why = ""): number {
        return this.integerOf(name, this.raw(name), fallback, min, max, why);
    }

    boolean(name: string, fallback: boolean): boolean {
        return this.booleanOf(name, this.raw(name), fallback);
    }

    /** A top-level key holding a list or object as JSON. */
    json(name: string, expected: "list" | "object"): unknown {
        const value = this.raw(name);
        if (value === undefined) {
            return undefined;
        }
        try {
            return JSON.parse(value);
        } catch {
            const example = expected === "list" ? `pulumi config set --path '${this.key(name)}[0]' <value>` : `pulumi config set --path '${this.key(name)}.<member>' <value>`;
            this.problem(name, value, `is not a${expected === "object" ? "n" : ""} ${expected}; set it as a YAML ${expected} in the stack file or with ${example}`);
            return undefined;
        }
    }

    /** A list of strings; `itemCheck` names a problem with one item (recorded as `sigma:<key>[i]`). */
    /** The list, or undefined when unset or invalid (the problems are recorded; check has() to tell them apart). */
    stringList(name: string, itemCheck?: (item: string) => string | undefined): string[] | undefined {
        const value = this.json(name, "list");
        if (value === undefined) {
            return undefined;
        }
        if (!Array.isArray(value)) {
            this.problem(name, value, `is not a list; write it as a YAML list, e.g. ${this.key(name)}: [${show(typeof value === "string" ? value : "...")}]`);
            return undefined;
        }
        let ok = true;
        value.forEach((item: unknown, i: number) => {
            const problem = typeof item === "string" ? itemCheck?.(item) : "is not a string; write each entry as a string";
            if (problem) {
                this.problem(`${name}[${i}]`, item, problem);
                ok = false;
            }
        });
        return ok ? value as string[] : undefined;
    }

    /** A top-level key holding an object of members. */
    object(name: string): Record<string, unknown> | undefined {
        const value = this.json(name, "object");
        if (value === undefined) {
            return undefined;
        }
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
            this.problem(name, value, `is not an object; write it as YAML key: value pairs under ${this.key(name)}, or set one member with pulumi config set --path '${this.key(name)}.<member>' <value>`);
            return undefined;
        }
        return value as Record<string, unknown>;
    }

    // The readers below take a value already in hand: a top-level key's raw string, or an object member,
    // which arrives typed from YAML (7, true) or as a string from `pulumi config set --path`.

    stringOf(name: string, value: unknown, check?: (value: string) => string | undefined): string | undefined {
        if (value === undefined) {
            return undefined;
        }
        if (typeof value !== "string" || value === "") {
            this.problem(name, value, "must be a non-empty string");
            return undefined;
        }
        const problem = this.isOfflineSecret(name) ? undefined : check?.(value);
        if (problem) {
            this.problem(name, value, problem);
            return undefined;
        }
        return value;
    }

    oneOfValue<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T, suggest?: (value: string) => string | undefined): T {
        if (value === undefined) {
            return fallback;
        }
        const match = allowed.find((candidate) => candidate === value);
        if (match === undefined) {
            const hint = typeof value === "string" ? suggest?.(value) : undefined;
            this.problem(name, value, `is not supported; ${hint ? `did you mean ${hint}? ` : ""}use one of ${allowed.join(", ")}`);
        }
        return match ?? fallback;
    }

    integerOf(name: string, value: unknown, fallback: number, min: number, max: number, why = ""): number {
        if (value === undefined) {
            return fallback;
        }
        const parsed = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
        if (typeof parsed !== "number" || !Number.isInteger(parsed) || parsed < min || parsed > max) {
            this.problem(name, value, `must be a whole number from ${min} to ${max}${why}`);
            return fallback;
        }
        return parsed;
    }

    booleanOf(name: string, value: unknown, fallback: boolean): boolean {
        if (value === undefined) {
            return fallback;
        }
        if (value === true || value === "true") {
            return true;
        }
        if (value === false || value === "false") {
            return false;
        }
        this.problem(name, value, "must be true or false");
        return fallback;
    }
}
