import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, mapConfigSource, parseConfig } from "../../stacks/config";
import { BREAK_GLASS, DEV, DR, KEY_ARN, MRK_ARN, parse, PROD, problems, REGION } from "./stackConfigFixtures";

// Valid inputs parsed with their values asserted, and every refusal asserted by its whole line (key, value, fix),
// for the config paths issue 18 found unpinned: the AMI lookup, backups off, KMS key ARNs, recovery points.

const resolve = <T>(value: pulumi.Input<T> | undefined) => new Promise<T | undefined>((done) =>
    pulumi.Output.isInstance(value) ? (value as pulumi.Output<T>).apply((v) => { done(v); return v; }) : done(value as T));

describe("stack config: the AMI, by id or by owner and name filter", () => {
    it("takes an owner alias or account id with a name filter, and says nothing about the id", () => {
        for (const owner of ["self", "amazon", "aws-marketplace", "123456789012"]) {
            const cfg = parse(DEV, { "sigma:amiId": undefined, "sigma:amiOwner": owner, "sigma:amiNameFilter": "Sigma APP&DB?*".replace("&", "") });
            assert.ok(cfg.topology === "single-az");
            assert.deepStrictEqual(cfg.instance.ami, { amiOwner: owner, amiNameFilter: "Sigma APPDB?*" });
        }
        const cfg = parse(PROD, { "sigma:amiId": undefined, "sigma:amiOwner": "aws-marketplace", "sigma:amiNameFilter": "sigma-(v2)_[x]/y.z'@-*" });
        assert.ok(cfg.topology === "multi-az");
        assert.deepStrictEqual(cfg.instance.ami, { amiOwner: "aws-marketplace", amiNameFilter: "sigma-(v2)_[x]/y.z'@-*" });
    });
    it("refuses each half-given or doubled lookup with the missing or extra key", () => {
        assert.deepStrictEqual(problems(DEV, { "sigma:amiId": undefined, "sigma:amiOwner": "self" }),
            ["sigma:amiNameFilter is not set; sigma:amiOwner looks the AMI up by name; give the name filter too, e.g. sigma-app-db-*"]);
        assert.deepStrictEqual(problems(DEV, { "sigma:amiId": undefined, "sigma:amiNameFilter": "sigma-*" }),
            ["sigma:amiOwner is not set; sigma:amiNameFilter needs the AMI's owner; give its 12-digit account id, or self, amazon or aws-marketplace"]);
        assert.deepStrictEqual(problems(DEV, { "sigma:amiId": undefined }),
            ["sigma:amiId is not set; give the Sigma APP&DB AMI id, e.g. ami-0123456789abcdef0, or set sigma:amiOwner and sigma:amiNameFilter to look it up"]);
        assert.deepStrictEqual(problems(DEV, { "sigma:amiOwner": "self", "sigma:amiNameFilter": "sigma-*" }), [
            "sigma:amiOwner \"self\" is set together with sigma:amiId; keep one way of choosing the AMI: remove it, or remove sigma:amiId",
            "sigma:amiNameFilter \"sigma-*\" is set together with sigma:amiId; keep one way of choosing the AMI: remove it, or remove sigma:amiId",
        ]);
    });
    it("refuses a malformed id, owner and name filter, each with the accepted form", () => {
        assert.deepStrictEqual(problems(DEV, { "sigma:amiId": "ami-123" }), ["sigma:amiId \"ami-123\" is not an AMI id; use the form ami-0123456789abcdef0"]);
        assert.deepStrictEqual(problems(DEV, { "sigma:amiId": undefined, "sigma:amiOwner": "12345678901", "sigma:amiNameFilter": "a".repeat(129) }), [
            "sigma:amiOwner \"12345678901\" is not an AMI owner; use the owner's 12-digit account id, or self, amazon or aws-marketplace",
            `sigma:amiNameFilter "${"a".repeat(129)}" is not an AMI name filter; use up to 128 letters, digits, ( ) [ ] . / - ' @ _ and the wildcards * ?, e.g. sigma-app-db-*`,
        ]);
        for (const owner of ["selfish", "xself", "1234567890123"]) {
            assert.match(problems(DEV, { "sigma:amiId": undefined, "sigma:amiOwner": owner, "sigma:amiNameFilter": "s*" })[0], /^sigma:amiOwner ".*" is not an AMI owner;/, owner);
        }
        for (const filter of ["sigma$", "x\ny"]) {
            assert.match(problems(DEV, { "sigma:amiId": undefined, "sigma:amiOwner": "self", "sigma:amiNameFilter": filter })[0], /^sigma:amiNameFilter .* is not an AMI name filter;/, filter);
        }
        const cfg = parse(DEV, { "sigma:amiId": undefined, "sigma:amiOwner": "self", "sigma:amiNameFilter": "a".repeat(128) });
        assert.ok(cfg.topology === "single-az" && "amiNameFilter" in cfg.instance.ami && cfg.instance.ami.amiNameFilter.length === 128);
    });
});

describe("stack config: backups off (sigma:backup.enabled false)", () => {
    it("is a config of its own with nothing else in it, in single-az and multi-az", () => {
        const dev = parse(DEV, { "sigma:backup": { enabled: false } });
        assert.ok(dev.topology === "single-az");
        assert.deepStrictEqual([dev.backup, dev.drStack, dev.restore], [{ enabled: false }, undefined, undefined]);
        const asString = parse(DEV, { "sigma:backup": { enabled: "false" } });
        assert.ok(asString.topology === "single-az");
        assert.deepStrictEqual(asString.backup, { enabled: false });
        const prod = parse(PROD, { "sigma:backup": { enabled: false }, "sigma:breakGlassRoleArn": undefined, "sigma:failover": { enabled: false } });
        assert.ok(prod.topology === "multi-az");
        assert.deepStrictEqual([prod.backup, prod.failover], [{ enabled: false }, { enabled: false }]);
    });
    it("refuses every setting that would have no effect, each naming the fix", () => {
        assert.deepStrictEqual(problems(DEV, {
            "sigma:backup": { enabled: false, frequency: "hourly", retentionDays: 3 },
            "sigma:drStack": "acme/sigma/dr",
            "sigma:breakGlassRoleArn": BREAK_GLASS,
            "sigma:restoreInvokerArns": [BREAK_GLASS],
            "sigma:restore": { instanceId: "i-0123456789abcdef0" },
        }), [
            "sigma:backup.frequency \"hourly\" has no effect: sigma:backup.enabled is false; remove it, or set sigma:backup.enabled true",
            "sigma:backup.retentionDays 3 has no effect: sigma:backup.enabled is false; remove it, or set sigma:backup.enabled true",
            "sigma:drStack \"acme/sigma/dr\" receives copies of backups, but sigma:backup.enabled is false; remove it, or set sigma:backup.enabled true",
            `sigma:breakGlassRoleArn "${BREAK_GLASS}" guards the backup vault, but sigma:backup.enabled is false; remove it, or set sigma:backup.enabled true`,
            `sigma:restoreInvokerArns ${JSON.stringify(JSON.stringify([BREAK_GLASS]))} may invoke the restore function, which sigma:backup.enabled false does not deploy; remove it, or set sigma:backup.enabled true`,
            "sigma:restore {\"instanceId\":\"i-0123456789abcdef0\"} restores from the stack's backup vault, but sigma:backup.enabled is false; remove sigma:restore, or set sigma:backup.enabled true",
        ]);
    });
    it("refuses enabled that is not a boolean", () => {
        assert.deepStrictEqual(problems(DEV, { "sigma:backup": { enabled: "no" } }), ["sigma:backup.enabled \"no\" must be true or false"]);
    });
});

