import * as path from "path";
import * as fs from "fs";
import { EnforcementLevel, Policies } from "@pulumi/policy";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** A policy's effective settings: its enforcement level and its config with the schema's defaults applied. */
export interface ResolvedPolicyConfig {
    enforcementLevel: EnforcementLevel;
    properties: Record<string, unknown>;
}

/** Raised for an unreadable or invalid policy config; the message lists every problem with its key, value and fix. */
export class PolicyConfigError extends Error {
    constructor(readonly source: string, readonly problems: string[]) {
        super(`Invalid policy config ${source} (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n  - ${problems.join("\n  - ")}`);
        this.name = "PolicyConfigError";
    }
}

const show = (value: unknown) => JSON.stringify(value);

/** Reads a policy-pack config file (the JSON `pulumi preview --policy-pack-config` takes). */
export function loadPolicyConfig(file: string): Record<string, any> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new PolicyConfigError(file, [`cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); pass an existing JSON file such as policy/config/dev.json`]);
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (err) {
        throw new PolicyConfigError(file, [`is not valid JSON (${(err as Error).message}); write an object such as { "all": "mandatory", "ec2-no-public-ip": { "allowPublicIp": true } }`]);
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new PolicyConfigError(file, [`top level ${show(parsed)} must be an object of policy name -> enforcement level or settings`]);
    }
    return parsed as Record<string, any>;
}

/** The problems of one value against a (subset of) JSON schema: type, enum, bounds, pattern, items. */
export function schemaProblems(key: string, value: unknown, schema: PolicyConfigJSONSchema): string[] {
    const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
    const typeOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v);
    const actual = typeOf(value);
    if (types.length > 0 && !types.some((t) => t === actual || (t === "number" && actual === "integer"))) {
        return [`${key} ${show(value)} must be of type ${types.join(" or ")}`];
    }
    const problems: string[] = [];
    if (schema.enum && !schema.enum.some((e) => show(e) === show(value))) {
        problems.push(`${key} ${show(value)} must be one of ${schema.enum.map(show).join(", ")}`);
    }
    if (typeof value === "number") {
        if (schema.minimum !== undefined && value < schema.minimum) problems.push(`${key} ${value} must be at least ${schema.minimum}`);
        if (schema.maximum !== undefined && value > schema.maximum) problems.push(`${key} ${value} must be at most ${schema.maximum}`);
        if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) problems.push(`${key} ${value} must be greater than ${schema.exclusiveMinimum}`);
        if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) problems.push(`${key} ${value} must be less than ${schema.exclusiveMaximum}`);
    }
    if (typeof value === "string") {
        if (schema.minLength !== undefined && value.length < schema.minLength) problems.push(`${key} ${show(value)} must be at least ${schema.minLength} characters`);
        if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) problems.push(`${key} ${show(value)} must match ${schema.pattern}`);
    }
    if (Array.isArray(value)) {
        if (schema.minItems !== undefined && value.length < schema.minItems) problems.push(`${key} must list at least ${schema.minItems} item(s)`);
        if (schema.items && typeof schema.items === "object" && !Array.isArray(schema.items)) {
            const itemSchema = schema.items;
            value.forEach((item, i) => problems.push(...schemaProblems(`${key}[${i}]`, item, itemSchema)));
        }
    }
    return problems;
}

/**
 * Every policy's enforcement level and settings, as the Pulumi CLI computes them from a config file: the
 * policy's own level (else the pack's), overridden by `all`, overridden by the policy's own entry; config
 * properties over the schema's defaults. Throws a PolicyConfigError listing every problem at once.
 */
export function resolvePolicyConfig(policies: Policies, config: Record<string, any> = {}, source = "(inline config)",
    packEnforcementLevel: EnforcementLevel = "advisory"): Map<string, ResolvedPolicyConfig> {
    const problems: string[] = [];
    const names = policies.map((p) => p.name);
    const levelOf = (key: string, entry: unknown): EnforcementLevel | undefined => {
        const level = typeof entry === "string" ? entry : (entry as { enforcementLevel?: unknown })?.enforcementLevel;
        if (level === undefined) {
            return undefined;
        }
        if (!ENFORCEMENT_LEVELS.includes(level as EnforcementLevel)) {
            problems.push(`${key} enforcement level ${show(level)} is not one of ${ENFORCEMENT_LEVELS.join(", ")}`);
            return undefined;
        }
        return level as EnforcementLevel;
    };
    for (const key of Object.keys(config)) {
        if (key !== "all" && !names.includes(key)) {
            problems.push(`${key} ${show(config[key])} names no policy of the pack; use "all" or one of: ${names.join(", ")}`);
        }
    }
    const allLevel = levelOf("all", config.all);
    const resolved = new Map<string, ResolvedPolicyConfig>();
    for (const policy of policies) {
        const entry = config[policy.name];
        if (entry !== undefined && typeof entry !== "string" && (typeof entry !== "object" || entry === null || Array.isArray(entry))) {
            problems.push(`${policy.name} ${show(entry)} must be an enforcement level or an object of settings`);
            continue;
        }
        const level = levelOf(policy.name, entry) ?? allLevel ?? policy.enforcementLevel ?? packEnforcementLevel;
        const schemaProperties = policy.configSchema?.properties ?? {};
        const properties: Record<string, unknown> = {};
        for (const [name, schema] of Object.entries(schemaProperties)) {
            if (schema.default !== undefined) {
                properties[name] = structuredClone(schema.default);
            }
        }
        if (entry && typeof entry === "object") {
            for (const [name, value] of Object.entries(entry as Record<string, unknown>)) {
                if (name === "enforcementLevel") {
                    continue;
                }
                const schema = schemaProperties[name];
                if (!schema) {
                    const known = Object.keys(schemaProperties);
                    problems.push(`${policy.name}.${name} ${show(value)} is not a setting of this policy; ${known.length ? `use one of ${known.join(", ")}` : "it takes only enforcementLevel"}`);
                    continue;
                }
                problems.push(...schemaProblems(`${policy.name}.${name}`, value, schema));
                properties[name] = value;
            }
        }
        for (const required of policy.configSchema?.required ?? []) {
            if (properties[required] === undefined) {
                problems.push(`${policy.name}.${required} is required; set it in the policy config`);
            }
        }
        resolved.set(policy.name, { enforcementLevel: level, properties });
    }
    if (problems.length > 0) {
        throw new PolicyConfigError(source, problems);
    }
    return resolved;
}

/** Where the stacks' policy configs live: the repository's policy/config, one `<stack>.json` per stack. */
export const POLICY_CONFIG_DIR = path.join(__dirname, "..", "..", "policy", "config");

/** The config file a stack uses when none is given: policy/config/<stack>.json, if it exists. */
export function defaultConfigFile(stack: string): string | undefined {
    const file = path.join(POLICY_CONFIG_DIR, `${stack}.json`);
    return fs.existsSync(file) ? file : undefined;
}
