// Mutation group "cidr-security-groups": CIDR arithmetic, CIDR list validation, the security groups component and
// protocol normalisation. Run: npm run mutation -- cidr-security-groups (see docs/testing.md).
import { mutationGroup } from "./base.mjs";

export default mutationGroup("cidr-security-groups", {
    mutate: [
        "model/cidr.ts",
        "components/shared/cidrList.ts",
        "components/network/sigmaSecurityGroups.ts",
        "model/protocols.ts",
    ],
    testFiles: [
        "test/model/cidr.test.ts",
        "test/model/cidrExposure.test.ts",
        "test/model/protocols.test.ts",
        "test/components/sigmaSecurityGroups.test.ts",
        "test/mutation/cidr-security-groups.test.ts",
    ],
});
