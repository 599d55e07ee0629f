/** Where raw stack config comes from: the Pulumi runtime in a deployment, a plain map in tests. */
export interface ConfigSource {
    project: string;
    stack: string;
    /** The raw string value of a full key such as `sigma:vpcId` (lists and objects arrive as JSON). */
    get(key: string): string | undefined;
}

const show = (value: unknown) => JSON.stringify(value);

/**
 * Reads typed values from a ConfigSource and records every problem, each naming the key, the bad value
 * and what is accepted, so that one error can list them all before any resource is registered.
 */
export class ConfigReader {
    readonly problems: string[] = [];

    constructor(private readonly source: ConfigSource, private readonly namespace: string) {}

    key(name: string): string {
        return /^[A-Za-z0-9_-]+:/.test(name) ? name : `${this.namespace}:${name}`;
    }

    raw(name: string): string | undefined {
        const value = this.source.get(this.key(name));
        return value === undefined || value === "" ? undefined : value;
    }

    problem(name: string, value: unknown, fix: string): void {
        this.problems.push(`${this.key(name)} ${show(value)} ${fix}`);
    }

    missing(name: string, fix: string): void {
        this.problems.push(`${this.key(name)} is not set; ${fix}`);
    }

    string(name: string, options: { pattern?: RegExp; fix?: string } = {}): string | undefined {
        const value = this.raw(name);
        if (value !== undefined && options.pattern && !options.pattern.test(value)) {
            this.problem(name, value, options.fix ?? `does not match ${options.pattern}`);
            return undefined;
        }
        return value;
    }

    requiredString(name: string, options: { pattern?: RegExp; fix: string }): string {
        const value = this.string(name, options);
        if (this.raw(name) === undefined) {
            this.missing(name, options.fix);
        }
        return value ?? "";
    }

    oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
        const value = this.raw(name);
        if (value === undefined) {
            return fallback;
        }
        if (!(allowed as readonly string[]).includes(value)) {
            this.problem(name, value, `is not supported; use one of ${allowed.join(", ")}`);
            return fallback;
        }
        return value as T;
    }

    integer(name: string, fallback: number, min: number, max: number, why = ""): number {
        const value = this.raw(name);
        if (value === undefined) {
            return fallback;
        }
        const parsed = Number(value);
        if (!/^-?\d+$/.test(value.trim()) || parsed < min || parsed > max) {
            this.problem(name, value, `must be a whole number from ${min} to ${max}${why}`);
            return fallback;
        }
        return parsed;
    }

    boolean(name: string, fallback: boolean): boolean {
        const value = this.raw(name);
        if (value === undefined) {
            return fallback;
        }
        if (value !== "true" && value !== "false") {
            this.problem(name, value, "must be true or false");
            return fallback;
        }
        return value === "true";
    }

    json(name: string, expected: string): unknown {
        const value = this.raw(name);
        if (value === undefined) {
            return undefined;
        }
        try {
            return JSON.parse(value);
        } catch {
            this.problem(name, value, `is not valid JSON; set it as ${expected} (pulumi config set --path or a YAML ${expected} in the stack file)`);
            return undefined;
        }
    }

    stringList(name: string, itemCheck?: (item: string) => string | undefined): string[] {
        const value = this.json(name, "list");
        if (value === undefined) {
            return [];
        }
        if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
            this.problem(name, value, "must be a list of strings");
            return [];
        }
        if (itemCheck) {
            value.forEach((item: string, i: number) => {
                const problem = itemCheck(item);
                if (problem) {
                    this.problems.push(`${this.key(name)}[${i}] ${show(item)} ${problem}`);
                }
            });
        }
        return value as string[];
    }

    object(name: string): Record<string, unknown> | undefined {
        const value = this.json(name, "object");
        if (value === undefined) {
            return undefined;
        }
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
            this.problem(name, value, "must be an object of key: value pairs");
            return undefined;
        }
        return value as Record<string, unknown>;
    }
}

/** Raised when stack config is invalid; its message lists every problem, one per line. */
export class ConfigError extends Error {
    constructor(readonly problems: string[]) {
        super(`Invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n  - ${problems.join("\n  - ")}`);
        this.name = "ConfigError";
    }
}
