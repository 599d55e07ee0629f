import * as aws from "@pulumi/aws";
import { SigmaInstanceArgs, stackScopeTagValue } from "../components";
import { patchGroupTags } from "../components/operations/sigmaPatching";
import { PrimaryConfig, StackConfig } from "./config";
import { stackEbsKeyArn } from "./keys";

/**
 * The SigmaInstance args every topology takes from stack config; placement and network come from the topology. The
 * volumes are encrypted with the stack's EBS key (stacks/keys.ts: sigma:kmsKeyArn, or the key multi-az creates), and
 * the instance carries the stack's scope tag, which backup and restore require.
 */
export function instanceArgsFromConfig(cfg: PrimaryConfig, provider: aws.Provider): Omit<SigmaInstanceArgs, "subnetId" | "securityGroupIds"> {
    const { ami, instanceType, keyName, dataVolumeGiB, rootVolumeGiB, terminationProtection } = cfg.instance;
    return {
        ...ami, instanceType, keyName, dataVolumeGiB, rootVolumeGiB, kmsKeyArn: stackEbsKeyArn(cfg, provider), terminationProtection,
        rolePath: instanceRolePath(cfg), stackScope: stackScope(cfg),
        // Patch Manager gives an instance the baseline registered for its patch group (SigmaPatching).
        ...(cfg.operations.patching.enabled ? { tags: patchGroupTags(patchGroupName(cfg)) } : {}),
    };
}

/** The stack's patch group (the instances' `Patch Group` tag): `<project>-<stack>`. */
export function patchGroupName(cfg: StackConfig): string {
    return `${cfg.project}-${cfg.stack}`.replace(/[^A-Za-z0-9_.:/=+\-@]/g, "-");
}

/** The stack scope tag's value of the stack: `<project>/<stack>`. */
export function stackScope(cfg: StackConfig): string {
    return stackScopeTagValue(cfg.project, cfg.stack);
}

/** The IAM path of the project's instance roles: the same in every stack and region, so the DR restore role names them. */
export function instanceRolePath(cfg: StackConfig): string {
    return `/sigma/${cfg.project}/`;
}
