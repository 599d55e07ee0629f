import * as assert from "assert";
import { ConfigError, parseConfig } from "../../stacks/config";
import { ConfigRow, refusesConfigRows } from "./configRows";

const base: Record<string, string> = {
    "aws:region": "ap-southeast-1",
    "sigma:vpcId": "vpc-0123456789abcdef0",
    "sigma:subnetIds": JSON.stringify(["subnet-0123456789abcdef0"]),
    "sigma:amiId": "ami-0123456789abcdef0",
    "sigma:appCidrs": JSON.stringify(["203.0.113.0/24"]),
};

function parse(values: Record<string, string | undefined>) {
    const merged = { ...base, ...values };
    return parseConfig({ project: "sigma", stack: "dev", get: (key) => merged[key] });
}

describe("stack config", () => {
    it("applies the documented defaults", () => {
        const cfg = parse({});
        assert.deepStrictEqual(
            [cfg.topology, cfg.instanceType, cfg.dataVolumeGiB, cfg.adminCidrs, cfg.assignPublicIp, cfg.terminationProtection, cfg.environment],
            ["single-az", "t3.xlarge", 100, [], false, false, "dev"]);
    });

    it("reads every key of the contract", () => {
        const cfg = parse({
            "sigma:instanceType": "r5.large", "sigma:keyName": "ops", "sigma:dataVolumeGiB": "200",
            "sigma:adminCidrs": JSON.stringify(["198.51.100.0/24"]), "sigma:topology": "single-az",
            "sigma:assignPublicIp": "true", "sigma:environment": "qa", "sigma:tags": JSON.stringify({ owner: "reporting" }),
        });
        assert.deepStrictEqual([cfg.instanceType, cfg.keyName, cfg.dataVolumeGiB, cfg.adminCidrs, cfg.assignPublicIp, cfg.environment, cfg.tags],
            ["r5.large", "ops", 200, ["198.51.100.0/24"], true, "qa", { owner: "reporting" }]);
    });

    // One row per bad value: the keys to set and the text the error must contain.
    const rows: ConfigRow[] = [
        ["unsupported instance type", { "sigma:instanceType": "t2.nano" }, /sigma:instanceType "t2\.nano" is not supported; use one of t3\.medium, t3\.large, t3\.xlarge/],
        ["unknown topology", { "sigma:topology": "multi-region" }, /sigma:topology "multi-region" is not supported; use one of single-az, multi-az, dr-region/],
        ["missing region", { "aws:region": undefined }, /aws:region is not set; set the AWS region/],
        ["malformed region", { "aws:region": "singapore" }, /aws:region "singapore"/],
        ["missing VPC", { "sigma:vpcId": undefined }, /sigma:vpcId is not set; use an existing VPC id/],
        ["malformed VPC", { "sigma:vpcId": "vpc-1" }, /sigma:vpcId "vpc-1" use an existing VPC id/],
        ["missing subnets", { "sigma:subnetIds": undefined }, /sigma:subnetIds is not set/],
        ["subnets not a list", { "sigma:subnetIds": "subnet-0123456789abcdef0" }, /sigma:subnetIds "subnet-0123456789abcdef0" is not valid JSON; set it as list/],
        ["malformed subnet", { "sigma:subnetIds": JSON.stringify(["subnet-x"]) }, /sigma:subnetIds\[0\] "subnet-x" is not a subnet id/],
        ["two subnets for single-az", { "sigma:subnetIds": JSON.stringify(["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]) }, /must list exactly one subnet for the single-az topology/],
        ["missing AMI", { "sigma:amiId": undefined }, /sigma:amiId is not set; give the Sigma APP&DB AMI id, or set both sigma:amiOwner and sigma:amiNameFilter/],
        ["malformed AMI", { "sigma:amiId": "sigma-ami" }, /sigma:amiId "sigma-ami" is not an AMI id/],
        ["AMI id and lookup", { "sigma:amiOwner": "123456789012" }, /sigma:amiOwner "123456789012" is set together with sigma:amiId/],
        ["data volume too small", { "sigma:dataVolumeGiB": "50" }, /sigma:dataVolumeGiB "50" must be a whole number from 100 to 16384 \(the guide's minimum is 100 GiB\)/],
        ["data volume not a number", { "sigma:dataVolumeGiB": "big" }, /sigma:dataVolumeGiB "big" must be a whole number/],
        ["SSH open to the world", { "sigma:adminCidrs": JSON.stringify(["0.0.0.0/0"]) }, /sigma:adminCidrs\[0\] "0\.0\.0\.0\/0" opens the port to the whole internet; SSH is never opened/],
        ["8080 open to the world", { "sigma:appCidrs": JSON.stringify(["::/0"]) }, /sigma:appCidrs\[0\] "::\/0" opens the port to the whole internet/],
        ["admin CIDR with host bits", { "sigma:adminCidrs": JSON.stringify(["10.1.2.3/16"]) }, /sigma:adminCidrs\[0\] "10\.1\.2\.3\/16" has host bits set; use 10\.1\.0\.0\/16/],
        ["no app CIDRs in single-az", { "sigma:appCidrs": undefined }, /sigma:appCidrs is not set; list the networks allowed to reach Sigma on 8080/],
        ["public IP flag not boolean", { "sigma:assignPublicIp": "yes" }, /sigma:assignPublicIp "yes" must be true or false/],
        ["KMS key not an ARN", { "sigma:kmsKeyArn": "my-key" }, /sigma:kmsKeyArn "my-key" is not a KMS key ARN/],
        ["tags not an object", { "sigma:tags": JSON.stringify(["a"]) }, /sigma:tags \["a"\] must be an object/],
        ["reserved tag key", { "sigma:tags": JSON.stringify({ "aws:x": "y" }) }, /sigma:tags\.aws:x "y" must be a string tag under a key that does not start with aws:/],
    ];
    refusesConfigRows(parse, rows, ConfigError);

    it("lists every problem at once", () => {
        assert.throws(() => parse({ "sigma:instanceType": "t2.nano", "sigma:vpcId": undefined, "sigma:dataVolumeGiB": "1" }),
            (err: ConfigError) => err.problems.length === 3);
    });
});