describe("stack config: the EBS key (sigma:kmsKeyArn)", () => {
    it("takes a key ARN and a multi-Region key ARN in the stack's region, as given", () => {
        for (const arn of [KEY_ARN, MRK_ARN]) {
            assert.strictEqual(parse(DEV, { "sigma:kmsKeyArn": arn }).kmsKeyArn, arn);
            assert.strictEqual(parse(PROD, { "sigma:kmsKeyArn": arn }).kmsKeyArn, arn);
        }
        assert.strictEqual(parse(DEV).kmsKeyArn, undefined);
    });
    it("takes a secret key ARN and keeps it secret", async () => {
        const cfg = parse(DEV, { "sigma:kmsKeyArn": KEY_ARN }, ["sigma:kmsKeyArn"]);
        assert.ok(pulumi.Output.isInstance(cfg.kmsKeyArn), "a secret Output");
        assert.strictEqual(await pulumi.isSecret(cfg.kmsKeyArn as pulumi.Output<string>), true);
        assert.strictEqual(await resolve(cfg.kmsKeyArn), KEY_ARN);
    });
    it("refuses an alias (name or ARN), naming why and the command that gives the key ARN; never repeats a secret", () => {
        const alias = `arn:aws:kms:${REGION}:123456789012:alias/sigma-ebs`;
        const why = "is a KMS alias, not a key ARN: the restore role cannot be granted a key by alias, and the instances would be replaced on every update; use the key ARN: aws kms describe-key --key-id";
        assert.deepStrictEqual(problems(DEV, { "sigma:kmsKeyArn": alias }), [`sigma:kmsKeyArn "${alias}" ${why} ${alias} --query KeyMetadata.Arn`]);
        assert.deepStrictEqual(problems(DEV, { "sigma:kmsKeyArn": "alias/sigma-ebs" }), [`sigma:kmsKeyArn "alias/sigma-ebs" ${why} alias/sigma-ebs --query KeyMetadata.Arn`]);
        assert.deepStrictEqual(problems(DEV, { "sigma:kmsKeyArn": alias }, ["sigma:kmsKeyArn"]), [`sigma:kmsKeyArn [secret] ${why} <alias> --query KeyMetadata.Arn`]);
    });
    it("refuses what is no key ARN, and a key in another region, with an example in the stack's region", () => {
        assert.deepStrictEqual(problems(DEV, { "sigma:kmsKeyArn": "1234abcd-12ab-34cd-56ef-1234567890ab" }),
            [`sigma:kmsKeyArn "1234abcd-12ab-34cd-56ef-1234567890ab" is not a KMS key ARN; use arn:aws:kms:<region>:<account>:key/<key id>, e.g. ${KEY_ARN}, or leave it unset for the account's EBS default key`]);
        const other = KEY_ARN.replace(REGION, "us-east-1");
        assert.deepStrictEqual(problems(DEV, { "sigma:kmsKeyArn": other }),
            [`sigma:kmsKeyArn "${other}" is in us-east-1, but the stack's volumes are in ${REGION}; use a key in ${REGION} (for a multi-Region key, its replica's ARN there)`]);
        assert.deepStrictEqual(problems(DEV, { "aws:region": "Singapore", "sigma:kmsKeyArn": "key" }), [
            "aws:region \"Singapore\" is not an AWS region code; set the stack's AWS region, e.g. pulumi config set aws:region ap-southeast-1",
            "sigma:kmsKeyArn \"key\" is not a KMS key ARN; use arn:aws:kms:<region>:<account>:key/<key id>, e.g. arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab, or leave it unset for the account's EBS default key",
        ]);
    });
});

describe("stack config: the declarative restore's recovery point (sigma:restore)", () => {
    const INSTANCE = "i-0123456789abcdef0";
    it("parses an EC2 image recovery point and a backup recovery point of the stack's region, with the instance and type", () => {
        const image = `arn:aws:ec2:${REGION}::image/ami-0123456789abcdef0`;
        const dev = parse(DEV, { "sigma:restore": { instanceId: INSTANCE, instanceType: "t3.2xlarge", recoveryPointArn: image } });
        assert.deepStrictEqual(dev.restore, { instanceId: INSTANCE, instanceType: "t3.2xlarge", recoveryPointArn: image });
        const point = `arn:aws:backup:${REGION}:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45`;
        const prod = parse(PROD, { "sigma:restore": { instanceId: INSTANCE, recoveryPointArn: point } });
        assert.deepStrictEqual(prod.restore, { instanceId: INSTANCE, instanceType: undefined, recoveryPointArn: point });
        const drImage = "arn:aws:ec2:ap-southeast-2::image/ami-0123456789abcdef0";
        assert.deepStrictEqual(parse(DR, { "sigma:restore": { instanceId: INSTANCE, recoveryPointArn: drImage } }).restore, { instanceId: INSTANCE, instanceType: undefined, recoveryPointArn: drImage });
        assert.deepStrictEqual(parse(DEV, { "sigma:restore": { instanceId: INSTANCE } }).restore, { instanceId: INSTANCE, instanceType: undefined, recoveryPointArn: undefined });
    });
    it("refuses a recovery point of another region, something else, a bad instance id or type, and a missing instance", () => {
        const elsewhere = "arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0";
        assert.deepStrictEqual(problems(DEV, { "sigma:restore": { instanceId: INSTANCE, recoveryPointArn: elsewhere } }),
            [`sigma:restore.recoveryPointArn "${elsewhere}" is in us-east-1, but this stack restores in ${REGION}; use a recovery point of this stack's vault (in ${REGION})`]);
        assert.deepStrictEqual(problems(DEV, { "sigma:restore": { instanceId: INSTANCE, recoveryPointArn: "ami-0123456789abcdef0" } }),
            ["sigma:restore.recoveryPointArn \"ami-0123456789abcdef0\" is not a recovery point ARN; copy one from the vault, e.g. arn:aws:ec2:<region>::image/ami-0123456789abcdef0"]);
        assert.deepStrictEqual(problems(DEV, { "sigma:restore": { instanceId: "i-1", instanceType: "t3.XLarge" } }), [
            "sigma:restore.instanceId \"i-1\" is not an instance id; use the backed-up instance's id, e.g. i-0123456789abcdef0",
            `sigma:restore.instanceType "t3.XLarge" is not supported; did you mean t3.xlarge? use one of ${supportedTypes()}`,
        ]);
        assert.deepStrictEqual(problems(DEV, { "sigma:restore": { instanceType: "nosuchtype" } }), [
            "sigma:restore.instanceId is not set; name the backed-up instance to restore, e.g. pulumi config set --path sigma:restore.instanceId i-0123456789abcdef0",
            `sigma:restore.instanceType "nosuchtype" is not supported; use one of ${supportedTypes()}`,
        ]);
    });
});

