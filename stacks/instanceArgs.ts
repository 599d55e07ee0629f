import { SigmaInstanceArgs } from "../components";
import { PrimaryConfig, StackConfig } from "./config";

/** The SigmaInstance args every topology takes from stack config; placement and network come from the topology. */
export function instanceArgsFromConfig(cfg: PrimaryConfig): Omit<SigmaInstanceArgs, "subnetId" | "securityGroupIds"> {
    const { ami, instanceType, keyName, dataVolumeGiB, rootVolumeGiB, terminationProtection } = cfg.instance;
    return { ...ami, instanceType, keyName, dataVolumeGiB, rootVolumeGiB, kmsKeyArn: cfg.kmsKeyArn, terminationProtection, rolePath: instanceRolePath(cfg) };
}

/** The IAM path of the project's instance roles: the same in every stack and region, so the DR restore role names them. */
export function instanceRolePath(cfg: StackConfig): string {
    return `/sigma/${cfg.project}/`;
}
