import { ID_EXAMPLES } from "../../model/ids";
import { COMMON_KEYS, CommonConfig, INGRESS_RULES_PER_GROUP, readInstanceAppCidrs, subnetIdProblem, VPC_ID_FIX, vpcIdProblem } from "./common";
import { INSTANCE_KEYS, InstanceSettings, readInstanceSettings } from "./instance";
import { PRIMARY_BACKUP_KEYS, PrimaryBackupConfig, readPrimaryBackup, readRestore, RESTORE_KEYS, RestoreRequest } from "./backup";
import { defaultOf } from "./keys";
import { ConfigReader } from "./reader";
import { TopologySpec } from "./topology";
import { OPERATIONS_KEYS, OperationsConfig, readOperations, SCHEDULE_KEYS } from "./operations";

/** single-az (dev): the guide's one APP&DB instance in one subnet of an existing VPC. */
export interface SingleAzConfig extends CommonConfig {
    topology: "single-az";
    vpcId: string;
    /** Exactly one subnet: APP and DB share one instance. */
    subnetIds: [string];
    instance: InstanceSettings;
    /** Networks allowed to reach Sigma on 8080 (plain HTTP), never the whole internet. */
    appCidrs: string[];
    associatePublicIpAddress: boolean;
    backup: PrimaryBackupConfig;
    /** The dr-region stack whose DrBackupVaultArn receives copies. */
    drStack?: string;
    restore?: RestoreRequest;
    /** Logs and other day-to-day operations (stacks/config/operations.ts). */
    operations: OperationsConfig;
}

export const singleAzSpec: TopologySpec<SingleAzConfig> = {
    topology: "single-az",
    keys: [...COMMON_KEYS, ...INSTANCE_KEYS, ...PRIMARY_BACKUP_KEYS, ...RESTORE_KEYS, "sigma:vpcId", "sigma:subnetIds", "sigma:appCidrs",
        "sigma:associatePublicIpAddress", ...OPERATIONS_KEYS, ...SCHEDULE_KEYS],
    unusedReasons: new Map(),
    maxAdminCidrs: INGRESS_RULES_PER_GROUP,
    parse(read: ConfigReader, common: CommonConfig): SingleAzConfig {
        const vpcId = read.requiredString("vpcId", VPC_ID_FIX, vpcIdProblem) ?? "";
        const subnetIds = read.stringList("subnetIds", subnetIdProblem);
        if (!read.has("subnetIds")) {
            read.missing("subnetIds", `list the one subnet to launch in, e.g. ["${ID_EXAMPLES.subnet}"]`);
        } else if (subnetIds !== undefined && subnetIds.length !== 1) {
            read.problem("subnetIds", subnetIds, `must list exactly one subnet for the single-az topology (APP and DB share one instance), e.g. [${JSON.stringify(subnetIds[0] ?? ID_EXAMPLES.subnet)}]`);
        }
        const { backup, drStack } = readPrimaryBackup(read, common.region);
        return {
            ...common,
            topology: "single-az",
            vpcId,
            subnetIds: [subnetIds?.[0] ?? ""],
            instance: readInstanceSettings(read),
            appCidrs: readInstanceAppCidrs(read, common.adminCidrs),
            associatePublicIpAddress: read.boolean("associatePublicIpAddress", defaultOf<boolean>("sigma:associatePublicIpAddress")),
            backup,
            drStack,
            restore: readRestore(read, common.region, backup.enabled),
            operations: readOperations(read, { schedule: true, topology: "single-az", backupEnabled: backup.enabled }),
        };
    },
};
