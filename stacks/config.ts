import * as pulumi from "@pulumi/pulumi";
import { CommonConfig, INGRESS_RULES_PER_GROUP, readCommon } from "./config/common";
import { drRegionSpec, DrRegionConfig } from "./config/drRegion";
import { CONFIG_DEFAULTS, OBJECT_KEYS, RENAMED_KEYS, RENAMED_VALUES, SECRET_CAPABLE_KEYS, Topology, TOPOLOGIES } from "./config/keys";
import { multiAzSpec, MultiAzConfig } from "./config/multiAz";
import { nearest } from "./config/nearest";
import { ConfigError, ConfigReader, ConfigSource } from "./config/reader";
import { singleAzSpec, SingleAzConfig } from "./config/singleAz";
import { TopologySpec } from "./config/topology";

export { ConfigError, ConfigSource, mapConfigSource, OFFLINE_SECRET_PLACEHOLDER } from "./config/reader";
export { CONFIG_DEFAULTS, RENAMED_KEYS, SECRET_CAPABLE_KEYS, Topology, TOPOLOGIES } from "./config/keys";
export type { CommonConfig } from "./config/common";
export type { AmiSource, InstanceSettings } from "./config/instance";
export type { BackupVaultConfig, EnabledBackupConfig, PrimaryBackupConfig, RestoreRequest } from "./config/backup";
export type { ExistingVpc, NatGatewayStrategy, NewVpc } from "./config/multiAz";
export type { SingleAzConfig, MultiAzConfig, DrRegionConfig };

/** The one typed, validated view of a stack's config that the rest of the program takes. */
export type StackConfig = SingleAzConfig | MultiAzConfig | DrRegionConfig;
/** The topologies that run Sigma instances and back them up. */
export type PrimaryConfig = SingleAzConfig | MultiAzConfig;

const SPECS: ReadonlyMap<string, TopologySpec<StackConfig>> = new Map<string, TopologySpec<StackConfig>>(
    [singleAzSpec, multiAzSpec, drRegionSpec].map((spec) => [spec.topology, spec]));

/** The topologies that read each key. */
export const KEY_TOPOLOGIES: ReadonlyMap<string, readonly Topology[]> = new Map(
    [...new Set([...SPECS.values()].flatMap((spec) => spec.keys))].sort()
        .map((key) => [key, TOPOLOGIES.filter((topology) => SPECS.get(topology)!.keys.includes(key))]));

/** Every `sigma:` key the program reads, object members as `sigma:backup.frequency`; any other is refused. */
export const KNOWN_KEYS: readonly string[] = [...KEY_TOPOLOGIES.keys()];

/** One `sigma:` key (or object member) the stack sets, with its value. */
interface SetKey {
    key: string;
    value: unknown;
    /** The object key it is a member of (sigma:backup for sigma:backup.frequency). */
    object?: string;
}

/** The sigma: keys the stack sets (an empty value counts as unset), and the members of its sigma:backup and sigma:restore. */
function setKeys(read: ConfigReader): SetKey[] {
    const keys: SetKey[] = [];
    for (const key of read.source.keys().filter((key) => key.startsWith("sigma:")).sort()) {
        const value = read.raw(key);
        if (value === undefined) {
            continue;
        }
        keys.push({ key, value });
        if (OBJECT_KEYS.has(key) && !read.source.isSecret(key)) {
            const members = safeJson(value);
            if (typeof members === "object" && members !== null && !Array.isArray(members)) {
                for (const [member, memberValue] of Object.entries(members)) {
                    keys.push({ key: `${key}.${member}`, value: memberValue, object: key });
                }
            }
        }
    }
    return keys;
}

function safeJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}

/** Why an unknown key is refused: its new name, its --path form, or the nearest known key. */
function unknownKeyFix({ key, value, object }: SetKey): string {
    const renamed = RENAMED_KEYS.get(key);
    if (renamed !== undefined) {
        const newValue = typeof value === "string" ? RENAMED_VALUES.get(key)?.get(value) : undefined;
        return `is the old name of ${renamed}; use ${renamed}${newValue !== undefined ? ` with the value ${newValue}` : ""}`;
    }
    if (object === undefined && KNOWN_KEYS.includes(key)) {
        // `pulumi config set sigma:backup.frequency x` without --path makes a top-level key with a dot in its name.
        return `is a top-level key named with a dot; it must be a member of ${key.slice(0, key.indexOf("."))}: pulumi config rm ${key}, then pulumi config set --path ${key} <value>`;
    }
    // Names are compared without the shared prefix (sigma:, sigma:backup.), so the prefix does not make a far name look near.
    const prefix = object === undefined ? "sigma:" : `${object}.`;
    const candidates = [...KNOWN_KEYS, ...RENAMED_KEYS.keys()]
        .filter((known) => known.startsWith(prefix) && !known.slice(prefix.length).includes("."))
        .map((known) => known.slice(prefix.length));
    const near = nearest(key.slice(prefix.length), candidates);
    const suggestion = near === undefined ? undefined : RENAMED_KEYS.get(prefix + near) ?? prefix + near;
    const what = object === undefined ? "a known key" : `a known member of ${object}`;
    return suggestion === undefined ? `is not ${what}; remove it (docs/configuration.md lists every key)` : `is not ${what}; did you mean ${suggestion}?`;
}

