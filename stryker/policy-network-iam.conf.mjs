// Mutation group "policy-network-iam": the sigma-guard policies that judge network exposure (security groups, load
// balancers, listeners) and IAM (identity documents, trust policies, resource policies), and the IAM model they
// judge with (action matching and catalog, policy analysis, escalation methods, evaluation).
// Run: npm run mutation -- policy-network-iam (see docs/testing.md). model/protocols.ts is in cidr-security-groups.
import { mutationGroup } from "./base.mjs";

export default mutationGroup("policy-network-iam", {
    mutate: [
        "policy/network.ts",
        "policy/iam.ts",
        "policy/iamDocument.ts",
        "policy/resourcePolicies.ts",
        "policy/unscopedActions.ts",
        "model/iamActions.ts",
        "model/iamPolicyAnalysis.ts",
        "model/iamPolicyEvaluation.ts",
        "model/iamPrivilegeEscalation.ts",
    ],
    // Unit and fixture tests only: the shipped-stack corpus (test/policy/insecureCorpus.test.ts) and the component
    // role tests (test/iam/*Role*.test.ts) synthesise whole stacks, seconds per test for every mutant they cover.
    testFiles: [
        "test/policy/policies.test.ts",
        "test/policy/policyHelpers.test.ts",
        "test/policy/semanticHelpers.test.ts",
        "test/model/iamActions.test.ts",
        "test/model/iamSemantics.test.ts",
        "test/iam/policyEvaluation.test.ts",
        "test/mutation/policyNetwork.test.ts",
        "test/mutation/policyIam.test.ts",
    ],
});
