import { Policies } from "@pulumi/policy";
import { backupPolicies } from "./backup";
import { computePolicies } from "./compute";
import { iamPolicies } from "./iam";
import { networkPolicies } from "./network";
import { observabilityPolicies } from "./observability";
import { tagPolicies } from "./tags";

export { backupPolicies, computePolicies, iamPolicies, networkPolicies, observabilityPolicies, tagPolicies };

/** Every policy of the sigma-guard pack, grouped by area; index.ts serves them and offline/check/policyCheck.ts evaluates them offline. */
export const allPolicies: Policies = [
    ...computePolicies, ...networkPolicies, ...backupPolicies, ...iamPolicies, ...observabilityPolicies, ...tagPolicies,
];

/** The pack's name, as `pulumi policy publish` and the offline check report it. */
export const POLICY_PACK_NAME = "sigma-guard";
