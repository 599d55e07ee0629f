import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { knownOr } from "./knownOr";
import { TYPES } from "./resourceTypes";
import { attachedVolumes, depUrns, groupsAdmittingTcpPort, holdsDatabase } from "./stackGraph";

/** What must survive a mistaken `pulumi destroy` and why: the backups, their keys and lock, MySQL's data, the access logs. */
export function resourcesNeedingProtection(resources: PolicyResource[]): Array<{ resource: PolicyResource; what: string }> {
    const needed: Array<{ resource: PolicyResource; what: string }> = [];
    for (const r of resources) {
        if (r.type === TYPES.backupVault || r.type === TYPES.airGappedVault) {
            needed.push({ resource: r, what: "backup vault" });
        } else if (r.type === TYPES.kmsKey) {
            needed.push({ resource: r, what: "KMS key (deleting it makes everything it encrypted unreadable)" });
        } else if (r.type === TYPES.backupVaultLock) {
            needed.push({ resource: r, what: "vault lock" });
        }
    }
    const mysqlGroups = groupsAdmittingTcpPort(resources, 3306);
    for (const instance of resources.filter((r) => r.type === TYPES.instance && holdsDatabase(r, resources, mysqlGroups))) {
        attachedVolumes(instance, resources).forEach((volume) => needed.push({ resource: volume, what: `data volume of database instance "${instance.name}"` }));
    }
    const logBuckets = new Set(resources.filter((r) => r.type === TYPES.loadBalancer || r.type === TYPES.albLoadBalancer).flatMap((lb) => depUrns(lb, "accessLogs")));
    resources.filter((r) => logBuckets.has(r.urn) && (r.type === TYPES.bucket || r.type === TYPES.bucketV2))
        .forEach((bucket) => needed.push({ resource: bucket, what: "load balancer access-log bucket" }));
    return needed;
}

export const resourcesProtected: StackValidationPolicy = {
    name: "resources-protected",
    description: "Where the config requires it (prod), backup vaults, KMS keys, vault locks, the database's data volumes and the access-log bucket have the protect and retainOnDelete resource options, so no destroy or replacement deletes them (AWS Well-Architected REL09; Security Hub Backup.1 and KMS.3 spirit).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Create them with { protect: true, retainOnDelete: true } (the components' protect/protectData arguments), or waive one resource with a reason and an expiry in this policy's config.",
    configSchema: {
        properties: {
            required: { type: "boolean", default: false, description: "Whether the listed resources must be protected (on for prod)" },
        },
    },
    validateStack: (args, reportViolation) => {
        if (!args.getConfig<{ required: boolean }>().required) {
            args.notApplicable("protection is not required by this stack's policy config");
        }
        for (const { resource, what } of resourcesNeedingProtection(args.resources)) {
            const opts = knownOr(() => resource.opts as unknown as Record<string, unknown>, {}) ?? {};
            if (opts.protect !== true) {
                reportViolation(`${what} "${resource.name}" lacks protect: a destroy or replacement would delete it`, resource.urn);
            }
            // The engine's analyzer hands policies no retainOnDelete (pulumi/policy getResourceOptions); where the options carry it
            // (the offline synth records it), it is judged too: without it, deleting the stack deletes the resource.
            if ("retainOnDelete" in opts && opts.retainOnDelete !== true) {
                reportViolation(`${what} "${resource.name}" lacks retainOnDelete: removing it from the program or destroying the stack would delete it`, resource.urn);
            }
        }
    },
};
