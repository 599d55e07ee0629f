import * as assert from "assert";
import { SigmaInstanceArgs, validateInstanceArgs } from "../../components";

const valid: SigmaInstanceArgs = {
    subnetId: "subnet-0123456789abcdef0",
    securityGroupIds: ["sg-0123456789abcdef0"],
    amiId: "ami-0123456789abcdef0",
};

// One row per bad input: the override and the text the error must contain.
const rows: Array<[string, Partial<SigmaInstanceArgs>, RegExp]> = [
    ["unsupported instance type", { instanceType: "t2.nano" }, /instanceType "t2\.nano" is not supported; use one of t3\.medium, t3\.large, t3\.xlarge/],
    ["empty instance type", { instanceType: "" }, /instanceType "" is not supported/],
    ["data volume below the guide's minimum", { dataVolumeGiB: 50 }, /dataVolumeGiB 50 must be a whole number from 100/],
    ["fractional data volume", { dataVolumeGiB: 100.5 }, /dataVolumeGiB 100\.5 must be a whole number/],
    ["data volume above gp3's maximum", { dataVolumeGiB: 20000 }, /dataVolumeGiB 20000 .* to 16384/],
    ["tiny root volume", { rootVolumeGiB: 4 }, /rootVolumeGiB 4 must be a whole number from 8 to 16384/],
    ["malformed AMI id", { amiId: "ami-xyz" }, /amiId "ami-xyz" is not an AMI id/],
    ["no AMI at all", { amiId: undefined }, /amiId is missing; give the Sigma AMI id, or amiOwner \+ amiNameFilter/],
    ["AMI id and lookup together", { amiOwner: "123456789012", amiNameFilter: "sigma-*" }, /are both set; give only one/],
    ["lookup owner without name filter", { amiId: undefined, amiOwner: "123456789012" }, /amiNameFilter undefined is required with amiOwner/],
    ["lookup name filter without owner", { amiId: undefined, amiNameFilter: "sigma-*" }, /amiOwner undefined is required with amiNameFilter/],
    ["empty key pair name", { keyName: "" }, /keyName "" is not a key pair name/],
    ["no security groups", { securityGroupIds: [] }, /securityGroupIds \[\] must list at least one security group/],
    ["malformed security group id", { securityGroupIds: ["default"] }, /securityGroupIds\[0\] "default" is not a sg id/],
    ["malformed subnet id", { subnetId: "subnet" }, /subnetId "subnet" is not a subnet id; use the form subnet-/],
    ["KMS alias name instead of ARN", { kmsKeyArn: "alias/sigma" }, /kmsKeyArn "alias\/sigma" is not a KMS key ARN; use the key ARN/],
    ["KMS alias ARN (EC2 reads the key ARN back: replaced on every update)", { kmsKeyArn: "arn:aws:kms:ap-southeast-1:123456789012:alias/sigma" },
        /kmsKeyArn "arn:aws:kms:ap-southeast-1:123456789012:alias\/sigma" is not a KMS key ARN \(an alias ARN: the instance would be replaced on every update/],
    ["KMS key ARN with a malformed key id", { kmsKeyArn: "arn:aws:kms:ap-southeast-1:123456789012:key/abc-123" }, /kmsKeyArn "arn:aws:kms:ap-southeast-1:123456789012:key\/abc-123" is not a KMS key ARN/],
    ["KMS key ARN of another service", { kmsKeyArn: "arn:aws:s3:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" }, /is not a KMS key ARN/],
    ["root device as data device", { dataVolumeDeviceName: "/dev/sda1" }, /dataVolumeDeviceName "\/dev\/sda1" is not a data device name; use \/dev\/sdf to \/dev\/sdp/],
    ["reserved aws: tag", { tags: { "aws:owner": "me" } }, /tags key "aws:owner" uses the reserved "aws:" prefix/],
    ["role path without slashes", { rolePath: "sigma" }, /rolePath "sigma" is not an IAM path; it must start and end with "\/"/],
    ["role path without the trailing slash", { rolePath: "/sigma/prod" }, /rolePath "\/sigma\/prod" is not an IAM path/],
    ["role path with a space", { rolePath: "/sigma prod/" }, /rolePath "\/sigma prod\/" is not an IAM path/],
    ["role path over 512 characters", { rolePath: `/${"a".repeat(512)}/` }, /is not an IAM path; .* at most 512 characters/],
    ["role path with a wildcard", { rolePath: "/sigma/*/" }, /rolePath "\/sigma\/\*\/" contains a wildcard character \(\* or \?\)/],
    ["extra user data past EC2's 16 KB", { extraUserData: `echo ${"x".repeat(16384)}` }, /extraUserData \(16389 bytes\) makes the boot script \d+ bytes; EC2 takes at most 16384/],
];

describe("SigmaInstance argument validation", () => {
    it("accepts the minimal valid args", () => {
        assert.doesNotThrow(() => validateInstanceArgs("app", valid));
    });
    it("accepts the root path and a per-project path", () => {
        assert.doesNotThrow(() => validateInstanceArgs("app", { ...valid, rolePath: "/" }));
        assert.doesNotThrow(() => validateInstanceArgs("app", { ...valid, rolePath: "/sigma/emach-ctsigma/" }));
    });
    for (const [label, override, message] of rows) {
        it(`refuses ${label}`, () => {
            assert.throws(() => validateInstanceArgs("app", { ...valid, ...override }), (err: Error) => {
                assert.match(err.message, message);
                assert.match(err.message, /^SigmaInstance "app" has invalid args/);
                return true;
            });
        });
    }
    it("lists every problem in one error", () => {
        assert.throws(() => validateInstanceArgs("app", { ...valid, instanceType: "t2.nano", dataVolumeGiB: 10, keyName: "" }),
            (err: Error) => err.message.split("\n  - ").length === 4);
    });
});
