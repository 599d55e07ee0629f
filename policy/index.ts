import { PolicyPack } from "@pulumi/policy";
import { allPolicies, POLICY_PACK_NAME } from "./policies";

// Constructing the pack starts the analyzer's gRPC server, so nothing else imports this file.
new PolicyPack(POLICY_PACK_NAME, {
    policies: [...allPolicies],
    description: "Guards the eMACH CTSigma platform on AWS: IMDSv2, encryption, network exposure, backups, IAM least privilege, monitoring and tags.",
    displayName: "Sigma guard",
    provider: "aws",
    tags: ["aws", "sigma", "security", "backup"],
});