/** The supported instance types as the refusal lists them. */
function supportedTypes(): string {
    const line = problems(DEV, { "sigma:instanceType": "x" })[0];
    const list = /use one of (.+)$/.exec(line)?.[1];
    assert.ok(list && list.includes("t3.xlarge"), line);
    return list;
}


describe("stack config: alerts, logs, the dev schedule and tags, refused line by line", () => {
    const topic = (name: string) => `arn:aws:sns:${REGION}:123456789012:${name}`;
    it("alarm mail: duplicates whatever their case, an empty list, and opting out while listing addresses", () => {
        assert.deepStrictEqual(problems(DEV, { "sigma:alarmEmails": ["ops@example.com", "OPS@example.com", "b@example.com", "B@example.com"] }), [
            "sigma:alarmEmails[1] \"OPS@example.com\" is the same address as sigma:alarmEmails[0] (\"ops@example.com\"); remove it",
            "sigma:alarmEmails[3] \"B@example.com\" is the same address as sigma:alarmEmails[2] (\"b@example.com\"); remove it",
        ]);
        assert.deepStrictEqual(problems(DEV, { "sigma:alarmEmails": [] }),
            ["sigma:alarmEmails [] must list at least one address, e.g. [\"ops@example.com\"]; alarms nobody receives are not monitoring (or say why in sigma:alarmEmailsOptOut)"]);
        assert.deepStrictEqual(problems(DEV, { "sigma:alarmEmails": undefined }),
            ["sigma:alarmEmails is not set; list at least one address for alarm mail, e.g. [\"ops@example.com\"], or say why nobody gets it in sigma:alarmEmailsOptOut"]);
        assert.deepStrictEqual(problems(DEV, { "sigma:alarmEmailsOptOut": "the on-call topic in sigma:alarmTopicArns pages us" }),
            ["sigma:alarmEmailsOptOut \"the on-call topic in sigma:alarmTopicArns pages us\" opts out of alarm mail, but sigma:alarmEmails lists 1 address(es); remove sigma:alarmEmailsOptOut, or empty sigma:alarmEmails"]);
    });
    it("alarm mail: opting out with a reason and an empty or unset list is taken, with the extra topics", () => {
        for (const emails of [[], undefined]) {
            const cfg = parse(DEV, { "sigma:alarmEmails": emails, "sigma:alarmEmailsOptOut": "the on-call topic pages us instead", "sigma:alarmTopicArns": [topic("oncall"), topic("audit")],
                "sigma:auditTrailArn": `arn:aws:cloudtrail:${REGION}:123456789012:trail/org-trail` });
            assert.deepStrictEqual(cfg.alerts, { alarmEmails: [], alarmEmailsOptOut: "the on-call topic pages us instead", alarmTopicArns: [topic("oncall"), topic("audit")],
                auditTrailArn: `arn:aws:cloudtrail:${REGION}:123456789012:trail/org-trail` });
        }
        assert.deepStrictEqual(parse(DEV).alerts, { alarmEmails: ["ops@example.com"], alarmEmailsOptOut: undefined, alarmTopicArns: [], auditTrailArn: undefined });
    });
    it("extra topics: a duplicate, and more than an alarm's actions take besides the stack's own", () => {
        assert.deepStrictEqual(problems(DEV, { "sigma:alarmTopicArns": [topic("a"), topic("b"), topic("a")] }),
            [`sigma:alarmTopicArns[2] "${topic("a")}" is already sigma:alarmTopicArns[0]; remove it`]);
        const five = [1, 2, 3, 4, 5].map((i) => topic(`t${i}`));
        assert.deepStrictEqual(problems(DEV, { "sigma:alarmTopicArns": five }),
            [`sigma:alarmTopicArns ${JSON.stringify(five)} lists 5 topics, but an alarm takes 5 actions and a rule 5 targets, one of them the stack's own topic; keep at most 4`]);
        assert.deepStrictEqual(parse(DEV, { "sigma:alarmTopicArns": five.slice(0, 4) }).alerts.alarmTopicArns, five.slice(0, 4));
    });
    it("trail ARNs: a name of 3-128 characters, an account, a region, the cloudtrail service", () => {
        const fix = `use the ARN of a trail that logs this region's management events (multi-Region, or in this region), e.g. arn:aws:cloudtrail:${REGION}:123456789012:trail/org-trail, or leave it unset for the stack to create one`;
        for (const bad of [`arn:aws:cloudtrail:${REGION}:123456789012:trail/ab`, `arn:aws:cloudtrail:${REGION}::trail/org-trail`, `arn:aws:sns:${REGION}:123456789012:trail/org-trail`,
            `arn:aws:cloudtrail:${REGION}:123456789012:trail/${"a".repeat(129)}`, `arn:aws:cloudtrail:${REGION}:123456789012:trails/org`, `arn:aws:cloudtrail::123456789012:trail/org-trail`]) {
            assert.deepStrictEqual(problems(DEV, { "sigma:auditTrailArn": bad }), [`sigma:auditTrailArn "${bad}" is not a CloudTrail trail ARN; ${fix}`], bad);
        }
        const longest = `arn:aws:cloudtrail:us-east-1:123456789012:trail/${"a".repeat(128)}`;
        assert.strictEqual(parse(DEV, { "sigma:auditTrailArn": longest }).alerts.auditTrailArn, longest);
        assert.match(problems(DR, { "sigma:auditTrailArn": "x" })[0], /e\.g\. arn:aws:cloudtrail:ap-southeast-2:123456789012:trail\/org-trail,/);
    });
    it("logs: settings of disabled logs, a retention CloudWatch does not offer, a relative path", () => {
        assert.deepStrictEqual(problems(DEV, { "sigma:logs": { enabled: false, retentionDays: 30, catalinaLogPath: "/x" } }), [
            "sigma:logs.retentionDays 30 has no effect: sigma:logs.enabled is false; remove it, or set sigma:logs.enabled true",
            "sigma:logs.catalinaLogPath \"/x\" has no effect: sigma:logs.enabled is false; remove it, or set sigma:logs.enabled true",
        ]);
        assert.deepStrictEqual(problems(DEV, { "sigma:logs": { retentionDays: 31, accessLogPath: "relative/x" } }), [
            "sigma:logs.retentionDays 31 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (days)",
            "sigma:logs.accessLogPath \"relative/x\" is not an absolute file path on the instance; use e.g. \"/var/log/tomcat10/localhost_access_log.*.txt\" (letters, digits, . _ - / and the globs * ? [ ])",
        ]);
        assert.match(problems(DEV, { "sigma:logs": { retentionDays: "14d" } })[0], /^sigma:logs\.retentionDays "14d" is not a CloudWatch Logs retention;/);
        const cfg = parse(DEV, { "sigma:logs": { retentionDays: "14", userDataLogPath: "/var/log/[a-z]*.log", mysqlErrorLogPath: "/x/y?.log" } });
        assert.ok(cfg.topology === "single-az" && cfg.operations.logs.enabled);
        assert.deepStrictEqual([cfg.operations.logs.retentionDays, cfg.operations.logs.userDataLogPath, cfg.operations.logs.mysqlErrorLogPath, cfg.operations.logs.catalinaLogPath],
            [14, "/var/log/[a-z]*.log", "/x/y?.log", "/var/log/tomcat10/catalina.out"]);
        const off = parse(DEV, { "sigma:logs": { enabled: false } });
        assert.ok(off.topology === "single-az");
        assert.deepStrictEqual(off.operations.logs, { enabled: false });
    });
    it("the dev schedule: every member required, a real time zone, a start that differs from the stop", () => {
        assert.deepStrictEqual(problems(DEV, { "sigma:schedule": {} }), [
            "sigma:schedule.stop is not set; give a cron in sigma:schedule.timezone, e.g. \"cron(0 19 ? * MON-FRI *)\"",
            "sigma:schedule.start is not set; give a cron in sigma:schedule.timezone, e.g. \"cron(0 7 ? * MON-FRI *)\"",
            "sigma:schedule.timezone is not set; name the IANA time zone the crons are read in, e.g. \"Asia/Singapore\"",
        ]);
        assert.deepStrictEqual(problems(DEV, { "sigma:schedule": { stop: "cron(0 19 ? * MON-FRI *)", start: " cron(0 19 ? * MON-FRI *)", timezone: "Mars/Base" } }), [
            "sigma:schedule.timezone \"Mars/Base\" is not an IANA time zone; use e.g. \"Asia/Singapore\" or \"UTC\"",
            "sigma:schedule.start \" cron(0 19 ? * MON-FRI *)\" is the stop expression too; the instance would never stay stopped: give the working day's start",
        ]);
        const cfg = parse(DEV, { "sigma:schedule": { stop: "cron(0 19 ? * MON-FRI *)", start: "cron(0 7 ? * MON-FRI *)", timezone: "Asia/Singapore" } });
        assert.ok(cfg.topology === "single-az");
        assert.deepStrictEqual(cfg.operations.schedule, { stop: "cron(0 19 ? * MON-FRI *)", start: "cron(0 7 ? * MON-FRI *)", timezone: "Asia/Singapore" });
        assert.strictEqual(parse(DEV).topology === "single-az" && (parse(DEV) as { operations: { schedule?: unknown } }).operations.schedule, undefined);
    });
    it("tags: reserved, program-set, malformed keys and values, each refused; good ones kept", () => {
        assert.deepStrictEqual(problems(DEV, { "sigma:tags": { "aws:x": "1", project: "p", environment: "e", "": "v", "bad*key": "v", num: 7, long: "x".repeat(257), ok: "fine" } }), [
            "sigma:tags.aws:x \"1\" is under the reserved aws: prefix; rename the tag",
            "sigma:tags.project \"p\" is a tag the program sets itself (project, stack, environment, managed-by, component, Name, sigma:backup, sigma:stack); rename the tag",
            "sigma:tags.environment \"e\" is a tag the program sets itself (project, stack, environment, managed-by, component, Name, sigma:backup, sigma:stack); rename the tag, or set sigma:environment",
            "sigma:tags. \"v\" has a key that is not 1-128 letters, digits, spaces or _ . : / = + - @; rename the tag",
            "sigma:tags.bad*key \"v\" has a key that is not 1-128 letters, digits, spaces or _ . : / = + - @; rename the tag",
            "sigma:tags.num 7 must be a string; quote it, e.g. \"7\"",
            `sigma:tags.long "${"x".repeat(257)}" must be at most 256 letters, digits, spaces or _ . : / = + - @`,
        ]);
        assert.deepStrictEqual(problems(DEV, { "sigma:tags": { ["k".repeat(129)]: "v", "AWS:y": "v", "val": "a*b" } }).map((line) => line.split(" ").slice(0, 2).join(" ")),
            [`sigma:tags.${"k".repeat(129)} "v"`, "sigma:tags.AWS:y \"v\"", "sigma:tags.val \"a*b\""]);
        assert.deepStrictEqual(parse(DEV, { "sigma:tags": { ["k".repeat(128)]: "v".repeat(256), "cost centre": "R&D".replace("&", "+"), empty: "" } }).tags,
            { ["k".repeat(128)]: "v".repeat(256), "cost centre": "R+D", empty: "" });
    });
    it("tags: at most AWS's 50 less the program's 8", () => {
        const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, "v"]));
        assert.strictEqual(Object.keys(parse(DEV, { "sigma:tags": tags(42) }).tags).length, 42);
        const line = problems(DEV, { "sigma:tags": tags(43) })[0];
        assert.ok(line.startsWith("sigma:tags [\"t0\",") && line.endsWith(" holds 43 tags; AWS takes 50 per resource and the program sets 8, so keep at most 42"), line);
    });
    it("environment: 1-64 characters of the tag alphabet, the stack name by default", () => {
        assert.deepStrictEqual(problems(DEV, { "sigma:environment": "bad env!" }), ["sigma:environment \"bad env!\" must be 1-64 letters, digits or _ . : / = + @ -, e.g. \"dev\""]);
        assert.deepStrictEqual(problems(DEV, { "sigma:environment": "e".repeat(65) }), [`sigma:environment "${"e".repeat(65)}" must be 1-64 letters, digits or _ . : / = + @ -, e.g. "dev"`]);
        assert.strictEqual(parse(DEV, { "sigma:environment": "e".repeat(64) }).environment, "e".repeat(64));
        assert.strictEqual(parse(DEV, { "sigma:environment": "qa/1:2=3+4@5_6.7-8" }).environment, "qa/1:2=3+4@5_6.7-8");
        assert.strictEqual(parse(PROD).environment, "prod");
    });
});

