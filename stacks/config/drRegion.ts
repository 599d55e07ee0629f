import { ID_EXAMPLES } from "../../model/ids";
import { BACKUP_VAULT_KEYS, BackupVaultConfig, PRIMARY_BACKUP_KEYS, readDrVault, readRestore, RESTORE_KEYS, RestoreRequest } from "./backup";
import { COMMON_KEYS, CommonConfig, INGRESS_RULES_PER_GROUP, readInstanceAppCidrs, subnetIdProblem, VPC_ID_FIX, vpcIdProblem } from "./common";
import { INSTANCE_KEYS } from "./instance";
import { ConfigReader } from "./reader";
import { PATCHING_KEYS } from "./operations";
import { TopologySpec } from "./topology";

/**
 * dr-region: the vault the primary copies into, the restore Lambda and role, and the security groups restored
 * instances land in. It launches no instance and makes no backups of its own.
 */
export interface DrRegionConfig extends CommonConfig {
    topology: "dr-region";
    vpcId: string;
    /** Subnets restored instances may land in; the first is the default. */
    subnetIds: string[];
    /** Networks allowed to reach restored instances on 8080, never the whole internet. */
    appCidrs: string[];
    /** The receiving vault's settings. */
    backup: BackupVaultConfig;
    restore?: RestoreRequest;
}

const NO_INSTANCE = "a dr-region stack launches no instance; a restore takes its settings from the recovery point (and sigma:restore.instanceType)";
const NO_BACKUPS = "a dr-region stack makes no backups; it receives the primary's copies";
const IS_DESTINATION = "a dr-region stack is the copy destination itself";

export const drRegionSpec: TopologySpec<DrRegionConfig> = {
    topology: "dr-region",
    keys: [...COMMON_KEYS, ...BACKUP_VAULT_KEYS, ...RESTORE_KEYS, "sigma:vpcId", "sigma:subnetIds", "sigma:appCidrs"],
    unusedReasons: new Map([
        ...INSTANCE_KEYS.map((key) => [key, NO_INSTANCE] as const),
        ["sigma:associatePublicIpAddress", NO_INSTANCE],
        ...PRIMARY_BACKUP_KEYS.filter((key) => !(BACKUP_VAULT_KEYS as readonly string[]).includes(key)).map((key) => [key, NO_BACKUPS] as const),
        ["sigma:drStack", IS_DESTINATION],
        ...PATCHING_KEYS.map((key) => [key, "a dr-region stack runs no instance to patch"] as const),
        ["sigma:backup.copyToVaultArn", IS_DESTINATION],
    ]),
    maxAdminCidrs: INGRESS_RULES_PER_GROUP,
    parse(read: ConfigReader, common: CommonConfig): DrRegionConfig {
        const vpcId = read.requiredString("vpcId", VPC_ID_FIX, vpcIdProblem) ?? "";
        const subnetIds = read.stringList("subnetIds", subnetIdProblem);
        const fix = `list the subnet(s) restored instances land in, the first being the default, e.g. ["${ID_EXAMPLES.subnet}"]`;
        if (!read.has("subnetIds")) {
            read.missing("subnetIds", fix);
        } else if (subnetIds !== undefined && subnetIds.length === 0) {
            read.problem("subnetIds", subnetIds, `must ${fix}`);
        } else if (subnetIds !== undefined) {
            subnetIds.forEach((id, i) => {
                const first = subnetIds.indexOf(id);
                if (first < i) {
                    read.problem(`subnetIds[${i}]`, id, `is already sigma:subnetIds[${first}]; remove it`);
                }
            });
        }
        return {
            ...common,
            topology: "dr-region",
            vpcId,
            subnetIds: subnetIds ?? [],
            appCidrs: readInstanceAppCidrs(read, common.adminCidrs),
            backup: readDrVault(read),
            restore: readRestore(read, common.region, true),
        };
    },
};
