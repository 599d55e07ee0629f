import * as pulumi from "@pulumi/pulumi";
import {
    SigmaInstance, SigmaInstanceArgs, SigmaLoadBalancer, SigmaLoadBalancerArgs, SigmaMonitoring, SigmaMonitoringArgs,
    SigmaNetwork, SigmaNetworkArgs, SigmaRestore, SigmaRestoreArgs, SigmaRestoreTesting, SigmaRestoreTestingArgs,
    SigmaSecurityGroups, SigmaSecurityGroupsArgs,
} from "../../components";

/** One bad component argument: the override, what the refusal must say, and an override that is accepted instead. */
export interface ComponentRow {
    component: string;
    label: string;
    /** Constructs the component with the valid args merged with `override`. */
    build: (override: Record<string, unknown>) => pulumi.ComponentResource;
    bad: Record<string, unknown>;
    /** Must name the argument and its bad value. */
    message: RegExp;
    /** Replaces `bad`; construction must then succeed. */
    fix: Record<string, unknown>;
}

const CERT = "arn:aws:acm:ap-southeast-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef";
const KEY = "arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

const instance: SigmaInstanceArgs = { subnetId: "subnet-0123456789abcdef0", securityGroupIds: ["sg-0123456789abcdef0"], amiId: "ami-0123456789abcdef0" };
const groups: SigmaSecurityGroupsArgs = { vpcId: "vpc-0123456789abcdef0", appCidrs: ["203.0.113.0/24"] };
const loadBalancer: SigmaLoadBalancerArgs = {
    vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"], vpcCidrBlock: "10.40.0.0/16",
    certificateArn: CERT, appCidrs: ["203.0.113.0/24"], targetInstanceIds: ["i-0123456789abcdef0"],
};
const monitoring: SigmaMonitoringArgs = { alarmEmails: ["ops@example.com"], instanceIds: ["i-0123456789abcdef0"], agentConfigParameterName: "/sigma/test/cloudwatch-agent" };
const restore: SigmaRestoreArgs = {
    vaultName: "SigmaBackupVault-test", vaultArn: "arn:aws:backup:ap-southeast-1:123456789012:backup-vault:SigmaBackupVault-test",
    notificationTopicArn: "arn:aws:sns:ap-southeast-1:123456789012:sigma-notifications", notificationKeyArn: KEY,
    allowedSubnetIds: ["subnet-0123456789abcdef0"], vpcId: "vpc-0123456789abcdef0",
};
const restoreTesting: SigmaRestoreTestingArgs = {
    vaultArn: "arn:aws:backup:ap-southeast-1:123456789012:backup-vault:SigmaBackupVault-test",
    restoreRoleArn: "arn:aws:iam::123456789012:role/restore",
    vpcId: "vpc-0123456789abcdef0",
    subnetId: "subnet-0123456789abcdef0",
    alarmTopicArn: "arn:aws:sns:ap-southeast-1:123456789012:sigma-alarms",
    alarmTopicKeyArn: KEY,
};

type Row = Omit<ComponentRow, "component" | "build">;

function rowsOf<A>(component: string, make: (args: A) => pulumi.ComponentResource, valid: A, rows: Row[]): ComponentRow[] {
    return rows.map((row) => ({ ...row, component, build: (override) => make({ ...valid, ...override } as A) }));
}