describe("stack config: backup settings, each refusal by its line", () => {
    const MWF = "cron(0 3 ? * MON,WED,FRI *)";
    it("frequency: a near miss is suggested, a stranger is not, a bad cron keeps the config's own fix", () => {
        assert.deepStrictEqual(problems(DEV, { "sigma:backup": { frequency: "dialy" } }),
            ["sigma:backup.frequency \"dialy\" is neither hourly, every12Hours, daily nor an AWS cron; did you mean daily? use one of those names or a cron such as cron(0 3 * * ? *)"]);
        assert.deepStrictEqual(problems(DEV, { "sigma:backup": { frequency: "whenever" } }),
            ["sigma:backup.frequency \"whenever\" is neither hourly, every12Hours, daily nor an AWS cron; use one of those names or a cron such as cron(0 3 * * ? *)"]);
        assert.deepStrictEqual(problems(DEV, { "sigma:backup": { frequency: "cron(0 25 * * ? *)" } }),
            ["sigma:backup.frequency \"cron(0 25 * * ? *)\" has hours value \"25\" outside 0-23; use hourly, every12Hours, daily or a valid cron such as cron(0 3 * * ? *)"]);
        assert.deepStrictEqual(problems(DEV, { "sigma:backup": { frequency: "cron(0 3 ? * MON *)", retentionDays: 14 } }),
            ["sigma:backup.frequency \"cron(0 3 ? * MON *)\" leaves up to 168 hours between backups, but the missed-backup alarm waits 2 gaps and CloudWatch evaluates at most 168 hours; back up at least every 84 hours, e.g. daily or cron(0 3 ? * MON,WED,FRI *)"]);
    });
    it("retention: within 1-36500 days, and at least the longest gap between backups", () => {
        assert.deepStrictEqual(problems(DEV, { "sigma:backup": { retentionDays: 0 } }), ["sigma:backup.retentionDays 0 must be a whole number from 1 to 36500 (the guide's default is 7)"]);
        assert.deepStrictEqual(problems(DEV, { "sigma:backup": { frequency: MWF, retentionDays: 2 } }),
            [`sigma:backup.retentionDays 2 keeps each recovery point less than the 72 hours between backups of sigma:backup.frequency "${MWF}", so at times none exists; keep them at least 3 days`]);
        const cfg = parse(DEV, { "sigma:backup": { frequency: MWF, retentionDays: 3 } });
        assert.ok(cfg.topology === "single-az" && cfg.backup.enabled);
        assert.deepStrictEqual([cfg.backup.frequency, cfg.backup.intervalHours, cfg.backup.retentionDays], [MWF, 72, 3]);
        assert.deepStrictEqual(problems(DEV, { "sigma:backup": { frequency: "every12Hours", retentionDays: 0 } }).length, 1);
    });
    it("drStack: another stack of any project, never this one, and a stack name", () => {
        assert.deepStrictEqual(problems(DEV, { "sigma:drStack": "sigma/dev" }),
            ["sigma:drStack \"sigma/dev\" names this stack; name the dr-region stack that receives the copies, e.g. acme/sigma/dr"]);
        assert.deepStrictEqual(problems(DEV, { "sigma:drStack": "acme/sigma/dev" }),
            ["sigma:drStack \"acme/sigma/dev\" names this stack; name the dr-region stack that receives the copies, e.g. acme/sigma/dr"]);
        assert.deepStrictEqual(problems(DEV, { "sigma:drStack": "a/b/c/d" }),
            ["sigma:drStack \"a/b/c/d\" is not a stack name; use <stack>, <project>/<stack> or <org>/<project>/<stack>, each part letters, digits, _ . - (not . or ..), e.g. acme/sigma/dr"]);
        for (const name of ["other/dev", "acme/other/dev", "dr"]) {
            const cfg = parse(DEV, { "sigma:drStack": name });
            assert.ok(cfg.topology === "single-az");
            assert.strictEqual(cfg.drStack, name);
        }
    });
    it("protection: prod refuses an unlocked or unprotected vault without a reason, naming its topology", () => {
        const why = "a multi-az stack refuses it without a reason; remove it, or say why in sigma:backup.protectWaiver";
        assert.deepStrictEqual(problems(PROD, { "sigma:backup": { vaultLock: false, protect: false } }), [
            `sigma:backup.vaultLock false leaves the recovery points deletable before their retention ends; ${why}`,
            `sigma:backup.protect false lets \`pulumi destroy\` delete the vault, keys and the DB data volume; ${why}`,
        ]);
        assert.deepStrictEqual(problems(DR, { "sigma:backup": { protect: false } }),
            ["sigma:backup.protect false lets `pulumi destroy` delete the vault, keys and the DB data volume; a dr-region stack refuses it without a reason; remove it, or say why in sigma:backup.protectWaiver"]);
    });
    it("a waiver is three words or more after trimming, and must waive something", () => {
        const notReason = "is not a reason; say in a sentence why, e.g. \"staging copy of prod, rebuilt weekly from prod's backups\"";
        assert.deepStrictEqual(problems(PROD, { "sigma:backup": { vaultLock: false, protectWaiver: "  staging copy  " } }), [`sigma:backup.protectWaiver "  staging copy  " ${notReason}`]);
        assert.deepStrictEqual(problems(PROD, { "sigma:backup": { vaultLock: false, protectWaiver: "staging  copy" } }), [`sigma:backup.protectWaiver "staging  copy" ${notReason}`]);
        assert.deepStrictEqual(problems(PROD, { "sigma:backup": { protectWaiver: "we really mean it" } }),
            ["sigma:backup.protectWaiver \"we really mean it\" waives nothing: the vault is locked and protected; remove it"]);
        assert.deepStrictEqual(problems(DEV, { "sigma:backup": { protectWaiver: "we really mean it" } }),
            ["sigma:backup.protectWaiver \"we really mean it\" waives nothing: a single-az stack's backups are not protected by default; remove it"]);
        for (const backup of [{ vaultLock: false }, { protect: false }]) {
            const cfg = parse(PROD, { "sigma:backup": { ...backup, protectWaiver: "staging copy of prod" } });
            assert.ok(cfg.topology === "multi-az" && cfg.backup.enabled);
            assert.deepStrictEqual([cfg.backup.vaultLock, cfg.backup.protect, cfg.backup.protectWaiver], [backup.vaultLock ?? true, backup.protect ?? true, "staging copy of prod"]);
        }
    });
    it("the lock's grace period and governance reason: bounds, and never both, never without a lock", () => {
        assert.deepStrictEqual(problems(PROD, { "sigma:backup": { vaultLockChangeableForDays: 2 } }),
            ["sigma:backup.vaultLockChangeableForDays 2 must be a whole number from 3 to 36500 (compliance mode's grace period; AWS's minimum is 3)"]);
        assert.deepStrictEqual(problems(PROD, { "sigma:backup": { vaultLockChangeableForDays: 5, vaultLockGovernanceReason: "staging copy rebuilt weekly" } }),
            ["sigma:backup.vaultLockGovernanceReason \"staging copy rebuilt weekly\" makes the lock governance mode, but sigma:backup.vaultLockChangeableForDays is compliance mode's grace period; keep one of them"]);
        assert.deepStrictEqual(problems(DEV, { "sigma:backup": { vaultLockGovernanceReason: "staging copy rebuilt weekly", vaultLockChangeableForDays: 4 } }), [
            "sigma:backup.vaultLockChangeableForDays 4 is the grace period of a vault lock, but sigma:backup.vaultLock is false; set sigma:backup.vaultLock true, or remove it",
            "sigma:backup.vaultLockGovernanceReason \"staging copy rebuilt weekly\" chooses the mode of a vault lock, but sigma:backup.vaultLock is false; set sigma:backup.vaultLock true, or remove it",
        ]);
        const compliance = parse(PROD, { "sigma:backup": { vaultLockChangeableForDays: 3 } });
        assert.ok(compliance.topology === "multi-az" && compliance.backup.enabled);
        assert.deepStrictEqual([compliance.backup.vaultLockChangeableForDays, compliance.backup.vaultLockGovernanceReason], [3, undefined]);
        const governance = parse(PROD, { "sigma:backup": { vaultLockGovernanceReason: "staging copy rebuilt weekly" } });
        assert.ok(governance.topology === "multi-az" && governance.backup.enabled);
        assert.deepStrictEqual([governance.backup.vaultLockChangeableForDays, governance.backup.vaultLockGovernanceReason], [undefined, "staging copy rebuilt weekly"]);
    });
    it("copies and the air-gapped vault: retention without a copy is refused, each with its own line", () => {
        assert.deepStrictEqual(problems(DEV, { "sigma:backup": { airGappedRetentionDays: 3, airGappedCopy: true } }),
            ["sigma:backup.airGappedRetentionDays 3 must be a whole number from 7 to 36500 (a logically air-gapped vault keeps copies at least 7 days)"]);
        assert.deepStrictEqual(problems(DEV, { "sigma:backup": { airGappedRetentionDays: 30 } }),
            ["sigma:backup.airGappedRetentionDays 30 keeps air-gapped copies, but sigma:backup.airGappedCopy is not true; set sigma:backup.airGappedCopy true, or remove it"]);
        assert.deepStrictEqual(problems(DEV, { "sigma:backup": { copyRetentionDays: 30 } }),
            ["sigma:backup.copyRetentionDays 30 keeps copies, but nothing is copied; set sigma:drStack or sigma:backup.copyToVaultArn, or remove it"]);
        const cfg = parse(DEV, { "sigma:backup": { airGappedCopy: true, airGappedRetentionDays: 7 } });
        assert.ok(cfg.topology === "single-az" && cfg.backup.enabled);
        assert.deepStrictEqual([cfg.backup.airGappedCopy, cfg.backup.airGappedRetentionDays], [true, 7]);
    });
});

