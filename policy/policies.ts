import { Policies } from "@pulumi/policy";
import { backupPolicies } from "./backup";
import { computePolicies } from "./compute";
import { dlmSnapshotPolicySafe } from "./dlm";
import { functionPolicies } from "./functions";
import { resourceTypesKnown } from "./knownTypes";
import { resourcesProtected } from "./protection";
import { resourcePolicyPrincipals } from "./resourcePolicies";
import { storagePolicies } from "./storage";
import { iamPolicies } from "./iam";
import { networkPolicies } from "./network";
import { observabilityPolicies } from "./observability";
import { tagPolicies } from "./tags";
import { withWaiversAll } from "./waivers";

export { backupPolicies, computePolicies, functionPolicies, iamPolicies, networkPolicies, observabilityPolicies, storagePolicies, tagPolicies };

/** The pack's policies as written, before waivers are wired in. */
export const packPolicies: Policies = [
    ...computePolicies, ...networkPolicies, ...storagePolicies, resourcePolicyPrincipals, ...functionPolicies, ...backupPolicies, dlmSnapshotPolicySafe,
    resourcesProtected, ...iamPolicies, ...observabilityPolicies, ...tagPolicies, resourceTypesKnown,
];

/** The pack with per-resource waivers honoured as of `today()` (tests pass a fixed day). */
export function buildPolicies(today: () => Date): Policies {
    return withWaiversAll(packPolicies, today);
}

/** Every policy of the sigma-guard pack, grouped by area; index.ts serves them and offline/check/policyCheck.ts evaluates them offline. */
export const allPolicies: Policies = buildPolicies(() => new Date());

/** The pack's name, as `pulumi policy publish` and the offline check report it. */
export const POLICY_PACK_NAME = "sigma-guard";
