import { SigmaInstanceArgs } from "../components";
import { SigmaConfig } from "./config";

/** The SigmaInstance args every topology takes from stack config; placement and network come from the topology. */
export function instanceArgsFromConfig(cfg: SigmaConfig): Omit<SigmaInstanceArgs, "subnetId" | "securityGroupIds"> {
    return {
        amiId: cfg.amiId,
        amiOwner: cfg.amiOwner,
        amiNameFilter: cfg.amiNameFilter,
        instanceType: cfg.instanceType,
        keyName: cfg.keyName,
        dataVolumeGiB: cfg.dataVolumeGiB,
        rootVolumeGiB: cfg.rootVolumeGiB,
        kmsKeyArn: cfg.kmsKeyArn,
        terminationProtection: cfg.terminationProtection,
    };
}