describe("stack config: subnets, networks and the load balancer, each refusal by its line", () => {
    it("single-az: exactly one subnet, a VPC, client networks", () => {
        assert.deepStrictEqual(problems(DEV, { "sigma:subnetIds": undefined }), ["sigma:subnetIds is not set; list the one subnet to launch in, e.g. [\"subnet-0123456789abcdef0\"]"]);
        assert.deepStrictEqual(problems(DEV, { "sigma:subnetIds": ["subnet-0123456789abcdef1", "subnet-0123456789abcdef0"] }),
            ["sigma:subnetIds [\"subnet-0123456789abcdef1\",\"subnet-0123456789abcdef0\"] must list exactly one subnet for the single-az topology (APP and DB share one instance), e.g. [\"subnet-0123456789abcdef1\"]"]);
        assert.deepStrictEqual(problems(DEV, { "sigma:subnetIds": [] }),
            ["sigma:subnetIds [] must list exactly one subnet for the single-az topology (APP and DB share one instance), e.g. [\"subnet-0123456789abcdef0\"]"]);
        assert.deepStrictEqual(problems(DEV, { "sigma:vpcId": undefined }), ["sigma:vpcId is not set; use an existing VPC id, e.g. vpc-0123456789abcdef0"]);
        assert.deepStrictEqual(problems(DEV, { "sigma:appCidrs": undefined }), ["sigma:appCidrs is not set; list the networks allowed to reach Sigma on 8080, e.g. [\"203.0.113.0/24\"]"]);
        assert.deepStrictEqual(problems(DEV, { "sigma:appCidrs": [] }), ["sigma:appCidrs [] must list at least one network, or nothing could reach Sigma; e.g. [\"203.0.113.0/24\"]"]);
    });
    it("dr-region: one or more distinct subnets", () => {
        const fix = "list the subnet(s) restored instances land in, the first being the default, e.g. [\"subnet-0123456789abcdef0\"]";
        assert.deepStrictEqual(problems(DR, { "sigma:subnetIds": undefined }), [`sigma:subnetIds is not set; ${fix}`]);
        assert.deepStrictEqual(problems(DR, { "sigma:subnetIds": [] }), [`sigma:subnetIds [] must ${fix}`]);
        assert.deepStrictEqual(problems(DR, { "sigma:subnetIds": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1", "subnet-0123456789abcdef0"] }),
            ["sigma:subnetIds[2] \"subnet-0123456789abcdef0\" is already sigma:subnetIds[0]; remove it"]);
        const cfg = parse(DR, { "sigma:subnetIds": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] });
        assert.ok(cfg.topology === "dr-region");
        assert.deepStrictEqual([cfg.vpcId, cfg.subnetIds], ["vpc-0123456789abcdef0", ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]]);
    });
    it("SSH and client networks: as many as the group's rules take, never the world, a fix that is itself accepted", () => {
        const cidrs = (n: number) => Array.from({ length: n }, (_, i) => `10.${i}.0.0/16`);
        assert.deepStrictEqual(problems(DEV, { "sigma:adminCidrs": cidrs(51) }),
            [`sigma:adminCidrs ${JSON.stringify(cidrs(51))} lists 51 blocks, but each is an inbound rule of the APP security group, which takes 50 besides the application's; summarise them into at most 50 wider blocks`]);
        assert.deepStrictEqual(problems(DEV, { "sigma:adminCidrs": ["198.51.100.0/24"], "sigma:appCidrs": cidrs(50) }),
            [`sigma:appCidrs ${JSON.stringify(cidrs(50))} lists 50 blocks, but each is an inbound rule of the APP security group, which takes 50 with sigma:adminCidrs' 1; summarise them into at most 49 wider blocks`]);
        assert.deepStrictEqual(problems(DEV, { "sigma:adminCidrs": ["0.0.0.0/1", "128.0.0.0/1"] }),
            ["sigma:adminCidrs [\"0.0.0.0/1\",\"128.0.0.0/1\"] together cover every public IPv4 address, which opens the port to the internet; SSH is never opened to the world; list your admin networks, e.g. 198.51.100.0/24, or leave sigma:adminCidrs empty and use Session Manager"]);
        assert.deepStrictEqual(problems(DEV, { "sigma:adminCidrs": ["10.0.0.0/0"] }), ["sigma:adminCidrs[0] \"10.0.0.0/0\" has host bits set; use 198.51.100.0/24"]);
        assert.deepStrictEqual(problems(PROD, { "sigma:appCidrs": cidrs(26) }),
            [`sigma:appCidrs ${JSON.stringify(cidrs(26))} lists 26 blocks, but each is a 443 and an 80 rule of the load balancer's group, which takes 50; summarise them into at most 25 wider blocks`]);
        const cfg = parse(DEV, { "sigma:adminCidrs": cidrs(1), "sigma:appCidrs": cidrs(49) });
        assert.deepStrictEqual([cfg.adminCidrs.length, cfg.appCidrs.length], [1, 49]);
    });
    it("multi-az: a new VPC's shape, or an existing VPC's subnets, never both", () => {
        assert.deepStrictEqual(problems(PROD, { "sigma:vpcCidrBlock": "2001:d000::/20" }), ["sigma:vpcCidrBlock \"2001:d000::/20\" must be an IPv4 block from /16 to /24, e.g. 10.40.0.0/16"]);
        assert.deepStrictEqual(problems(PROD, { "sigma:vpcCidrBlock": "10.0.0.0/8" }), ["sigma:vpcCidrBlock \"10.0.0.0/8\" must be an IPv4 block from /16 to /24, e.g. 10.40.0.0/16"]);
        assert.deepStrictEqual(problems(PROD, { "sigma:vpcCidrBlock": "10.0.0.0/25" }), ["sigma:vpcCidrBlock \"10.0.0.0/25\" must be an IPv4 block from /16 to /24, e.g. 10.40.0.0/16"]);
        assert.deepStrictEqual(problems(PROD, { "sigma:vpcCidrBlock": "10.0.0.1/16" }), ["sigma:vpcCidrBlock \"10.0.0.1/16\" has host bits set; use 10.0.0.0/16"]);
        assert.deepStrictEqual(problems(PROD, { "sigma:natGatewayStrategy": "one-per-az" }), ["sigma:natGatewayStrategy \"one-per-az\" is not supported; did you mean OnePerAz? use one of OnePerAz, Single"]);
        assert.deepStrictEqual(problems(PROD, { "sigma:natGatewayStrategy": "Singel" }), ["sigma:natGatewayStrategy \"Singel\" is not supported; did you mean Single? use one of OnePerAz, Single"]);
        for (const block of ["10.1.0.0/16", "10.1.2.0/24"]) {
            const cfg = parse(PROD, { "sigma:vpcCidrBlock": block, "sigma:natGatewayStrategy": "Single", "sigma:availabilityZoneCount": "3" });
            assert.ok(cfg.topology === "multi-az");
            assert.deepStrictEqual(cfg.network, { vpcCidrBlock: block, availabilityZoneCount: 3, natGatewayStrategy: "Single" });
        }
        assert.deepStrictEqual(problems(PROD, { "sigma:publicSubnetIds": ["subnet-0000000000000000a"] }),
            ["sigma:publicSubnetIds \"[\\\"subnet-0000000000000000a\\\"]\" needs sigma:vpcId (the VPC the subnets are in); set it, or remove the subnets to create a new VPC"]);
        const subnets = { "sigma:vpcId": "vpc-0123456789abcdef0", "sigma:publicSubnetIds": ["subnet-0000000000000000a", "subnet-0000000000000000b"], "sigma:privateSubnetIds": ["subnet-0000000000000000c", "subnet-0000000000000000d"] };
        assert.deepStrictEqual(problems(PROD, { ...subnets, "sigma:availabilityZoneCount": "3" }),
            ["sigma:availabilityZoneCount \"3\" only shapes a new VPC, but sigma:vpcId is set; remove it (or remove sigma:vpcId to create a VPC)"]);
        assert.deepStrictEqual(problems(PROD, { ...subnets, "sigma:publicSubnetIds": undefined, "sigma:privateSubnetIds": ["subnet-0000000000000000c", "subnet-0000000000000000c"] }), [
            "sigma:publicSubnetIds is not set; list at least 2 existing public subnets, each in its own Availability Zone (or remove sigma:vpcId to create a new VPC)",
            "sigma:privateSubnetIds[1] \"subnet-0000000000000000c\" is already sigma:privateSubnetIds[0]; give one subnet per Availability Zone",
        ]);
        assert.deepStrictEqual(problems(PROD, { ...subnets, "sigma:publicSubnetIds": ["subnet-0000000000000000a"], "sigma:privateSubnetIds": ["subnet-0000000000000000a", "subnet-0000000000000000d"] }), [
            "sigma:publicSubnetIds [\"subnet-0000000000000000a\"] must list at least 2 public subnets in distinct Availability Zones; multi-az needs 2 AZs",
            "sigma:privateSubnetIds[0] \"subnet-0000000000000000a\" is also in sigma:publicSubnetIds; the instances' subnets must be private ones, separate from the load balancer's",
        ]);
        assert.deepStrictEqual(problems(PROD, { ...subnets, "sigma:privateSubnetIds": undefined }),
            ["sigma:privateSubnetIds is not set; list at least 2 existing private subnets, each in its own Availability Zone (or remove sigma:vpcId to create a new VPC)"]);
        const cfg = parse(PROD, subnets);
        assert.ok(cfg.topology === "multi-az");
        assert.deepStrictEqual(cfg.network, { vpcId: "vpc-0123456789abcdef0", publicSubnetIds: subnets["sigma:publicSubnetIds"], privateSubnetIds: subnets["sigma:privateSubnetIds"] });
    });
    it("multi-az: the alias needs both names; the certificate is an ACM ARN of the stack's region; client networks are required", () => {
        assert.deepStrictEqual(problems(PROD, { "sigma:hostedZoneId": "Z0123456789ABCDEFGHIJ" }),
            ["sigma:hostedZoneId \"Z0123456789ABCDEFGHIJ\" needs sigma:domainName, the name of the alias (e.g. sigma.example.com); set both, or neither"]);
        assert.deepStrictEqual(problems(PROD, { "sigma:domainName": "sigma.example.com" }),
            ["sigma:domainName \"sigma.example.com\" needs sigma:hostedZoneId, the Route 53 zone of the alias; set both, or neither"]);
        assert.deepStrictEqual(problems(PROD, { "sigma:domainName": "Sigma.Example.com", "sigma:hostedZoneId": "Z1" }), ["sigma:domainName \"Sigma.Example.com\" is not a lower-case DNS name; use sigma.example.com"]);
        assert.deepStrictEqual(problems(PROD, { "sigma:domainName": "a_b", "sigma:hostedZoneId": "z1" }), [
            "sigma:hostedZoneId \"z1\" is not a Route 53 hosted zone id; use the form Z0123456789ABCDEFGHIJ",
            "sigma:domainName \"a_b\" is not a lower-case DNS name; use a name such as sigma.example.com",
        ]);
        const cfg = parse(PROD, { "sigma:domainName": "sigma.example.com", "sigma:hostedZoneId": "Z0123456789ABCDEFGHIJ" });
        assert.ok(cfg.topology === "multi-az");
        assert.deepStrictEqual(cfg.dnsAlias, { hostedZoneId: "Z0123456789ABCDEFGHIJ", domainName: "sigma.example.com" });
        assert.strictEqual((parse(PROD) as { dnsAlias?: unknown }).dnsAlias, undefined);
        assert.deepStrictEqual(problems(PROD, { "sigma:certificateArn": undefined }),
            ["sigma:certificateArn is not set; the HTTPS listener needs an ACM certificate in the stack's region: arn:aws:acm:<region>:<account>:certificate/<uuid>"]);
        const east = "arn:aws:acm:us-east-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef";
        assert.deepStrictEqual(problems(PROD, { "sigma:certificateArn": east }),
            [`sigma:certificateArn "${east}" is in us-east-1, but the load balancer is in ${REGION}; request or import the certificate in ${REGION} and use its ARN`]);
        assert.deepStrictEqual(problems(PROD, { "sigma:certificateArn": "nope" }),
            [`sigma:certificateArn "nope" is not an ACM certificate ARN; the HTTPS listener needs a certificate in the stack's region: arn:aws:acm:${REGION}:<account>:certificate/<uuid>`]);
        assert.deepStrictEqual(problems(PROD, { "aws:region": "x", "sigma:certificateArn": "nope" })[1],
            "sigma:certificateArn \"nope\" is not an ACM certificate ARN; the HTTPS listener needs a certificate in the stack's region: arn:aws:acm:<region>:<account>:certificate/<uuid>");
        assert.deepStrictEqual(problems(PROD, { "sigma:appCidrs": undefined }),
            ["sigma:appCidrs is not set; list the client networks allowed to reach the load balancer on 443/80, e.g. [\"203.0.113.0/24\"], or [\"0.0.0.0/0\"] for the internet"]);
        assert.deepStrictEqual(problems(PROD, { "sigma:appCidrs": [] }),
            ["sigma:appCidrs [] must list at least one client network, or nothing could reach the load balancer; e.g. [\"203.0.113.0/24\"]"]);
    });
    it("multi-az: the APP tier's count and connection script", () => {
        assert.deepStrictEqual(problems(PROD, { "sigma:appCount": "11" }), ["sigma:appCount \"11\" must be a whole number from 1 to 10 (APP instances behind the load balancer)"]);
        assert.deepStrictEqual(problems(PROD, { "sigma:appDbConnection": "mysql -h 10.1.2.3; echo $SIGMA_DB_HOST" }),
            ["sigma:appDbConnection \"mysql -h 10.1.2.3; echo $SIGMA_DB_HOST\" names the address 10.1.2.3; an address goes stale when the DB is restored into another AZ: use \"$SIGMA_DB_HOST\" (db.<stack>.sigma.internal) instead"]);
        const script = "echo $SIGMA_DB_HOST\n  SIGMA_APP_DB_CONNECTION_END  \n";
        assert.deepStrictEqual(problems(PROD, { "sigma:appDbConnection": script }),
            [`sigma:appDbConnection ${JSON.stringify(script)} contains the line SIGMA_APP_DB_CONNECTION_END, which ends the script inside the boot script; rename it`]);
    });
    it("instance: the root volume's bounds, and a secret EBS key left empty is no key", () => {
        assert.deepStrictEqual(problems(DEV, { "sigma:rootVolumeGiB": "4" }), ["sigma:rootVolumeGiB \"4\" must be a whole number from 8 to 16384 (unset: the AMI's size)"]);
        assert.strictEqual(parse(DEV, { "sigma:rootVolumeGiB": "8" }).topology === "single-az" && (parse(DEV, { "sigma:rootVolumeGiB": "8" }) as { instance: { rootVolumeGiB?: number } }).instance.rootVolumeGiB, 8);
        assert.strictEqual(parse(DEV, { "sigma:kmsKeyArn": "" }, ["sigma:kmsKeyArn"]).kmsKeyArn, undefined);
    });
    it("environment's example is the stack name made valid, or dev", () => {
        const envProblem = (stack: string) => {
            try {
                parseConfig(mapConfigSource({ ...DEV, "sigma:environment": "bad env!" }, { stack }));
            } catch (err) {
                return (err as ConfigError).problems[0];
            }
            return "accepted";
        };
        assert.strictEqual(envProblem("qa env#1"), "sigma:environment \"bad env!\" must be 1-64 letters, digits or _ . : / = + @ -, e.g. \"qa-env-1\"");
        assert.strictEqual(envProblem(""), "sigma:environment \"bad env!\" must be 1-64 letters, digits or _ . : / = + @ -, e.g. \"dev\"");
        assert.strictEqual(envProblem("s".repeat(70)), `sigma:environment "bad env!" must be 1-64 letters, digits or _ . : / = + @ -, e.g. "${"s".repeat(64)}"`);
    });
    it("the opt-out reason's fix names the full key of the extra topics", () => {
        assert.deepStrictEqual(problems(DEV, { "sigma:alarmEmails": undefined, "sigma:alarmEmailsOptOut": "x" }),
            ["sigma:alarmEmailsOptOut \"x\" must say why nobody gets alarm mail, in words, e.g. \"on-call is paged through the topic in sigma:alarmTopicArns\""]);
    });
});
