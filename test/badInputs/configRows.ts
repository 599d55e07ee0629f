/**
 * The bad-input table of stack config: one row per bad input. Each row starts from a shipped stack's config
 * (Pulumi.<base>.yaml over Pulumi.yaml's defaults), sets `set`, and expects one problem line that names `key`
 * and shows `value`; `fix`, set instead of `set`, must parse, so the fix a user would make is accepted.
 */
export interface ConfigRow {
    label: string;
    base: "dev" | "prod" | "dr";
    /** Keys to set: strings as the runtime holds them, other JSON values as YAML would give them; undefined unsets. */
    set: Record<string, unknown>;
    /** The key the problem line starts with (`sigma:adminCidrs[0]`, `aws:region`). */
    key: string;
    /** Text the line shows for the bad value (JSON, so strings are quoted); undefined where the key is not set at all. */
    value?: string;
    /** Text the line must contain besides: the fix it proposes, where it names one. */
    says?: string;
    /** Keys that, set instead of `set`, make the config parse. */
    fix: Record<string, unknown>;
}

const VPC = "vpc-0123456789abcdef0";
const SUBNET = "subnet-0123456789abcdef0";
const SUBNET_B = "subnet-0123456789abcdef1";
const AMI = "ami-0123456789abcdef0";
const INSTANCE = "i-0123456789abcdef0";
const CERT = "arn:aws:acm:ap-southeast-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef";
const DR_VAULT = "arn:aws:backup:ap-southeast-2:123456789012:backup-vault:SigmaDrBackupVault-dr";
const KEY_ARN = "arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const DR_KEY_ARN = "arn:aws:kms:ap-southeast-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ALIAS_ARN = "arn:aws:kms:ap-southeast-1:123456789012:alias/sigma-ebs";
const RECOVERY_POINT = "arn:aws:ec2:ap-southeast-1::image/ami-0123456789abcdef0";
const PUBLIC = ["subnet-0000000000000000a", "subnet-0000000000000000b"];
const PRIVATE = ["subnet-0000000000000000c", "subnet-0000000000000000d"];
/** prod's own sigma:backup, to vary one member at a time. */
const PROD_BACKUP = { frequency: "hourly", retentionDays: 14, copyRetentionDays: 30, copyToVaultArn: DR_VAULT, vaultLock: true, protect: true };
const DEV_BACKUP = { frequency: "daily", retentionDays: 7 };
const DR_BACKUP = { copyRetentionDays: 30, vaultLock: true, protect: true };
/** Backups three times a week: the longest gap (Friday to Monday, 72 hours) is one the missed-backup alarm can watch. */
const MWF = "cron(0 3 ? * MON,WED,FRI *)";
const TOPIC = "arn:aws:sns:ap-southeast-1:123456789012:oncall";
const BREAK_GLASS = "arn:aws:iam::123456789012:role/sigma-break-glass";
const WAIVER = "a load-test copy of prod, rebuilt from prod's backups every week";
const DR_TOPIC = "arn:aws:sns:ap-southeast-2:123456789012:oncall";
const REASON = "on-call is paged through the topic in sigma:alarmTopicArns";
/** prod on an existing VPC instead of a new one. */
const EXISTING_VPC = {
    "sigma:vpcId": VPC, "sigma:publicSubnetIds": PUBLIC, "sigma:privateSubnetIds": PRIVATE,
    "sigma:vpcCidrBlock": undefined, "sigma:availabilityZoneCount": undefined, "sigma:natGatewayStrategy": undefined,
};
/** A connection script prod's APP tier accepts: it reaches the DB by the name the boot script exports. */
const APP_DB_CONNECTION = 'sigma-connect --db-host "$SIGMA_DB_HOST" --db-port 3306';
const hosts = (count: number) => Array.from({ length: count }, (_, i) => `10.0.${Math.floor(i / 250)}.${i % 250}/32`);

