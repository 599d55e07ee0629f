import * as assert from "assert";
import { cpuOptionsFacts, isBurstable } from "../../model/ec2RestoreInstanceTypes";
import { jsonValue, keyIgnoringCase, primaryInterface, regionOfAvailabilityZone, securityGroupIds } from "../../model/ec2RestoreMetadata";
import { SUPPORTED_INSTANCE_TYPES } from "../../model/instanceTypes";
import { fixture } from "../fixtures/restoreMetadata/sigmaWorld";

describe("model: EC2 restore metadata and instance-type facts", () => {
    const real = fixture("aws-cli-t2micro-us-west-2.json").answer.RestoreMetadata;

    it("reads AWS's JSON-text values: the primary interface, the groups, the placement", () => {
        assert.deepStrictEqual([primaryInterface(real)?.NetworkInterfaceId, primaryInterface(real)?.SubnetId], ["eni-094e1ec04863821ae", "subnet-872f9bda"]);
        assert.deepStrictEqual(securityGroupIds(real), ["sg-0ec24b8fa4b23c700"]);
        assert.deepStrictEqual(jsonValue(real, "Placement"), { AvailabilityZone: "us-east-1c", GroupName: "", Tenancy: "default" });
        assert.strictEqual(jsonValue(real, "InstanceType"), undefined, "not JSON");
        assert.strictEqual(jsonValue(real, "Missing"), undefined);
        assert.strictEqual(keyIgnoringCase({ requireImdsV2: "true" }, "RequireIMDSv2"), "requireImdsV2");
    });

    // [zone, region]: a zone is its Region's code and a letter (using-regions-availability-zones.html)
    const zones: Array<[unknown, string | undefined]> = [
        ["ap-southeast-1a", "ap-southeast-1"], ["us-east-1c", "us-east-1"], ["us-gov-west-1a", "us-gov-west-1"],
        ["ap-southeast-1", undefined], ["apse1-az1", undefined], [undefined, undefined],
    ];
    for (const [zone, region] of zones) {
        it(`places zone ${JSON.stringify(zone)} in ${region}`, () => assert.strictEqual(regionOfAvailabilityZone(zone), region));
    }

    it("knows the CPU options of every type Sigma supports, and that T2 has none", () => {
        for (const type of Object.keys(SUPPORTED_INSTANCE_TYPES)) {
            const facts = cpuOptionsFacts(type);
            assert.ok(facts, type);
            assert.strictEqual(facts.defaultCores * facts.defaultThreadsPerCore, facts.defaultVCpus, type);
            assert.strictEqual(facts.defaultVCpus, SUPPORTED_INSTANCE_TYPES[type].vcpus, type);
            assert.ok(facts.validCores.includes(facts.defaultCores), type);
        }
        assert.deepStrictEqual([cpuOptionsFacts("t3.xlarge")?.validCores, cpuOptionsFacts("r5.large")?.validCores], [[2], [1]]);
        assert.strictEqual(cpuOptionsFacts("t2.micro"), undefined);
        assert.strictEqual(cpuOptionsFacts("constructor"), undefined);
    });

    it("knows which types take CPU credits (burstable: T2, T3, T3a, T4g)", () => {
        assert.deepStrictEqual(["t2.micro", "t3.xlarge", "t3a.large", "t4g.small", "r5.large", "m5.xlarge", "m6i.large"].map(isBurstable),
            [true, true, true, true, false, false, false]);
    });
});