export const componentRows: ComponentRow[] = [
    ...rowsOf("SigmaInstance", (a: SigmaInstanceArgs) => new SigmaInstance("sigma", a), instance, [
        { label: "unsupported instance type", bad: { instanceType: "t2.nano" }, message: /instanceType "t2\.nano" is not supported/, fix: { instanceType: "t3.large" } },
        { label: "prototype name as instance type", bad: { instanceType: "constructor" }, message: /instanceType "constructor" is not supported/, fix: { instanceType: "t3.xlarge" } },
        { label: "data volume below the guide's minimum", bad: { dataVolumeGiB: 99 }, message: /dataVolumeGiB 99 must be a whole number from 100/, fix: { dataVolumeGiB: 100 } },
        { label: "data volume above gp3's maximum", bad: { dataVolumeGiB: 16385 }, message: /dataVolumeGiB 16385 /, fix: { dataVolumeGiB: 16384 } },
        { label: "KMS alias ARN", bad: { kmsKeyArn: "arn:aws:kms:ap-southeast-1:123456789012:alias/sigma" }, message: /kmsKeyArn "arn:aws:kms:ap-southeast-1:123456789012:alias\/sigma" is not a KMS key ARN/, fix: { kmsKeyArn: KEY } },
        { label: "malformed AMI id", bad: { amiId: "ami-XYZ" }, message: /amiId "ami-XYZ" is not an AMI id/, fix: { amiId: "ami-0123456789abcdef0" } },
        { label: "subnet id of the wrong kind", bad: { subnetId: "sg-0123456789abcdef0" }, message: /subnetId "sg-0123456789abcdef0" is not a subnet id/, fix: { subnetId: "subnet-0123456789abcdef0" } },
        { label: "reserved aws: tag", bad: { tags: { "aws:owner": "me" } }, message: /tags key "aws:owner" uses the reserved "aws:" prefix/, fix: { tags: { owner: "me" } } },
    ]),
    ...rowsOf("SigmaSecurityGroups", (a: SigmaSecurityGroupsArgs) => new SigmaSecurityGroups("sigma", a), groups, [
        { label: "world-open 8080", bad: { appCidrs: ["0.0.0.0/0"] }, message: /appCidrs\[0\] "0\.0\.0\.0\/0" opens the port to the whole internet/, fix: { appCidrs: ["203.0.113.0/24"] } },
        { label: "8080 to the IPv4 internet in two halves", bad: { appCidrs: ["0.0.0.0/1", "128.0.0.0/1"] }, message: /appCidrs \["0\.0\.0\.0\/1","128\.0\.0\.0\/1"\] together cover every public IPv4 address/, fix: { appCidrs: ["203.0.113.0/24"] } },
        { label: "SSH to the IPv6 internet in two halves", bad: { adminCidrs: ["::/1", "8000::/1"] }, message: /adminCidrs \["::\/1","8000::\/1"\] together cover every public IPv6 address/, fix: { adminCidrs: ["2001:db8::/32"] } },
        { label: "SSH to 256 /8 blocks", bad: { adminCidrs: Array.from({ length: 256 }, (_, i) => `${i}.0.0.0/8`) }, message: /adminCidrs \[.*\] together cover every public IPv4 address/, fix: { adminCidrs: ["10.0.0.0/8"] } },
        { label: "IPv6 duplicate differing only in case", bad: { appCidrs: ["2001:db8::/32", "2001:DB8::/32"] }, message: /appCidrs\[1\] "2001:DB8::\/32" is the same block as appCidrs\[0\]/, fix: { appCidrs: ["2001:db8::/32"] } },
        { label: "host bits set", bad: { appCidrs: ["10.1.2.3/16"] }, message: /appCidrs\[0\] "10\.1\.2\.3\/16" has host bits set; use 10\.1\.0\.0\/16/, fix: { appCidrs: ["10.1.0.0/16"] } },
        { label: "three-part address", bad: { adminCidrs: ["10.0.0/24"] }, message: /adminCidrs\[0\] "10\.0\.0\/24" has address 10\.0\.0/, fix: { adminCidrs: ["10.0.0.0/24"] } },
        { label: "octet 256", bad: { adminCidrs: ["256.0.0.0/8"] }, message: /adminCidrs\[0\] "256\.0\.0\.0\/8"/, fix: { adminCidrs: ["10.0.0.0/8"] } },
        { label: "prefix /33", bad: { appCidrs: ["10.0.0.0/33"] }, message: /appCidrs\[0\] "10\.0\.0\.0\/33" has prefix \/33/, fix: { appCidrs: ["10.0.0.0/32"] } },
        { label: "VPC id of the wrong kind", bad: { vpcId: "subnet-0123456789abcdef0" }, message: /vpcId "subnet-0123456789abcdef0" is not a vpc id/, fix: { vpcId: "vpc-0123456789abcdef0" } },
    ]),
    ...rowsOf("SigmaLoadBalancer", (a: SigmaLoadBalancerArgs) => new SigmaLoadBalancer("sigma", a), loadBalancer, [
        { label: "certificate that is no ACM ARN", bad: { certificateArn: "arn:aws:iam::123456789012:server-certificate/x" }, message: /certificateArn "arn:aws:iam::123456789012:server-certificate\/x" is not an ACM certificate ARN/, fix: { certificateArn: CERT } },
        { label: "duplicate client network spelt twice", bad: { appCidrs: ["2001:db8:0::/48", "2001:db8::/48"] }, message: /appCidrs\[1\] "2001:db8::\/48" is the same block as appCidrs\[0\]/, fix: { appCidrs: ["2001:db8::/48"] } },
        { label: "no client networks", bad: { appCidrs: [] }, message: /appCidrs \[\] must list at least one client network/, fix: { appCidrs: ["0.0.0.0/0"] } },
        { label: "upper-case domain", bad: { hostedZoneId: "Z0123456789ABCDEFGHIJ", domainName: "Sigma.Example.com" }, message: /domainName "Sigma\.Example\.com" is not a lower-case DNS name/, fix: { hostedZoneId: "Z0123456789ABCDEFGHIJ", domainName: "sigma.example.com" } },
    ]),
    ...rowsOf("SigmaNetwork", (a: SigmaNetworkArgs) => new SigmaNetwork("sigma", a), {} as SigmaNetworkArgs, [
        { label: "VPC block too small", bad: { vpcCidrBlock: "10.0.0.0/26" }, message: /vpcCidrBlock "10\.0\.0\.0\/26"/, fix: { vpcCidrBlock: "10.0.0.0/24" } },
        { label: "IPv6 VPC block", bad: { vpcCidrBlock: "2001:db8::/56" }, message: /vpcCidrBlock "2001:db8::\/56"/, fix: { vpcCidrBlock: "10.40.0.0/16" } },
        { label: "one Availability Zone", bad: { availabilityZoneCount: 1 }, message: /availabilityZoneCount 1/, fix: { availabilityZoneCount: 2 } },
    ]),
    ...rowsOf("SigmaMonitoring", (a: SigmaMonitoringArgs) => new SigmaMonitoring("sigma", a), monitoring, [
        { label: "the same address in two cases", bad: { alarmEmails: ["ops@example.com", "OPS@example.com"] }, message: /alarmEmails\[1\] "OPS@example\.com" is the same address as alarmEmails\[0\]/, fix: { alarmEmails: ["ops@example.com", "oncall@example.com"] } },
        { label: "no alarm address", bad: { alarmEmails: [] }, message: /alarmEmails \[\] must list at least one address/, fix: { alarmEmails: ["ops@example.com"] } },
        { label: "not an email address", bad: { alarmEmails: ["ops"] }, message: /alarmEmails\[0\] "ops" is not an email address/, fix: { alarmEmails: ["ops@example.com"] } },
    ]),
    ...rowsOf("SigmaRestore", (a: SigmaRestoreArgs) => new SigmaRestore("sigma", a), restore, [
        { label: "KMS alias ARN for the restore role", bad: { kmsKeyArns: ["arn:aws:kms:ap-southeast-1:123456789012:alias/ebs"] }, message: /kmsKeyArns\[0\] "arn:aws:kms:ap-southeast-1:123456789012:alias\/ebs" is not a KMS key ARN/, fix: { kmsKeyArns: [KEY] } },
        { label: "restore instance type that is a prototype name", bad: { restoreInstanceId: "i-0123456789abcdef0", restoreInstanceType: "toString" }, message: /restoreInstanceType "toString" is not supported/, fix: { restoreInstanceId: "i-0123456789abcdef0", restoreInstanceType: "t3.xlarge" } },
        { label: "recovery point that is a snapshot", bad: { restoreInstanceId: "i-0123456789abcdef0", restoreRecoveryPointArn: "arn:aws:ec2:ap-southeast-1::snapshot/snap-0123456789abcdef0" }, message: /restoreRecoveryPointArn "arn:aws:ec2:ap-southeast-1::snapshot\/snap-0123456789abcdef0" is not a recovery point ARN/, fix: { restoreInstanceId: "i-0123456789abcdef0", restoreRecoveryPointArn: "arn:aws:ec2:ap-southeast-1::image/ami-0123456789abcdef0" } },
        { label: "function name with a space", bad: { functionName: "restore sigma" }, message: /functionName "restore sigma" must be 1-64 letters/, fix: { functionName: "restore-sigma" } },
        { label: "restores confined to no subnet", bad: { allowedSubnetIds: [] }, message: /allowedSubnetIds is required \(or defaultSubnetId\)/, fix: { allowedSubnetIds: ["subnet-0123456789abcdef1"] } },
        { label: "restores with unconfined security groups", bad: { vpcId: undefined }, message: /allowedSecurityGroupIds \(or defaultSecurityGroupIds\) or vpcId is required/, fix: { vpcId: undefined, allowedSecurityGroupIds: ["sg-0123456789abcdef0"] } },
        { label: "a DR default subnet outside the allowed ones", bad: { defaultSubnetId: "subnet-0123456789abcdef9" }, message: /defaultSubnetId "subnet-0123456789abcdef9" is not in allowedSubnetIds \["subnet-0123456789abcdef0"\]/, fix: { defaultSubnetId: "subnet-0123456789abcdef0" } },
        { label: "a restore invoker that is a service", bad: { restoreInvokerArns: ["states.amazonaws.com"] }, message: /restoreInvokerArns\[0\] "states.amazonaws.com" is not an IAM role or user ARN/, fix: { restoreInvokerArns: ["arn:aws:iam::123456789012:role/sigma-failover"] } },
    ]),
    ...rowsOf("SigmaRestoreTesting", (a: SigmaRestoreTestingArgs) => new SigmaRestoreTesting("sigma", a), restoreTesting, [
        { label: "test schedule in a past year", bad: { schedule: "cron(0 3 ? * 1 2020)" }, message: /schedule "cron\(0 3 \? \* 1 2020\)"/, fix: { schedule: "cron(0 3 ? * 1 *)" } },
        { label: "test schedule that is not cron", bad: { schedule: "weekly" }, message: /schedule "weekly"/, fix: { schedule: "cron(0 3 ? * 1 *)" } },
        { label: "plan name with a dash", bad: { planName: "sigma-test" }, message: /planName "sigma-test"/, fix: { planName: "sigma_test" } },
    ]),
];
