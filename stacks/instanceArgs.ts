import { SigmaInstanceArgs } from "../components";
import { PrimaryConfig } from "./config";

/** The SigmaInstance args every topology takes from stack config; placement and network come from the topology. */
export function instanceArgsFromConfig(cfg: PrimaryConfig): Omit<SigmaInstanceArgs, "subnetId" | "securityGroupIds"> {
    const { ami, instanceType, keyName, dataVolumeGiB, rootVolumeGiB, terminationProtection } = cfg.instance;
    return { ...ami, instanceType, keyName, dataVolumeGiB, rootVolumeGiB, kmsKeyArn: cfg.kmsKeyArn, terminationProtection };
}