export const CONFIG_ROWS: ConfigRow[] = [
    // Typos and case: unknown keys are refused with the nearest known key.
    { label: "a key in the wrong case", base: "dev", set: { "sigma:terminationprotection": true }, key: "sigma:terminationprotection", value: '"true"', says: "did you mean sigma:terminationProtection?", fix: { "sigma:terminationProtection": true } },
    { label: "instanceType in lower case", base: "dev", set: { "sigma:instancetype": "r5.large" }, key: "sigma:instancetype", value: '"r5.large"', says: "did you mean sigma:instanceType?", fix: { "sigma:instanceType": "r5.large" } },
    { label: "amiID", base: "dev", set: { "sigma:amiID": "ami-0123456789abcdef1" }, key: "sigma:amiID", value: '"ami-0123456789abcdef1"', says: "did you mean sigma:amiId?", fix: { "sigma:amiId": "ami-0123456789abcdef1" } },
    { label: "subnetId for subnetIds", base: "dev", set: { "sigma:subnetId": SUBNET }, key: "sigma:subnetId", value: `"${SUBNET}"`, says: "did you mean sigma:subnetIds?", fix: { "sigma:subnetIds": [SUBNET] } },
    { label: "appCidr for appCidrs", base: "dev", set: { "sigma:appCidr": ["198.51.100.0/24"] }, key: "sigma:appCidr", value: "198.51.100.0/24", says: "did you mean sigma:appCidrs?", fix: { "sigma:appCidrs": ["198.51.100.0/24"] } },
    { label: "certificateARN", base: "prod", set: { "sigma:certificateARN": CERT }, key: "sigma:certificateARN", value: CERT, says: "did you mean sigma:certificateArn?", fix: { "sigma:certificateArn": CERT } },
    { label: "alarmEmail for alarmEmails", base: "prod", set: { "sigma:alarmEmail": ["ops@example.com"] }, key: "sigma:alarmEmail", value: "ops@example.com", says: "did you mean sigma:alarmEmails?", fix: { "sigma:alarmEmails": ["ops@example.com"] } },
    { label: "backups for backup", base: "dev", set: { "sigma:backups": { retentionDays: 14 } }, key: "sigma:backups", value: "retentionDays", says: "did you mean sigma:backup?", fix: { "sigma:backup": { retentionDays: 14 } } },
    { label: "a misspelt backup member", base: "dev", set: { "sigma:backup": { frequency: "daily", retention: 14 } }, key: "sigma:backup.retention", value: "14", says: "did you mean sigma:backup.retentionDays?", fix: { "sigma:backup": { frequency: "daily", retentionDays: 14 } } },
    { label: "a restore member in the wrong case", base: "dev", set: { "sigma:restore": { instanceId: INSTANCE, instancetype: "t3.large" } }, key: "sigma:restore.instancetype", value: '"t3.large"', says: "did you mean sigma:restore.instanceType?", fix: { "sigma:restore": { instanceId: INSTANCE, instanceType: "t3.large" } } },
    { label: "a key nobody reads", base: "dev", set: { "sigma:dbPassword": "hunter2" }, key: "sigma:dbPassword", value: '"hunter2"', says: "is not a known key; remove it", fix: {} },
    { label: "a member set without --path", base: "dev", set: { "sigma:backup.frequency": "hourly" }, key: "sigma:backup.frequency", value: '"hourly"', says: "pulumi config set --path sigma:backup.frequency", fix: { "sigma:backup": { ...DEV_BACKUP, frequency: "hourly" } } },
    { label: "a second spelling of vpcId", base: "dev", set: { "sigma:VpcId": "vpc-0123456789abcdef1" }, key: "sigma:VpcId", value: '"vpc-0123456789abcdef1"', says: "did you mean sigma:vpcId?", fix: { "sigma:vpcId": "vpc-0123456789abcdef1" } },
    { label: "Environment", base: "dr", set: { "sigma:Environment": "dr-2" }, key: "sigma:Environment", value: '"dr-2"', says: "did you mean sigma:environment?", fix: { "sigma:environment": "dr-2" } },
    { label: "TAGS", base: "dev", set: { "sigma:TAGS": { owner: "reporting" } }, key: "sigma:TAGS", value: "owner", says: "did you mean sigma:tags?", fix: { "sigma:tags": { owner: "reporting" } } },

    // Renamed keys: refused with the new name (and value).
    { label: "the old assignPublicIp", base: "dev", set: { "sigma:assignPublicIp": true }, key: "sigma:assignPublicIp", value: '"true"', says: "use sigma:associatePublicIpAddress", fix: { "sigma:associatePublicIpAddress": true } },
    { label: "the old assignPublicIp in lower case", base: "dev", set: { "sigma:assignpublicip": false }, key: "sigma:assignpublicip", value: '"false"', says: "did you mean sigma:associatePublicIpAddress?", fix: { "sigma:associatePublicIpAddress": false } },
    { label: "the old azCount", base: "prod", set: { "sigma:azCount": 3 }, key: "sigma:azCount", value: '"3"', says: "use sigma:availabilityZoneCount", fix: { "sigma:availabilityZoneCount": 3 } },
    { label: "the old vpcCidr", base: "prod", set: { "sigma:vpcCidr": "10.50.0.0/16" }, key: "sigma:vpcCidr", value: '"10.50.0.0/16"', says: "use sigma:vpcCidrBlock", fix: { "sigma:vpcCidrBlock": "10.50.0.0/16" } },
    { label: "the old natGateways single", base: "prod", set: { "sigma:natGateways": "single" }, key: "sigma:natGateways", value: '"single"', says: "use sigma:natGatewayStrategy with the value Single", fix: { "sigma:natGatewayStrategy": "Single" } },
    { label: "the old natGateways one-per-az", base: "prod", set: { "sigma:natGateways": "one-per-az" }, key: "sigma:natGateways", value: '"one-per-az"', says: "with the value OnePerAz", fix: { "sigma:natGatewayStrategy": "OnePerAz" } },
    { label: "an old NAT value under the new key", base: "prod", set: { "sigma:natGatewayStrategy": "one-per-az" }, key: "sigma:natGatewayStrategy", value: '"one-per-az"', says: "did you mean OnePerAz?", fix: { "sigma:natGatewayStrategy": "OnePerAz" } },
    { label: "the old vpcEndpoints", base: "prod", set: { "sigma:vpcEndpoints": false }, key: "sigma:vpcEndpoints", value: '"false"', says: "use sigma:sessionManagerEndpoints", fix: { "sigma:sessionManagerEndpoints": false } },
    { label: "the old restore.restoreInstanceType", base: "dev", set: { "sigma:restore": { instanceId: INSTANCE, restoreInstanceType: "r5.large" } }, key: "sigma:restore.restoreInstanceType", value: '"r5.large"', says: "use sigma:restore.instanceType", fix: { "sigma:restore": { instanceId: INSTANCE, instanceType: "r5.large" } } },

    // Names of JavaScript object internals: never looked up on a plain object.
    { label: "restore to the type constructor", base: "dev", set: { "sigma:restore": { instanceId: INSTANCE, instanceType: "constructor" } }, key: "sigma:restore.instanceType", value: '"constructor"', says: "use one of t3.medium", fix: { "sigma:restore": { instanceId: INSTANCE, instanceType: "t3.large" } } },
    { label: "instance type toString", base: "dev", set: { "sigma:instanceType": "toString" }, key: "sigma:instanceType", value: '"toString"', fix: { "sigma:instanceType": "t3.large" } },
    { label: "instance type __proto__", base: "dev", set: { "sigma:instanceType": "__proto__" }, key: "sigma:instanceType", value: '"__proto__"', fix: { "sigma:instanceType": "t3.xlarge" } },
    { label: "topology __proto__", base: "dev", set: { "sigma:topology": "__proto__" }, key: "sigma:topology", value: '"__proto__"', says: "use one of single-az, multi-az, dr-region", fix: { "sigma:topology": "single-az" } },
    { label: "topology constructor", base: "dr", set: { "sigma:topology": "constructor" }, key: "sigma:topology", value: '"constructor"', fix: { "sigma:topology": "dr-region" } },
    { label: "backup frequency constructor", base: "dev", set: { "sigma:backup": { frequency: "constructor" } }, key: "sigma:backup.frequency", value: '"constructor"', fix: { "sigma:backup": { frequency: "daily" } } },
    { label: "backup frequency hasOwnProperty", base: "dev", set: { "sigma:backup": { frequency: "hasOwnProperty" } }, key: "sigma:backup.frequency", value: '"hasOwnProperty"', fix: { "sigma:backup": { frequency: "hourly" } } },
    { label: "NAT strategy toString", base: "prod", set: { "sigma:natGatewayStrategy": "toString" }, key: "sigma:natGatewayStrategy", value: '"toString"', says: "use one of OnePerAz, Single", fix: { "sigma:natGatewayStrategy": "Single" } },
    { label: "the key sigma:__proto__", base: "dev", set: { "sigma:__proto__": "x" }, key: "sigma:__proto__", value: '"x"', fix: {} },
    { label: "the key sigma:constructor", base: "dev", set: { "sigma:constructor": "x" }, key: "sigma:constructor", value: '"x"', fix: {} },
    { label: "a backup member __proto__", base: "dev", set: { "sigma:backup": '{"frequency":"daily","__proto__":{"enabled":false}}' }, key: "sigma:backup.__proto__", value: "enabled", fix: { "sigma:backup": { frequency: "daily" } } },
    { label: "a restore member __proto__", base: "dev", set: { "sigma:restore": `{"instanceId":"${INSTANCE}","__proto__":{"instanceType":"r5.large"}}` }, key: "sigma:restore.__proto__", value: "r5.large", fix: { "sigma:restore": { instanceId: INSTANCE, instanceType: "r5.large" } } },
    { label: "a tag named __proto__", base: "dev", set: { "sigma:tags": '{"__proto__":"x"}' }, key: "sigma:tags.__proto__", value: '"x"', says: "rename the tag", fix: { "sigma:tags": { proto: "x" } } },

    // Keys that contradict each other.
    { label: "a restore with backups off", base: "dev", set: { "sigma:backup": { enabled: false }, "sigma:restore": { instanceId: INSTANCE } }, key: "sigma:restore", value: INSTANCE, says: "sigma:backup.enabled is false", fix: { "sigma:restore": { instanceId: INSTANCE } } },
    { label: "a retention with backups off", base: "dev", set: { "sigma:backup": { enabled: false, retentionDays: 7 } }, key: "sigma:backup.retentionDays", value: "7", says: "has no effect", fix: { "sigma:backup": { enabled: false } } },
    { label: "a DR stack with backups off", base: "dev", set: { "sigma:backup": { enabled: false }, "sigma:drStack": "acme/sigma/dr" }, key: "sigma:drStack", value: '"acme/sigma/dr"', fix: { "sigma:backup": { enabled: false } } },
    { label: "a copy vault with backups off", base: "dev", set: { "sigma:backup": { enabled: false, copyToVaultArn: DR_VAULT } }, key: "sigma:backup.copyToVaultArn", value: DR_VAULT, fix: { "sigma:backup": { enabled: false } } },
    { label: "a DR stack and a copy vault", base: "prod", set: { "sigma:drStack": "acme/sigma/dr" }, key: "sigma:drStack", value: '"acme/sigma/dr"', says: "keep one of them", fix: { "sigma:drStack": "acme/sigma/dr", "sigma:backup": { ...PROD_BACKUP, copyToVaultArn: undefined } } },
    { label: "an AMI owner with an AMI id", base: "dev", set: { "sigma:amiOwner": "123456789012" }, key: "sigma:amiOwner", value: '"123456789012"', says: "keep one way of choosing the AMI", fix: { "sigma:amiId": undefined, "sigma:amiOwner": "123456789012", "sigma:amiNameFilter": "sigma-app-db-*" } },
    { label: "an AMI name filter with an AMI id", base: "dev", set: { "sigma:amiNameFilter": "sigma-*" }, key: "sigma:amiNameFilter", value: '"sigma-*"', fix: {} },
    { label: "an AMI owner without a name filter", base: "dev", set: { "sigma:amiId": undefined, "sigma:amiOwner": "aws-marketplace" }, key: "sigma:amiNameFilter", says: "sigma-app-db-*", fix: { "sigma:amiId": undefined, "sigma:amiOwner": "aws-marketplace", "sigma:amiNameFilter": "sigma-app-db-*" } },
    { label: "a hosted zone without a domain", base: "prod", set: { "sigma:hostedZoneId": "Z0123456789ABCDEFGHIJ" }, key: "sigma:hostedZoneId", value: '"Z0123456789ABCDEFGHIJ"', says: "set both, or neither", fix: { "sigma:hostedZoneId": "Z0123456789ABCDEFGHIJ", "sigma:domainName": "sigma.example.com" } },
    { label: "a domain without a hosted zone", base: "prod", set: { "sigma:domainName": "sigma.example.com" }, key: "sigma:domainName", value: '"sigma.example.com"', fix: { "sigma:hostedZoneId": "Z0123456789ABCDEFGHIJ", "sigma:domainName": "sigma.example.com" } },
    { label: "new-VPC keys with an existing VPC", base: "prod", set: { ...EXISTING_VPC, "sigma:vpcCidrBlock": "10.40.0.0/16" }, key: "sigma:vpcCidrBlock", value: '"10.40.0.0/16"', says: "only shapes a new VPC", fix: EXISTING_VPC },
    { label: "subnets without their VPC", base: "prod", set: { "sigma:publicSubnetIds": PUBLIC }, key: "sigma:publicSubnetIds", value: PUBLIC[0], says: "needs sigma:vpcId", fix: EXISTING_VPC },
    { label: "a public subnet as a private one", base: "prod", set: { ...EXISTING_VPC, "sigma:privateSubnetIds": [PUBLIC[0], PRIVATE[1]] }, key: "sigma:privateSubnetIds[0]", value: PUBLIC[0], says: "is also in sigma:publicSubnetIds", fix: EXISTING_VPC },
    { label: "a DR stack on the dr-region stack", base: "dr", set: { "sigma:drStack": "dr" }, key: "sigma:drStack", value: '"dr"', says: "the copy destination itself", fix: {} },
    { label: "a copy vault on the dr-region stack", base: "dr", set: { "sigma:backup": { ...DR_BACKUP, copyToVaultArn: DR_VAULT } }, key: "sigma:backup.copyToVaultArn", value: DR_VAULT, fix: { "sigma:backup": DR_BACKUP } },
    { label: "an AMI on the dr-region stack", base: "dr", set: { "sigma:amiId": AMI }, key: "sigma:amiId", value: AMI, says: "launches no instance", fix: {} },
    { label: "a backup frequency on the dr-region stack", base: "dr", set: { "sigma:backup": { ...DR_BACKUP, frequency: "hourly" } }, key: "sigma:backup.frequency", value: '"hourly"', says: "makes no backups", fix: { "sigma:backup": DR_BACKUP } },
    { label: "termination protection on the dr-region stack", base: "dr", set: { "sigma:terminationProtection": true }, key: "sigma:terminationProtection", value: '"true"', fix: { "sigma:terminationProtection": false } },
    { label: "a public IP in multi-az", base: "prod", set: { "sigma:associatePublicIpAddress": true }, key: "sigma:associatePublicIpAddress", value: '"true"', says: "private subnets behind the load balancer", fix: { "sigma:associatePublicIpAddress": false } },
    { label: "single-az subnets in multi-az", base: "prod", set: { ...EXISTING_VPC, "sigma:subnetIds": [SUBNET] }, key: "sigma:subnetIds", value: SUBNET, says: "sigma:publicSubnetIds and sigma:privateSubnetIds", fix: EXISTING_VPC },
    { label: "a certificate in single-az", base: "dev", set: { "sigma:certificateArn": CERT }, key: "sigma:certificateArn", value: CERT, says: "it applies to multi-az", fix: {} },
    { label: "a Monday-Wednesday-Friday backup kept a day", base: "dev", set: { "sigma:backup": { frequency: MWF, retentionDays: 1 } }, key: "sigma:backup.retentionDays", value: "1", says: "at least 3 days", fix: { "sigma:backup": { frequency: MWF, retentionDays: 3 } } },
    { label: "a copy retention with nothing copied", base: "dev", set: { "sigma:backup": { ...DEV_BACKUP, copyRetentionDays: 45 } }, key: "sigma:backup.copyRetentionDays", value: "45", says: "nothing is copied", fix: { "sigma:backup": { ...DEV_BACKUP, copyRetentionDays: 45 }, "sigma:drStack": "acme/sigma/dr" } },
    { label: "a lock grace period without a lock", base: "dev", set: { "sigma:backup": { ...DEV_BACKUP, vaultLockChangeableForDays: 7 } }, key: "sigma:backup.vaultLockChangeableForDays", value: "7", says: "set sigma:backup.vaultLock true", fix: { "sigma:backup": { ...DEV_BACKUP, vaultLock: true, vaultLockChangeableForDays: 7 } } },
    { label: "a DR stack naming this stack", base: "dev", set: { "sigma:drStack": "dev" }, key: "sigma:drStack", value: '"dev"', says: "names this stack", fix: { "sigma:drStack": "dr" } },
    { label: "a DR stack naming this stack in full", base: "prod", set: { "sigma:drStack": "acme/sigma/prod", "sigma:backup": { ...PROD_BACKUP, copyToVaultArn: undefined } }, key: "sigma:drStack", value: '"acme/sigma/prod"', fix: { "sigma:drStack": "acme/sigma/dr", "sigma:backup": { ...PROD_BACKUP, copyToVaultArn: undefined } } },

    // Wrong types.
    { label: "a data volume in words", base: "dev", set: { "sigma:dataVolumeGiB": "big" }, key: "sigma:dataVolumeGiB", value: '"big"', says: "whole number from 100 to 16384", fix: { "sigma:dataVolumeGiB": 200 } },
    { label: "a fractional data volume", base: "dev", set: { "sigma:dataVolumeGiB": "100.5" }, key: "sigma:dataVolumeGiB", value: '"100.5"', fix: { "sigma:dataVolumeGiB": 101 } },
    { label: "termination protection yes", base: "dev", set: { "sigma:terminationProtection": "yes" }, key: "sigma:terminationProtection", value: '"yes"', says: "must be true or false", fix: { "sigma:terminationProtection": true } },
    { label: "a public IP flag of 1", base: "dev", set: { "sigma:associatePublicIpAddress": 1 }, key: "sigma:associatePublicIpAddress", value: '"1"', fix: { "sigma:associatePublicIpAddress": true } },
    { label: "admin networks as one string", base: "dev", set: { "sigma:adminCidrs": "198.51.100.0/24" }, key: "sigma:adminCidrs", value: '"198.51.100.0/24"', says: "is not a list", fix: { "sigma:adminCidrs": ["198.51.100.0/24"] } },
    { label: "client networks as an object", base: "dev", set: { "sigma:appCidrs": { office: "198.51.100.0/24" } }, key: "sigma:appCidrs", value: "office", says: "is not a list", fix: { "sigma:appCidrs": ["198.51.100.0/24"] } },
    { label: "a client network as a number", base: "dev", set: { "sigma:appCidrs": [1] }, key: "sigma:appCidrs[0]", value: "1", says: "is not a string", fix: { "sigma:appCidrs": ["198.51.100.0/24"] } },
    { label: "backup as a list", base: "dev", set: { "sigma:backup": [1] }, key: "sigma:backup", value: "[1]", says: "is not an object", fix: { "sigma:backup": { frequency: "daily" } } },
    { label: "backup as a word", base: "dev", set: { "sigma:backup": "daily" }, key: "sigma:backup", value: '"daily"', says: "is not an object", fix: { "sigma:backup": { frequency: "daily" } } },
    { label: "tags as a list", base: "dev", set: { "sigma:tags": ["owner"] }, key: "sigma:tags", value: '["owner"]', fix: { "sigma:tags": { owner: "reporting" } } },
    { label: "a tag value as a number", base: "dev", set: { "sigma:tags": { costCentre: 4711 } }, key: "sigma:tags.costCentre", value: "4711", says: 'quote it, e.g. "4711"', fix: { "sigma:tags": { costCentre: "4711" } } },
    { label: "backups enabled yes", base: "dev", set: { "sigma:backup": { enabled: "yes" } }, key: "sigma:backup.enabled", value: '"yes"', fix: { "sigma:backup": { enabled: true } } },
    { label: "a retention in words", base: "dev", set: { "sigma:backup": { retentionDays: "a week" } }, key: "sigma:backup.retentionDays", value: '"a week"', fix: { "sigma:backup": { retentionDays: "7" } } },
    { label: "a vault lock on", base: "dev", set: { "sigma:backup": { vaultLock: "on" } }, key: "sigma:backup.vaultLock", value: '"on"', fix: { "sigma:backup": { vaultLock: "true" } } },
    { label: "protect as 1", base: "prod", set: { "sigma:backup": { ...PROD_BACKUP, protect: 1 } }, key: "sigma:backup.protect", value: "1", fix: { "sigma:backup": PROD_BACKUP } },
    { label: "restore testing weekly", base: "dev", set: { "sigma:backup": { restoreTesting: "weekly" } }, key: "sigma:backup.restoreTesting", value: '"weekly"', fix: { "sigma:backup": { restoreTesting: false } } },
    { label: "an instance id as a number", base: "dev", set: { "sigma:restore": { instanceId: 123 } }, key: "sigma:restore.instanceId", value: "123", says: "must be a non-empty string", fix: { "sigma:restore": { instanceId: INSTANCE } } },
    { label: "an app count in words", base: "prod", set: { "sigma:appCount": "two" }, key: "sigma:appCount", value: '"two"', fix: { "sigma:appCount": 2, "sigma:appDbConnection": APP_DB_CONNECTION } },
    { label: "Session Manager endpoints no", base: "prod", set: { "sigma:sessionManagerEndpoints": "no" }, key: "sigma:sessionManagerEndpoints", value: '"no"', fix: { "sigma:sessionManagerEndpoints": false } },
    { label: "deletion protection off", base: "prod", set: { "sigma:deletionProtection": "off" }, key: "sigma:deletionProtection", value: '"off"', fix: { "sigma:deletionProtection": false } },
    { label: "alarm mail as one string", base: "prod", set: { "sigma:alarmEmails": "ops@example.com" }, key: "sigma:alarmEmails", value: '"ops@example.com"', fix: { "sigma:alarmEmails": ["ops@example.com"] } },
    { label: "subnets as one string", base: "dev", set: { "sigma:subnetIds": SUBNET }, key: "sigma:subnetIds", value: `"${SUBNET}"`, fix: { "sigma:subnetIds": [SUBNET] } },

    // Numbers out of range.
    { label: "a data volume below the guide's minimum", base: "dev", set: { "sigma:dataVolumeGiB": 99 }, key: "sigma:dataVolumeGiB", value: '"99"', says: "the guide's minimum is 100 GiB", fix: { "sigma:dataVolumeGiB": 100 } },
    { label: "a data volume above gp3's largest", base: "dev", set: { "sigma:dataVolumeGiB": 16385 }, key: "sigma:dataVolumeGiB", value: '"16385"', fix: { "sigma:dataVolumeGiB": 16384 } },
    { label: "a negative data volume", base: "dev", set: { "sigma:dataVolumeGiB": -100 }, key: "sigma:dataVolumeGiB", value: '"-100"', fix: { "sigma:dataVolumeGiB": 100 } },
    { label: "a root volume too small to boot", base: "dev", set: { "sigma:rootVolumeGiB": 7 }, key: "sigma:rootVolumeGiB", value: '"7"', says: "from 8 to 16384", fix: { "sigma:rootVolumeGiB": 8 } },
    { label: "no APP instance", base: "prod", set: { "sigma:appCount": 0 }, key: "sigma:appCount", value: '"0"', says: "from 1 to 10", fix: { "sigma:appCount": 1 } },
    { label: "eleven APP instances", base: "prod", set: { "sigma:appCount": 11 }, key: "sigma:appCount", value: '"11"', fix: { "sigma:appCount": 10, "sigma:appDbConnection": APP_DB_CONNECTION } },
    // One APP&DB instance is one database: more only with a shared DB (stacks/config/multiAz.ts).
    { label: "two APP&DB instances", base: "prod", set: { "sigma:appCount": 2 }, key: "sigma:appCount", value: '"2"', says: "divergent databases behind one load balancer", fix: { "sigma:appCount": 2, "sigma:appDbConnection": APP_DB_CONNECTION } },
    { label: "a connection script that ignores SIGMA_DB_HOST", base: "prod", set: { "sigma:appDbConnection": "sigma-connect --host db" }, key: "sigma:appDbConnection", value: '"sigma-connect --host db"', says: "does not read $SIGMA_DB_HOST", fix: { "sigma:appDbConnection": APP_DB_CONNECTION } },
    { label: "a connection script naming the DB's address", base: "prod", set: { "sigma:appCount": 2, "sigma:appDbConnection": 'sigma-connect --host "$SIGMA_DB_HOST" --fallback 10.40.1.25' }, key: "sigma:appDbConnection", value: "10.40.1.25", says: "names the address 10.40.1.25", fix: { "sigma:appCount": 2, "sigma:appDbConnection": APP_DB_CONNECTION } },
    { label: "a connection script holding the heredoc marker", base: "prod", set: { "sigma:appDbConnection": 'echo "$SIGMA_DB_HOST"\nSIGMA_APP_DB_CONNECTION_END\nreboot' }, key: "sigma:appDbConnection", says: "contains the line SIGMA_APP_DB_CONNECTION_END", fix: { "sigma:appDbConnection": APP_DB_CONNECTION } },
    { label: "a connection script too big for user data", base: "prod", set: { "sigma:appDbConnection": `# $SIGMA_DB_HOST\n${"#".repeat(16384)}` }, key: "sigma:appDbConnection", says: "EC2 takes at most 16384", fix: { "sigma:appDbConnection": APP_DB_CONNECTION } },
    { label: "a failover detection window of no minutes", base: "prod", set: { "sigma:failover": { impairedMinutes: 0 } }, key: "sigma:failover.impairedMinutes", value: "0", says: "from 1 to 18", fix: { "sigma:failover": { impairedMinutes: 1 } } },
    { label: "a failover detection window past the RTO", base: "prod", set: { "sigma:failover": { impairedMinutes: 19 } }, key: "sigma:failover.impairedMinutes", value: "19", says: "share the 30-minute RTO", fix: { "sigma:failover": { impairedMinutes: 18 } } },
    { label: "a detection window of a disabled failover", base: "prod", set: { "sigma:failover": { enabled: false, impairedMinutes: 5 } }, key: "sigma:failover.impairedMinutes", value: "5", says: "sigma:failover.enabled is false", fix: { "sigma:failover": { enabled: false } } },
    { label: "a failover in words", base: "prod", set: { "sigma:failover": { enabled: "yes" } }, key: "sigma:failover.enabled", value: '"yes"', says: "true or false", fix: { "sigma:failover": { enabled: true } } },
    { label: "a misspelt failover member", base: "prod", set: { "sigma:failover": { impairedMinute: 5 } }, key: "sigma:failover.impairedMinute", says: "did you mean sigma:failover.impairedMinutes?", fix: { "sigma:failover": { impairedMinutes: 5 } } },
    { label: "a log retention CloudWatch Logs does not take", base: "prod", set: { "sigma:logs": { retentionDays: 45 } }, key: "sigma:logs.retentionDays", value: "45", says: "use one of 1, 3, 5", fix: { "sigma:logs": { retentionDays: 60 } } },
    { label: "a relative Tomcat log path", base: "dev", set: { "sigma:logs": { catalinaLogPath: "logs/catalina.out" } }, key: "sigma:logs.catalinaLogPath", value: '"logs/catalina.out"', says: "absolute file path", fix: { "sigma:logs": { catalinaLogPath: "/opt/tomcat/logs/catalina.out" } } },
    { label: "a dev schedule in a time zone abbreviation", base: "dev", set: { "sigma:schedule": { stop: "cron(0 19 ? * MON-FRI *)", start: "cron(0 7 ? * MON-FRI *)", timezone: "SGT" } }, key: "sigma:schedule.timezone", value: '"SGT"', says: "IANA time zone", fix: { "sigma:schedule": { stop: "cron(0 19 ? * MON-FRI *)", start: "cron(0 7 ? * MON-FRI *)", timezone: "Asia/Singapore" } } },
    { label: "a dev schedule that stops on a rate", base: "dev", set: { "sigma:schedule": { stop: "rate(12 hours)", start: "cron(0 7 ? * MON-FRI *)", timezone: "UTC" } }, key: "sigma:schedule.stop", value: '"rate(12 hours)"', says: "not a cron expression", fix: { "sigma:schedule": { stop: "cron(0 19 ? * MON-FRI *)", start: "cron(0 7 ? * MON-FRI *)", timezone: "UTC" } } },
    { label: "patching with backups off", base: "dev", set: { "sigma:backup": { enabled: false }, "sigma:patching": { enabled: true } }, key: "sigma:patching.enabled", value: "true", says: "sigma:backup.enabled is false", fix: { "sigma:backup": { enabled: false } } },
    { label: "a patch window that runs once", base: "prod", set: { "sigma:patching": { schedule: "at(2027-01-09T18:00:00)" } }, key: "sigma:patching.schedule", value: '"at(2027-01-09T18:00:00)"', says: "runs once", fix: { "sigma:patching": { schedule: "cron(0 18 ? 1,4,7,10 SAT#2 *)" } } },
    { label: "a patch window with five cron fields", base: "dev", set: { "sigma:patching": { schedule: "cron(0 18 ? * SAT#2)" } }, key: "sigma:patching.schedule", value: '"cron(0 18 ? * SAT#2)"', says: "cron(...) or rate(...)", fix: { "sigma:patching": { schedule: "cron(0 18 ? * SAT#2 *)" } } },
    { label: "patch windows closer than they last", base: "dev", set: { "sigma:patching": { schedule: "rate(2 hours)" } }, key: "sigma:patching.schedule", value: '"rate(2 hours)"', says: "SKIPPED_OVERLAPPING", fix: { "sigma:patching": { schedule: "rate(7 days)" } } },
    { label: "a patch window in a time zone abbreviation", base: "prod", set: { "sigma:patching": { timezone: "SGT" } }, key: "sigma:patching.timezone", value: '"SGT"', says: "IANA time zone", fix: { "sigma:patching": { timezone: "Asia/Singapore" } } },
    { label: "a patch window of a day and more", base: "prod", set: { "sigma:patching": { durationHours: 25 } }, key: "sigma:patching.durationHours", value: "25", says: "from 1 to 24", fix: { "sigma:patching": { durationHours: 24 } } },
    { label: "a patch cutoff as long as the window", base: "dev", set: { "sigma:patching": { durationHours: 2, cutoffHours: 2 } }, key: "sigma:patching.cutoffHours", value: "2", says: "less than sigma:patching.durationHours, e.g. 1", fix: { "sigma:patching": { durationHours: 2, cutoffHours: 1 } } },
    { label: "an approval delay Ubuntu cannot take", base: "prod", set: { "sigma:patching": { approveAfterDays: 7 } }, key: "sigma:patching.approveAfterDays", value: "7", says: "Not supported for Debian Server or Ubuntu Server", fix: { "sigma:patching": { approveAfterDays: 0 } } },
    { label: "a reboot in words", base: "dev", set: { "sigma:patching": { rebootAllowed: "sometimes" } }, key: "sigma:patching.rebootAllowed", value: '"sometimes"', says: "true or false", fix: { "sigma:patching": { rebootAllowed: false } } },
    { label: "a schedule of disabled patching", base: "dev", set: { "sigma:patching": { enabled: false, schedule: "cron(0 18 ? * SAT#2 *)" } }, key: "sigma:patching.schedule", says: "sigma:patching.enabled is false", fix: { "sigma:patching": { enabled: false } } },
    { label: "patching on the dr stack", base: "dr", set: { "sigma:patching": { enabled: true } }, key: "sigma:patching", says: "not used by the dr-region topology", fix: {} },
    { label: "a log retention of disabled logs", base: "dev", set: { "sigma:logs": { enabled: false, retentionDays: 90 } }, key: "sigma:logs.retentionDays", value: "90", says: "sigma:logs.enabled is false", fix: { "sigma:logs": { enabled: false } } },
    { label: "a failover without backups", base: "prod", set: { "sigma:backup": { enabled: false }, "sigma:breakGlassRoleArn": undefined }, key: "sigma:failover.enabled", value: "true", says: "sigma:backup.enabled is false", fix: { "sigma:backup": { enabled: false }, "sigma:breakGlassRoleArn": undefined, "sigma:failover": { enabled: false } } },
    { label: "a failover in single-az", base: "dev", set: { "sigma:failover": { enabled: true } }, key: "sigma:failover", says: "it applies to multi-az", fix: {} },
    { label: "a new VPC over one AZ", base: "prod", set: { "sigma:availabilityZoneCount": 1 }, key: "sigma:availabilityZoneCount", value: '"1"', says: "at least 2 Availability Zones", fix: { "sigma:availabilityZoneCount": 2 } },
    { label: "a new VPC over seven AZs", base: "prod", set: { "sigma:availabilityZoneCount": 7 }, key: "sigma:availabilityZoneCount", value: '"7"', fix: { "sigma:availabilityZoneCount": 6 } },
    { label: "a zero-day retention", base: "dev", set: { "sigma:backup": { retentionDays: 0 } }, key: "sigma:backup.retentionDays", value: "0", says: "from 1 to 36500", fix: { "sigma:backup": { retentionDays: 1 } } },
    { label: "a retention over a century", base: "dev", set: { "sigma:backup": { retentionDays: 36501 } }, key: "sigma:backup.retentionDays", value: "36501", fix: { "sigma:backup": { retentionDays: 36500 } } },
    { label: "copies kept zero days", base: "prod", set: { "sigma:backup": { ...PROD_BACKUP, copyRetentionDays: 0 } }, key: "sigma:backup.copyRetentionDays", value: "0", fix: { "sigma:backup": { ...PROD_BACKUP, copyRetentionDays: 1 } } },
    { label: "a lock grace period of 2 days", base: "dr", set: { "sigma:backup": { ...DR_BACKUP, vaultLockChangeableForDays: 2 } }, key: "sigma:backup.vaultLockChangeableForDays", value: "2", says: "from 3 to 36500", fix: { "sigma:backup": { ...DR_BACKUP, vaultLockChangeableForDays: 3 } } },
    { label: "a /8 VPC", base: "prod", set: { "sigma:vpcCidrBlock": "10.0.0.0/8" }, key: "sigma:vpcCidrBlock", value: '"10.0.0.0/8"', says: "from /16 to /24, e.g. 10.40.0.0/16", fix: { "sigma:vpcCidrBlock": "10.40.0.0/16" } },
    { label: "a /28 VPC", base: "prod", set: { "sigma:vpcCidrBlock": "10.40.0.0/28" }, key: "sigma:vpcCidrBlock", value: '"10.40.0.0/28"', fix: { "sigma:vpcCidrBlock": "10.40.0.0/24" } },
    { label: "an IPv6 VPC block", base: "prod", set: { "sigma:vpcCidrBlock": "2001:db8::/56" }, key: "sigma:vpcCidrBlock", value: '"2001:db8::/56"', fix: { "sigma:vpcCidrBlock": "10.40.0.0/16" } },
    { label: "a VPC block with host bits and a /8", base: "prod", set: { "sigma:vpcCidrBlock": "10.1.0.0/8" }, key: "sigma:vpcCidrBlock", value: '"10.1.0.0/8"', says: "use 10.40.0.0/16", fix: { "sigma:vpcCidrBlock": "10.40.0.0/16" } },

    // CIDRs: strict blocks, no world, not even as a union, no duplicates, and what a security group takes.
    { label: "SSH from the world", base: "dev", set: { "sigma:adminCidrs": ["0.0.0.0/0"] }, key: "sigma:adminCidrs[0]", value: '"0.0.0.0/0"', says: "use Session Manager", fix: { "sigma:adminCidrs": ["198.51.100.0/24"] } },
    { label: "SSH from the IPv6 world", base: "dev", set: { "sigma:adminCidrs": ["::/0"] }, key: "sigma:adminCidrs[0]", value: '"::/0"', fix: { "sigma:adminCidrs": [] } },
    { label: "SSH from the world spelt 0::0/0", base: "dr", set: { "sigma:adminCidrs": ["0::0/0"] }, key: "sigma:adminCidrs[0]", value: '"0::0/0"', fix: { "sigma:adminCidrs": ["2001:db8::/32"] } },
    { label: "SSH from two halves of the internet", base: "dev", set: { "sigma:adminCidrs": ["0.0.0.0/1", "128.0.0.0/1"] }, key: "sigma:adminCidrs", value: '["0.0.0.0/1","128.0.0.0/1"]', says: "cover every public IPv4 address", fix: { "sigma:adminCidrs": ["198.51.100.0/24"] } },
    { label: "SSH from one /1 block, more than half of the public internet", base: "dev", set: { "sigma:adminCidrs": ["0.0.0.0/1"] }, key: "sigma:adminCidrs", value: '["0.0.0.0/1"]', says: "% of the public IPv4 internet", fix: { "sigma:adminCidrs": ["198.51.100.0/24"] } },
    { label: "8080 from two halves of the internet", base: "dev", set: { "sigma:appCidrs": ["0.0.0.0/1", "128.0.0.0/1"] }, key: "sigma:appCidrs", value: "128.0.0.0/1", says: "8080 is plain HTTP", fix: { "sigma:appCidrs": ["203.0.113.0/24"] } },
    { label: "8080 from two halves of IPv6", base: "dr", set: { "sigma:appCidrs": ["::/1", "8000::/1"] }, key: "sigma:appCidrs", value: "8000::/1", says: "every public IPv6 address", fix: { "sigma:appCidrs": ["2001:db8::/32"] } },
    { label: "8080 from the world", base: "dev", set: { "sigma:appCidrs": ["0.0.0.0/0"] }, key: "sigma:appCidrs[0]", value: '"0.0.0.0/0"', says: "the multi-az topology serves the internet over HTTPS", fix: { "sigma:appCidrs": ["203.0.113.0/24"] } },
    { label: "a /0 with host bits", base: "dev", set: { "sigma:appCidrs": ["10.0.0.0/0"] }, key: "sigma:appCidrs[0]", value: '"10.0.0.0/0"', says: "use 203.0.113.0/24", fix: { "sigma:appCidrs": ["203.0.113.0/24"] } },
    { label: "an admin block with host bits", base: "dev", set: { "sigma:adminCidrs": ["10.1.2.3/16"] }, key: "sigma:adminCidrs[0]", value: '"10.1.2.3/16"', says: "use 10.1.0.0/16", fix: { "sigma:adminCidrs": ["10.1.0.0/16"] } },
    { label: "a client network listed twice", base: "dev", set: { "sigma:appCidrs": ["203.0.113.0/24", "203.0.113.0/24"] }, key: "sigma:appCidrs[1]", value: '"203.0.113.0/24"', says: "is the same block as sigma:appCidrs[0]", fix: { "sigma:appCidrs": ["203.0.113.0/24"] } },
    { label: "an IPv6 network twice in two spellings", base: "prod", set: { "sigma:appCidrs": ["2001:db8::/32", "2001:DB8:0::/32"] }, key: "sigma:appCidrs[1]", value: '"2001:DB8:0::/32"', says: "(2001:db8::/32)", fix: { "sigma:appCidrs": ["2001:db8::/32"] } },
    { label: "a client network with spaces", base: "dev", set: { "sigma:appCidrs": [" 203.0.113.0/24"] }, key: "sigma:appCidrs[0]", value: '" 203.0.113.0/24"', says: "use 203.0.113.0/24", fix: { "sigma:appCidrs": ["203.0.113.0/24"] } },
    { label: "an address without a prefix", base: "dev", set: { "sigma:appCidrs": ["203.0.113.5"] }, key: "sigma:appCidrs[0]", value: '"203.0.113.5"', says: "use 203.0.113.5/32", fix: { "sigma:appCidrs": ["203.0.113.5/32"] } },
    { label: "an octet with a leading zero", base: "dev", set: { "sigma:appCidrs": ["010.0.0.0/8"] }, key: "sigma:appCidrs[0]", value: '"010.0.0.0/8"', fix: { "sigma:appCidrs": ["10.0.0.0/8"] } },
    { label: "more client networks than the group takes", base: "dev", set: { "sigma:appCidrs": hosts(51) }, key: "sigma:appCidrs", value: "10.0.0.50/32", says: "at most 50", fix: { "sigma:appCidrs": hosts(50) } },
    { label: "client and admin networks over the group's rules", base: "dr", set: { "sigma:appCidrs": hosts(45), "sigma:adminCidrs": ["198.51.100.0/24", "198.51.101.0/24", "198.51.102.0/24", "198.51.103.0/24", "198.51.104.0/24", "198.51.105.0/24"] }, key: "sigma:appCidrs", value: "10.0.0.44/32", says: "at most 44", fix: { "sigma:appCidrs": hosts(44), "sigma:adminCidrs": ["198.51.100.0/24", "198.51.101.0/24", "198.51.102.0/24", "198.51.103.0/24", "198.51.104.0/24", "198.51.105.0/24"] } },
    { label: "more client networks than the load balancer's group takes", base: "prod", set: { "sigma:appCidrs": hosts(26) }, key: "sigma:appCidrs", value: "10.0.0.25/32", says: "at most 25", fix: { "sigma:appCidrs": hosts(25) } },
    { label: "no client network in single-az", base: "dev", set: { "sigma:appCidrs": [] }, key: "sigma:appCidrs", value: "[]", says: "must list at least one network", fix: { "sigma:appCidrs": ["203.0.113.0/24"] } },
    { label: "no client network in multi-az", base: "prod", set: { "sigma:appCidrs": [] }, key: "sigma:appCidrs", value: "[]", fix: { "sigma:appCidrs": ["0.0.0.0/0"] } },

    // Email addresses: SNS subscribes an address once whatever its case.
    { label: "an alarm address twice in two cases", base: "prod", set: { "sigma:alarmEmails": ["sigma-ops@example.com", "Sigma-Ops@EXAMPLE.com"] }, key: "sigma:alarmEmails[1]", value: '"Sigma-Ops@EXAMPLE.com"', says: "is the same address as sigma:alarmEmails[0]", fix: { "sigma:alarmEmails": ["sigma-ops@example.com"] } },
    { label: "an alarm address without a domain", base: "prod", set: { "sigma:alarmEmails": ["not-an-email"] }, key: "sigma:alarmEmails[0]", value: '"not-an-email"', says: "e.g. ops@example.com", fix: { "sigma:alarmEmails": ["ops@example.com"] } },
    { label: "an empty alarm list", base: "prod", set: { "sigma:alarmEmails": [] }, key: "sigma:alarmEmails", value: "[]", fix: { "sigma:alarmEmails": ["ops@example.com"] } },

    // Regions.
    { label: "a region by city", base: "dev", set: { "aws:region": "singapore" }, key: "aws:region", value: '"singapore"', says: "pulumi config set aws:region ap-southeast-1", fix: { "aws:region": "ap-southeast-1" } },
    { label: "a region in capitals", base: "dr", set: { "aws:region": "AP-SOUTHEAST-2" }, key: "aws:region", value: '"AP-SOUTHEAST-2"', fix: { "aws:region": "ap-southeast-2" } },
    { label: "no region", base: "dev", set: { "aws:region": undefined }, key: "aws:region", says: "is not set", fix: { "aws:region": "ap-southeast-1" } },
    { label: "a certificate in another region", base: "prod", set: { "sigma:certificateArn": CERT.replace("ap-southeast-1", "us-east-1") }, key: "sigma:certificateArn", value: "us-east-1", says: "request or import the certificate in ap-southeast-1", fix: { "sigma:certificateArn": CERT } },
    { label: "a copy to the stack's own region", base: "prod", set: { "sigma:backup": { ...PROD_BACKUP, copyToVaultArn: DR_VAULT.replace("ap-southeast-2", "ap-southeast-1") } }, key: "sigma:backup.copyToVaultArn", value: "ap-southeast-1", says: "must go to another region", fix: { "sigma:backup": PROD_BACKUP } },
    { label: "an EBS key in another region", base: "dev", set: { "sigma:kmsKeyArn": KEY_ARN.replace("ap-southeast-1", "us-east-1") }, key: "sigma:kmsKeyArn", value: "us-east-1", says: "use a key in ap-southeast-1", fix: { "sigma:kmsKeyArn": KEY_ARN } },
    { label: "a recovery point in another region", base: "dr", set: { "sigma:restore": { instanceId: INSTANCE, recoveryPointArn: RECOVERY_POINT } }, key: "sigma:restore.recoveryPointArn", value: RECOVERY_POINT, says: "in ap-southeast-2", fix: { "sigma:restore": { instanceId: INSTANCE, recoveryPointArn: RECOVERY_POINT.replace("ap-southeast-1", "ap-southeast-2") } } },
    { label: "a malformed certificate", base: "prod", set: { "sigma:certificateArn": "arn:aws:acm:ap-southeast-1:123456789012:certificate/sigma" }, key: "sigma:certificateArn", value: "certificate/sigma", says: "is not an ACM certificate ARN", fix: { "sigma:certificateArn": CERT } },

    // KMS: a key ARN, never an alias.
    { label: "an EBS key alias ARN", base: "dev", set: { "sigma:kmsKeyArn": ALIAS_ARN }, key: "sigma:kmsKeyArn", value: ALIAS_ARN, says: `use the key ARN: aws kms describe-key --key-id ${ALIAS_ARN} --query KeyMetadata.Arn`, fix: { "sigma:kmsKeyArn": KEY_ARN } },
    { label: "an EBS key alias name", base: "prod", set: { "sigma:kmsKeyArn": "alias/sigma-ebs" }, key: "sigma:kmsKeyArn", value: '"alias/sigma-ebs"', says: "aws kms describe-key --key-id alias/sigma-ebs", fix: { "sigma:kmsKeyArn": KEY_ARN } },
    { label: "a bare key id", base: "dev", set: { "sigma:kmsKeyArn": "1234abcd-12ab-34cd-56ef-1234567890ab" }, key: "sigma:kmsKeyArn", value: "1234abcd", says: "is not a KMS key ARN", fix: { "sigma:kmsKeyArn": KEY_ARN } },
    { label: "an alias on the dr-region stack", base: "dr", set: { "sigma:kmsKeyArn": DR_KEY_ARN.replace("key/1234abcd-12ab-34cd-56ef-1234567890ab", "alias/sigma-ebs") }, key: "sigma:kmsKeyArn", value: "alias/sigma-ebs", fix: { "sigma:kmsKeyArn": DR_KEY_ARN } },

    // Backup schedules.
    { label: "a cron whose year is past", base: "dev", set: { "sigma:backup": { frequency: "cron(0 3 * * ? 2001)" } }, key: "sigma:backup.frequency", value: "2001", says: "never runs again", fix: { "sigma:backup": { frequency: "cron(0 3 * * ? *)" } } },
    { label: "a cron whose years are past", base: "prod", set: { "sigma:backup": { ...PROD_BACKUP, frequency: "cron(0 * * * ? 2010-2020)" } }, key: "sigma:backup.frequency", value: "2010-2020", fix: { "sigma:backup": { ...PROD_BACKUP, frequency: "cron(0 * * * ? *)" } } },
    { label: "a cron every 5 minutes", base: "dev", set: { "sigma:backup": { frequency: "cron(*/5 * * * ? *)" } }, key: "sigma:backup.frequency", value: "*/5", says: "more than once an hour", fix: { "sigma:backup": { frequency: "hourly" } } },
    { label: "a cron with a leading space", base: "dev", set: { "sigma:backup": { frequency: " cron(0 3 * * ? *)" } }, key: "sigma:backup.frequency", value: '" cron(0 3 * * ? *)"', says: "spaces around it", fix: { "sigma:backup": { frequency: "cron(0 3 * * ? *)" } } },
    { label: "a frequency name with a trailing space", base: "dev", set: { "sigma:backup": { frequency: "daily " } }, key: "sigma:backup.frequency", value: '"daily "', says: "spaces around it", fix: { "sigma:backup": { frequency: "daily" } } },
    { label: "a five-field cron", base: "dev", set: { "sigma:backup": { frequency: "cron(0 3 * * *)" } }, key: "sigma:backup.frequency", value: "cron(0 3 * * *)", fix: { "sigma:backup": { frequency: "cron(0 3 * * ? *)" } } },
    { label: "a rate expression", base: "dev", set: { "sigma:backup": { frequency: "rate(1 hour)" } }, key: "sigma:backup.frequency", value: "rate(1 hour)", fix: { "sigma:backup": { frequency: "hourly" } } },
    { label: "a weekly frequency by name", base: "dev", set: { "sigma:backup": { frequency: "weekly" } }, key: "sigma:backup.frequency", value: '"weekly"', says: "cron(0 3 * * ? *)", fix: { "sigma:backup": { frequency: "cron(0 3 * * ? *)" } } },
    { label: "Daily in capitals", base: "dev", set: { "sigma:backup": { frequency: "Daily" } }, key: "sigma:backup.frequency", value: '"Daily"', says: "did you mean daily?", fix: { "sigma:backup": { frequency: "daily" } } },
    { label: "a cron on 31 February", base: "dev", set: { "sigma:backup": { frequency: "cron(0 3 31 2 ? *)" } }, key: "sigma:backup.frequency", value: "31 2", fix: { "sigma:backup": { frequency: "cron(0 3 * * ? *)" } } },

    // Stack names that look like paths.
    { label: "a DR stack up a directory", base: "dev", set: { "sigma:drStack": "../x" }, key: "sigma:drStack", value: '"../x"', says: "e.g. acme/sigma/dr", fix: { "sigma:drStack": "acme/sigma/dr" } },
    { label: "a DR stack through ..", base: "dev", set: { "sigma:drStack": "acme/../dr" }, key: "sigma:drStack", value: '"acme/../dr"', fix: { "sigma:drStack": "acme/sigma/dr" } },
    { label: "a DR stack in the current directory", base: "prod", set: { "sigma:drStack": "./dr", "sigma:backup": { ...PROD_BACKUP, copyToVaultArn: undefined } }, key: "sigma:drStack", value: '"./dr"', fix: { "sigma:drStack": "dr", "sigma:backup": { ...PROD_BACKUP, copyToVaultArn: undefined } } },
    { label: "a DR stack of four parts", base: "dev", set: { "sigma:drStack": "a/b/c/d" }, key: "sigma:drStack", value: '"a/b/c/d"', fix: { "sigma:drStack": "b/c/d" } },
    { label: "a DR stack with spaces", base: "dev", set: { "sigma:drStack": "acme sigma dr" }, key: "sigma:drStack", value: '"acme sigma dr"', fix: { "sigma:drStack": "acme/sigma/dr" } },
    { label: "a DR stack with an absolute path", base: "dev", set: { "sigma:drStack": "/etc/passwd" }, key: "sigma:drStack", value: '"/etc/passwd"', fix: { "sigma:drStack": "dr" } },

    // Secrets: only sigma:kmsKeyArn may be one, and a secret's value is never shown.
    { label: "an AMI id set as a secret", base: "dev", set: { "sigma:amiId": { secure: "v1:c2lnbWE=" } }, key: "sigma:amiId", value: '[secret]', says: "only sigma:kmsKeyArn may be one", fix: { "sigma:amiId": AMI } },
    { label: "alarm mail set as a secret", base: "prod", set: { "sigma:alarmEmails": { secure: "v1:b3Bz" } }, key: "sigma:alarmEmails", value: "[secret]", fix: { "sigma:alarmEmails": ["ops@example.com"] } },

    // Required keys.
    { label: "no VPC", base: "dev", set: { "sigma:vpcId": undefined }, key: "sigma:vpcId", says: "is not set; use an existing VPC id", fix: { "sigma:vpcId": VPC } },
    { label: "no subnet", base: "dev", set: { "sigma:subnetIds": undefined }, key: "sigma:subnetIds", says: "is not set", fix: { "sigma:subnetIds": [SUBNET] } },
    { label: "no client networks", base: "dev", set: { "sigma:appCidrs": undefined }, key: "sigma:appCidrs", says: "is not set", fix: { "sigma:appCidrs": ["203.0.113.0/24"] } },
    { label: "no certificate", base: "prod", set: { "sigma:certificateArn": undefined }, key: "sigma:certificateArn", says: "is not set", fix: { "sigma:certificateArn": CERT } },
    { label: "no alarm mail", base: "prod", set: { "sigma:alarmEmails": undefined }, key: "sigma:alarmEmails", says: "is not set", fix: { "sigma:alarmEmails": ["ops@example.com"] } },
    { label: "no AMI", base: "dev", set: { "sigma:amiId": undefined }, key: "sigma:amiId", says: "is not set", fix: { "sigma:amiId": AMI } },
    { label: "no VPC for the dr-region stack", base: "dr", set: { "sigma:vpcId": undefined }, key: "sigma:vpcId", says: "is not set", fix: { "sigma:vpcId": VPC } },
    { label: "an empty subnet list for the dr-region stack", base: "dr", set: { "sigma:subnetIds": [] }, key: "sigma:subnetIds", value: "[]", fix: { "sigma:subnetIds": [SUBNET] } },
    { label: "a restore without an instance", base: "dev", set: { "sigma:restore": { instanceType: "t3.large" } }, key: "sigma:restore.instanceId", says: "is not set", fix: { "sigma:restore": { instanceId: INSTANCE, instanceType: "t3.large" } } },

    // Counts of subnets.
    { label: "two subnets for single-az", base: "dev", set: { "sigma:subnetIds": [SUBNET, SUBNET_B] }, key: "sigma:subnetIds", value: SUBNET_B, says: "exactly one subnet", fix: { "sigma:subnetIds": [SUBNET] } },
    { label: "one public subnet", base: "prod", set: { ...EXISTING_VPC, "sigma:publicSubnetIds": [PUBLIC[0]] }, key: "sigma:publicSubnetIds", value: PUBLIC[0], says: "at least 2 public subnets", fix: EXISTING_VPC },
    { label: "a private subnet twice", base: "prod", set: { ...EXISTING_VPC, "sigma:privateSubnetIds": [PRIVATE[0], PRIVATE[0]] }, key: "sigma:privateSubnetIds[1]", value: PRIVATE[0], says: "one subnet per Availability Zone", fix: EXISTING_VPC },
    { label: "a dr-region subnet twice", base: "dr", set: { "sigma:subnetIds": [SUBNET, SUBNET] }, key: "sigma:subnetIds[1]", value: SUBNET, fix: { "sigma:subnetIds": [SUBNET, SUBNET_B] } },

    // Shapes of ids and names.
    { label: "a short VPC id", base: "dev", set: { "sigma:vpcId": "vpc-1" }, key: "sigma:vpcId", value: '"vpc-1"', says: "vpc-0123456789abcdef0", fix: { "sigma:vpcId": VPC } },
    { label: "a malformed subnet", base: "dev", set: { "sigma:subnetIds": ["subnet-x"] }, key: "sigma:subnetIds[0]", value: '"subnet-x"', fix: { "sigma:subnetIds": [SUBNET] } },
    { label: "an AMI by name", base: "dev", set: { "sigma:amiId": "sigma-ami" }, key: "sigma:amiId", value: '"sigma-ami"', says: "ami-0123456789abcdef0", fix: { "sigma:amiId": AMI } },
    { label: "a restore of a host name", base: "dev", set: { "sigma:restore": { instanceId: "web-1" } }, key: "sigma:restore.instanceId", value: '"web-1"', fix: { "sigma:restore": { instanceId: INSTANCE } } },
    { label: "a recovery point by AMI id", base: "dev", set: { "sigma:restore": { instanceId: INSTANCE, recoveryPointArn: "ami-1" } }, key: "sigma:restore.recoveryPointArn", value: '"ami-1"', fix: { "sigma:restore": { instanceId: INSTANCE, recoveryPointArn: RECOVERY_POINT } } },
    { label: "a restore to an unsupported type", base: "dr", set: { "sigma:restore": { instanceId: INSTANCE, instanceType: "t2.nano" } }, key: "sigma:restore.instanceType", value: '"t2.nano"', fix: { "sigma:restore": { instanceId: INSTANCE, instanceType: "t3.medium" } } },
    { label: "an unsupported instance type", base: "dev", set: { "sigma:instanceType": "t2.nano" }, key: "sigma:instanceType", value: '"t2.nano"', says: "use one of t3.medium, t3.large, t3.xlarge", fix: { "sigma:instanceType": "t3.medium" } },
    { label: "an instance type in capitals", base: "prod", set: { "sigma:instanceType": "T3.XLarge" }, key: "sigma:instanceType", value: '"T3.XLarge"', says: "did you mean t3.xlarge?", fix: { "sigma:instanceType": "t3.xlarge" } },
    { label: "a hosted zone id in lower case", base: "prod", set: { "sigma:hostedZoneId": "z0123", "sigma:domainName": "sigma.example.com" }, key: "sigma:hostedZoneId", value: '"z0123"', fix: { "sigma:hostedZoneId": "Z0123", "sigma:domainName": "sigma.example.com" } },
    { label: "a domain in capitals", base: "prod", set: { "sigma:hostedZoneId": "Z0123456789ABCDEFGHIJ", "sigma:domainName": "Sigma.Example.com" }, key: "sigma:domainName", value: '"Sigma.Example.com"', says: "use sigma.example.com", fix: { "sigma:hostedZoneId": "Z0123456789ABCDEFGHIJ", "sigma:domainName": "sigma.example.com" } },
    { label: "an AMI owner by name", base: "dev", set: { "sigma:amiId": undefined, "sigma:amiOwner": "me", "sigma:amiNameFilter": "sigma-*" }, key: "sigma:amiOwner", value: '"me"', says: "self, amazon or aws-marketplace", fix: { "sigma:amiId": undefined, "sigma:amiOwner": "self", "sigma:amiNameFilter": "sigma-*" } },
    { label: "a key pair name with a non-ASCII letter", base: "dev", set: { "sigma:keyName": "clé" }, key: "sigma:keyName", value: '"clé"', fix: { "sigma:keyName": "cle" } },
    { label: "an environment with spaces", base: "dev", set: { "sigma:environment": "prod env!" }, key: "sigma:environment", value: '"prod env!"', fix: { "sigma:environment": "prod-env" } },
    { label: "a tag under aws:", base: "dev", set: { "sigma:tags": { "aws:owner": "x" } }, key: "sigma:tags.aws:owner", value: '"x"', says: "reserved aws: prefix", fix: { "sigma:tags": { owner: "x" } } },
    { label: "a tag the program sets", base: "dev", set: { "sigma:tags": { environment: "qa" } }, key: "sigma:tags.environment", value: '"qa"', says: "or set sigma:environment", fix: { "sigma:environment": "qa" } },
    { label: "a Name tag", base: "prod", set: { "sigma:tags": { Name: "sigma" } }, key: "sigma:tags.Name", value: '"sigma"', fix: { "sigma:tags": { application: "sigma" } } },
    { label: "an unknown topology", base: "dev", set: { "sigma:topology": "multi-region" }, key: "sigma:topology", value: '"multi-region"', says: "use one of single-az, multi-az, dr-region", fix: { "sigma:topology": "single-az" } },
    { label: "a topology in capitals", base: "prod", set: { "sigma:topology": "Multi-AZ" }, key: "sigma:topology", value: '"Multi-AZ"', says: "did you mean multi-az?", fix: { "sigma:topology": "multi-az" } },
    { label: "a copy to a bucket", base: "dev", set: { "sigma:backup": { copyToVaultArn: "arn:aws:s3:::sigma-backups" } }, key: "sigma:backup.copyToVaultArn", value: "arn:aws:s3:::sigma-backups", says: "is not a backup vault ARN", fix: { "sigma:backup": { copyToVaultArn: DR_VAULT } } },
    { label: "an empty restore", base: "dev", set: { "sigma:restore": {} }, key: "sigma:restore.instanceId", says: "is not set", fix: { "sigma:restore": { instanceId: INSTANCE } } },

    // Who hears a failure (issue 11): alarm mail in every topology, unless opted out with a reason and never beside
    // addresses; extra topics are standard SNS topics of the stack's region, each once, at most 4; a named trail is a trail.
    { label: "no alarm mail for dev", base: "dev", set: { "sigma:alarmEmails": undefined }, key: "sigma:alarmEmails", says: "or say why nobody gets it in sigma:alarmEmailsOptOut", fix: { "sigma:alarmEmails": undefined, "sigma:alarmEmailsOptOut": REASON, "sigma:alarmTopicArns": [TOPIC] } },
    { label: "no alarm mail for the dr-region stack", base: "dr", set: { "sigma:alarmEmails": [] }, key: "sigma:alarmEmails", value: "[]", says: "alarms nobody receives are not monitoring", fix: { "sigma:alarmEmails": ["dr-ops@example.com"] } },
    { label: "an alarm opt-out that is a flag", base: "dev", set: { "sigma:alarmEmails": undefined, "sigma:alarmEmailsOptOut": true }, key: "sigma:alarmEmailsOptOut", value: '"true"', says: "must say why nobody gets alarm mail", fix: { "sigma:alarmEmails": undefined, "sigma:alarmEmailsOptOut": REASON } },
    { label: "an alarm opt-out without a reason", base: "dr", set: { "sigma:alarmEmails": undefined, "sigma:alarmEmailsOptOut": "n/a" }, key: "sigma:alarmEmailsOptOut", value: '"n/a"', says: "in words", fix: { "sigma:alarmEmails": undefined, "sigma:alarmEmailsOptOut": "the DR region is watched from the primary's on-call topic" } },
    { label: "an alarm opt-out of one short word", base: "prod", set: { "sigma:alarmEmails": undefined, "sigma:alarmEmailsOptOut": "later" }, key: "sigma:alarmEmailsOptOut", value: '"later"', fix: { "sigma:alarmEmails": undefined, "sigma:alarmEmailsOptOut": REASON, "sigma:alarmTopicArns": [TOPIC] } },
    { label: "an alarm opt-out beside alarm addresses", base: "prod", set: { "sigma:alarmEmailsOptOut": REASON }, key: "sigma:alarmEmailsOptOut", value: REASON, says: "remove sigma:alarmEmailsOptOut, or empty sigma:alarmEmails", fix: { "sigma:alarmTopicArns": [TOPIC] } },
    { label: "an alarm topic that is a queue", base: "prod", set: { "sigma:alarmTopicArns": ["arn:aws:sqs:ap-southeast-1:123456789012:oncall"] }, key: "sigma:alarmTopicArns[0]", value: "arn:aws:sqs:", says: "is not an SNS topic ARN", fix: { "sigma:alarmTopicArns": [TOPIC] } },
    { label: "an alarm topic by name", base: "dev", set: { "sigma:alarmTopicArns": ["oncall"] }, key: "sigma:alarmTopicArns[0]", value: '"oncall"', says: "e.g. arn:aws:sns:ap-southeast-1:123456789012:oncall", fix: { "sigma:alarmTopicArns": [TOPIC] } },
    { label: "a FIFO alarm topic", base: "prod", set: { "sigma:alarmTopicArns": [`${TOPIC}.fifo`] }, key: "sigma:alarmTopicArns[0]", value: ".fifo", says: "use a standard topic", fix: { "sigma:alarmTopicArns": [TOPIC] } },
    { label: "an alarm topic in another region", base: "dr", set: { "sigma:alarmTopicArns": [TOPIC] }, key: "sigma:alarmTopicArns[0]", value: TOPIC, says: "use a topic in ap-southeast-2", fix: { "sigma:alarmTopicArns": [DR_TOPIC] } },
    { label: "an alarm topic twice", base: "prod", set: { "sigma:alarmTopicArns": [TOPIC, TOPIC] }, key: "sigma:alarmTopicArns[1]", value: TOPIC, says: "is already sigma:alarmTopicArns[0]", fix: { "sigma:alarmTopicArns": [TOPIC] } },
    { label: "five alarm topics", base: "prod", set: { "sigma:alarmTopicArns": [1, 2, 3, 4, 5].map((n) => `${TOPIC}-${n}`) }, key: "sigma:alarmTopicArns", value: `${TOPIC}-5`, says: "keep at most 4", fix: { "sigma:alarmTopicArns": [1, 2, 3, 4].map((n) => `${TOPIC}-${n}`) } },
    { label: "an audit trail by name", base: "prod", set: { "sigma:auditTrailArn": "org-trail" }, key: "sigma:auditTrailArn", value: '"org-trail"', says: "arn:aws:cloudtrail:ap-southeast-1:123456789012:trail/org-trail", fix: { "sigma:auditTrailArn": "arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail" } },
    { label: "an audit trail that is a log group", base: "dr", set: { "sigma:auditTrailArn": "arn:aws:logs:ap-southeast-2:123456789012:log-group:trail" }, key: "sigma:auditTrailArn", value: "log-group", says: "is not a CloudTrail trail ARN", fix: { "sigma:auditTrailArn": undefined } },
    // The missed-backup alarm waits two gaps, and CloudWatch evaluates at most 7 days.
    { label: "a weekly backup no alarm can watch", base: "dev", set: { "sigma:backup": { frequency: "cron(0 3 ? * SUN *)", retentionDays: 7 } }, key: "sigma:backup.frequency", value: "SUN", says: "back up at least every 84 hours", fix: { "sigma:backup": { frequency: MWF, retentionDays: 7 } } },
    // Backups no one can destroy (issue 14): prod and dr are locked (compliance), protected and guarded by one break-glass role.
    { label: "no break-glass role for prod", base: "prod", set: { "sigma:breakGlassRoleArn": undefined }, key: "sigma:breakGlassRoleArn", says: "pulumi config set sigma:breakGlassRoleArn arn:aws:iam::123456789012:role/sigma-break-glass", fix: { "sigma:breakGlassRoleArn": BREAK_GLASS } },
    { label: "no break-glass role for dr", base: "dr", set: { "sigma:breakGlassRoleArn": undefined }, key: "sigma:breakGlassRoleArn", says: "denies deleting recovery points and keys to everyone but one break-glass role", fix: { "sigma:breakGlassRoleArn": BREAK_GLASS } },
    { label: "a break-glass wildcard", base: "prod", set: { "sigma:breakGlassRoleArn": "arn:aws:iam::123456789012:role/sigma-*" }, key: "sigma:breakGlassRoleArn", value: "sigma-*", says: "name one role", fix: { "sigma:breakGlassRoleArn": BREAK_GLASS } },
    { label: "a break-glass session", base: "dr", set: { "sigma:breakGlassRoleArn": "arn:aws:sts::123456789012:assumed-role/sigma-break-glass/alice" }, key: "sigma:breakGlassRoleArn", value: "assumed-role", says: "name the role itself, e.g. arn:aws:iam::123456789012:role/sigma-break-glass", fix: { "sigma:breakGlassRoleArn": BREAK_GLASS } },
    { label: "an unlocked prod vault without a waiver", base: "prod", set: { "sigma:backup": { ...PROD_BACKUP, vaultLock: false } }, key: "sigma:backup.vaultLock", value: "false", says: "say why in sigma:backup.protectWaiver", fix: { "sigma:backup": { ...PROD_BACKUP, vaultLock: false, protectWaiver: WAIVER } } },
    { label: "an unprotected dr vault without a waiver", base: "dr", set: { "sigma:backup": { ...DR_BACKUP, protect: false } }, key: "sigma:backup.protect", value: "false", says: "say why in sigma:backup.protectWaiver", fix: { "sigma:backup": { ...DR_BACKUP, protect: false, protectWaiver: WAIVER } } },
    { label: "a waiver that waives nothing", base: "prod", set: { "sigma:backup": { ...PROD_BACKUP, protectWaiver: WAIVER } }, key: "sigma:backup.protectWaiver", value: WAIVER, says: "waives nothing", fix: { "sigma:backup": PROD_BACKUP } },
    { label: "a compliance grace period under AWS's 3 days", base: "dr", set: { "sigma:backup": { ...DR_BACKUP, vaultLockChangeableForDays: 1 } }, key: "sigma:backup.vaultLockChangeableForDays", value: "1", says: "from 3 to 36500", fix: { "sigma:backup": { ...DR_BACKUP, vaultLockChangeableForDays: 3 } } },
    { label: "governance mode with a one-word reason", base: "prod", set: { "sigma:backup": { ...PROD_BACKUP, vaultLockGovernanceReason: "testing" } }, key: "sigma:backup.vaultLockGovernanceReason", value: '"testing"', says: "is not a reason", fix: { "sigma:backup": { ...PROD_BACKUP, vaultLockGovernanceReason: WAIVER } } },
    { label: "an air-gapped copy kept 3 days", base: "prod", set: { "sigma:backup": { ...PROD_BACKUP, airGappedCopy: true, airGappedRetentionDays: 3 } }, key: "sigma:backup.airGappedRetentionDays", value: "3", says: "from 7 to 36500", fix: { "sigma:backup": { ...PROD_BACKUP, airGappedCopy: true, airGappedRetentionDays: 7 } } },
    // Who may invoke the restore function (issue 14, item 6): IAM principal ARNs only, and only where the function exists.
    { label: "a restore invoker that is an account id", base: "prod", set: { "sigma:restoreInvokerArns": ["123456789012"] }, key: "sigma:restoreInvokerArns[0]", value: '"123456789012"', says: "use e.g. arn:aws:iam::123456789012:role/sigma-operator", fix: { "sigma:restoreInvokerArns": ["arn:aws:iam::123456789012:role/sigma-operator"] } },
    { label: "a restore invoker wildcard", base: "dr", set: { "sigma:restoreInvokerArns": ["arn:aws:iam::123456789012:role/*"] }, key: "sigma:restoreInvokerArns[0]", value: "role/*", says: "is not an IAM role or user ARN", fix: { "sigma:restoreInvokerArns": ["arn:aws:iam::123456789012:role/ops/sigma-operator"] } },
    { label: "restore invokers with backups off", base: "dev", set: { "sigma:backup": { enabled: false }, "sigma:restoreInvokerArns": ["arn:aws:iam::123456789012:role/sigma-operator"] }, key: "sigma:restoreInvokerArns", value: "sigma-operator", says: "sigma:backup.enabled false does not deploy", fix: { "sigma:backup": { enabled: false } } },
    { label: "a monthly backup no alarm can watch", base: "prod", set: { "sigma:backup": { ...PROD_BACKUP, frequency: "cron(0 3 1 * ? *)", retentionDays: 62 } }, key: "sigma:backup.frequency", value: "cron(0 3 1 * ? *)", says: "CloudWatch evaluates at most 168 hours", fix: { "sigma:backup": { ...PROD_BACKUP, frequency: "every12Hours" } } },
];
