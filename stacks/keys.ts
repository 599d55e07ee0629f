import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SigmaEbsKey } from "../components";
import { PROTECTED_TOPOLOGIES } from "./config/keys";
import { StackConfig } from "./config";

/** Whether the stack's data-bearing resources (vault, keys, lock, access policy, DB data volume) are protected and retained. */
export function protectsData(cfg: StackConfig): boolean {
    if (cfg.topology === "dr-region") {
        return cfg.backup.protect;
    }
    return cfg.backup.enabled ? cfg.backup.protect : PROTECTED_TOPOLOGIES.includes(cfg.topology);
}

/** The break-glass role guarding the stack's keys and vault, when the stack has one. */
export function breakGlassRoleArn(cfg: StackConfig): string | undefined {
    if (cfg.topology === "dr-region") {
        return cfg.backup.breakGlassRoleArn;
    }
    return cfg.backup.enabled ? cfg.backup.breakGlassRoleArn : undefined;
}

/** A KMS alias name for the stack's EBS key: per project and stack (aliases are unique per account and region). */
export function ebsKeyAliasName(cfg: StackConfig): string {
    return `${cfg.project}-${cfg.stack}-ebs`.replace(/[^A-Za-z0-9/_-]/g, "-");
}

const created = new WeakMap<StackConfig, pulumi.Input<string> | undefined>();

/**
 * The EBS key of the stack: sigma:kmsKeyArn when given; otherwise, in multi-az and dr-region, a SigmaEbsKey the stack
 * creates (once per stack: the instances, the restore role and the monitoring all get the same key); otherwise
 * undefined, the account's EBS default key (dev).
 */
export function stackEbsKeyArn(cfg: StackConfig, provider?: aws.Provider): pulumi.Input<string> | undefined {
    if (cfg.kmsKeyArn !== undefined) {
        return cfg.kmsKeyArn;
    }
    if (!PROTECTED_TOPOLOGIES.includes(cfg.topology)) {
        return undefined;
    }
    if (!created.has(cfg)) {
        const protect = protectsData(cfg);
        const key = new SigmaEbsKey("sigma-ebs", {
            aliasName: ebsKeyAliasName(cfg),
            breakGlassRoleArn: breakGlassRoleArn(cfg),
            protect,
        }, { provider });
        created.set(cfg, key.keyArn);
    }
    return created.get(cfg);
}

/**
 * The EBS key the stack's monitoring watches for deletion, disabling and new policies: sigma:kmsKeyArn, or the key
 * stackEbsKeyArn created. In multi-az and dr-region the key must exist by then (the instances or the restore role
 * asked for it first); asking earlier is a programming error, refused loudly rather than leaving the key unwatched.
 */
export function watchedEbsKeyArns(cfg: StackConfig): pulumi.Input<string>[] {
    if (cfg.kmsKeyArn !== undefined) {
        return [cfg.kmsKeyArn];
    }
    if (!PROTECTED_TOPOLOGIES.includes(cfg.topology)) {
        return [];
    }
    const key = created.get(cfg);
    if (key === undefined) {
        throw new Error(`the ${cfg.topology} stack's EBS key is watched before it exists; call stackEbsKeyArn (instanceArgsFromConfig) first`);
    }
    return [key];
}