/** Whether a set value is the key's default (a project default Pulumi.yaml hands every stack counts as unset). */
function isDefault(key: string, value: unknown): boolean {
    if (!Object.hasOwn(CONFIG_DEFAULTS, key)) {
        return false;
    }
    const fallback = CONFIG_DEFAULTS[key];
    const typed = typeof value === "string" && typeof fallback !== "string" ? safeJson(value) : value;
    return JSON.stringify(typed) === JSON.stringify(fallback);
}

/** Refuses unknown keys (with the nearest known one), secrets where none belong, and keys the topology does not read. */
function refuseKeys(read: ConfigReader, spec: TopologySpec<StackConfig> | undefined): void {
    for (const entry of setKeys(read)) {
        if (!KNOWN_KEYS.includes(entry.key) || (entry.object === undefined && entry.key.includes("."))) {
            read.problem(entry.key, entry.value, unknownKeyFix(entry));
        } else if (entry.object === undefined && read.source.isSecret(entry.key) && !SECRET_CAPABLE_KEYS.has(entry.key)) {
            read.problem(entry.key, entry.value, `is a secret, but only ${[...SECRET_CAPABLE_KEYS].join(", ")} may be one; set it in plain text: pulumi config set ${entry.key} <value>`);
        } else if (spec !== undefined && !spec.keys.includes(entry.key) && !isDefault(entry.key, entry.value)) {
            const reason = spec.unusedReasons.get(entry.key) ?? `it applies to ${KEY_TOPOLOGIES.get(entry.key)!.join(" and ")}`;
            read.problem(entry.key, entry.value, `is not used by the ${spec.topology} topology (${reason}); remove it`);
        }
    }
}

/**
 * Parses and validates stack config into the topology's type; throws one ConfigError listing every problem.
 * The topology is chosen once, here: each topology's module holds its keys and rules.
 */
export function parseConfig(source: ConfigSource, options: { now?: Date } = {}): StackConfig {
    const read = new ConfigReader(source, options.now);
    const topology = read.raw("topology") ?? CONFIG_DEFAULTS["sigma:topology"] as string;
    const spec = SPECS.get(topology);
    if (spec === undefined) {
        const hint = nearest(topology, TOPOLOGIES);
        read.problem("topology", topology, `is not supported; ${hint ? `did you mean ${hint}? ` : ""}use one of ${TOPOLOGIES.join(", ")}`);
    }
    refuseKeys(read, spec);
    const common: CommonConfig = readCommon(read, spec?.maxAdminCidrs ?? INGRESS_RULES_PER_GROUP);
    const config = spec === undefined ? undefined : spec.parse(read, common);
    if (config === undefined || read.problems.length > 0) {
        throw new ConfigError(read.problems);
    }
    return config;
}

/** The runtime's secret-key test: exported by @pulumi/pulumi's runtime but marked internal in its typings. */
const runtimeConfig = pulumi.runtime as typeof pulumi.runtime & { isConfigSecret?: (key: string) => boolean };

/** Reads the running stack's config through the Pulumi runtime (every key, so unknown ones are refused too). */
export function loadConfig(): StackConfig {
    const all = new Map(Object.entries(pulumi.runtime.allConfig()));
    if (typeof runtimeConfig.isConfigSecret !== "function") {
        throw new Error("@pulumi/pulumi's runtime no longer exports isConfigSecret; secret config cannot be told apart");
    }
    const isConfigSecret = runtimeConfig.isConfigSecret;
    return parseConfig({
        project: pulumi.getProject(),
        stack: pulumi.getStack(),
        keys: () => [...all.keys()],
        get: (key) => all.get(key),
        isSecret: (key) => isConfigSecret(key),
    });
}
