import * as assert from "assert";
import {
    BACKUP_FREQUENCIES, BACKUP_TAG_KEY, copyDestinationProblem, lockRetentionProblem, scheduleExpression, SigmaAirGappedVault, SigmaBackupPlan,
    SigmaBackupPlanArgs, SigmaBackupVault, SigmaBackupVaultArgs, SigmaEbsKey, SigmaInstance, STACK_SCOPE_TAG_KEY, VAULT_DESTRUCTIVE_ACTIONS, VAULT_EVENTS,
} from "../../components";
import { cronProblem } from "../../model/cron";
import { registered, registeredOne, resolve, useMocks } from "../helpers";

const DR_VAULT = "arn:aws:backup:ap-southeast-2:123456789012:backup-vault:SigmaDrBackupVault-dr";
const BREAK_GLASS = "arn:aws:iam::123456789012:role/sigma-break-glass";
const LAG_VAULT = "arn:aws:backup:ap-southeast-1:123456789012:backup-vault:SigmaAirGappedVault-prod";

async function policyOf(mocks: Awaited<ReturnType<typeof useMocks>>, type: string, name: string, property = "policy") {
    return JSON.parse((await registeredOne(mocks, type, name)).inputs[property]);
}

describe("backup schedules", () => {
    it("maps each frequency to the guide's exact cron expression", () => {
        assert.strictEqual(scheduleExpression("hourly"), "cron(0 */1 * * ? *)");
        assert.strictEqual(scheduleExpression("every12Hours"), "cron(0 0/12 * * ? *)");
        assert.strictEqual(scheduleExpression("daily"), "cron(0 0 * * ? *)");
        for (const cron of Object.values(BACKUP_FREQUENCIES)) {
            assert.strictEqual(cronProblem(cron), undefined, cron);
        }
    });

    it("accepts valid custom AWS crons", () => {
        for (const cron of ["cron(30 2 * * ? *)", "cron(0 3 ? * SUN *)", "cron(15 0/6 * * ? *)", "cron(0 1 1,15 * ? *)", "cron(0 4 ? * MON-FRI *)"]) {
            assert.strictEqual(scheduleExpression(cron), cron);
        }
    });

    const badCrons: Array<[string, RegExp]> = [
        ["weekly", /use hourly, every12Hours, daily or a valid cron/],
        ["0 3 * * *", /use hourly, every12Hours, daily or a valid cron/],
        ["cron(0 3 * * *)", /has 5 cron fields/],
        ["cron(0 25 * * ? *)", /hours value "25" outside 0-23/],
        ["cron(0 3 * * * *)", /exactly one of day-of-month and day-of-week/],
        ["cron(*/5 * * * ? *)", /more than once an hour/],
        ["cron(0 3 32 * ? *)", /day-of-month value "32"/],
        ["cron(0 3 * * ? 1800)", /year value "1800"/],
    ];
    for (const [cron, message] of badCrons) {
        it(`refuses ${cron}`, () => assert.throws(() => scheduleExpression(cron), message));
    }
});

/** A vault and the plan writing to it, wired as the primary stacks wire them. */
function vaultAndPlan(name: string, vaultArgs: SigmaBackupVaultArgs = {}, planArgs: Omit<SigmaBackupPlanArgs, "vaultName"> = {}) {
    const vault = new SigmaBackupVault(name, vaultArgs);
    const plan = new SigmaBackupPlan(name, { vaultName: vault.vaultName, vaultLockMinRetentionDays: vault.vaultLockMinRetentionDays, ...planArgs });
    return { vault, plan };
}

describe("SigmaBackupPlan", () => {
    for (const [frequency, cron] of Object.entries(BACKUP_FREQUENCIES)) {
        it(`schedules ${frequency} as ${cron}`, async () => {
            const mocks = await useMocks();
            const plan = new SigmaBackupPlan("b", { vaultName: "SigmaBackupVault-test", frequency });
            assert.strictEqual(plan.schedule, cron);
            await resolve(plan.planId);
            const registeredPlan = await registeredOne(mocks, "aws:backup/plan:Plan", "b-plan");
            assert.strictEqual(registeredPlan.inputs.rules[0].schedule, cron);
        });
    }

    it("defaults to the guide's daily backups kept 7 days, into the vault's KMS-encrypted vault, without copies", async () => {
        const mocks = await useMocks();
        const { vault, plan } = vaultAndPlan("b", { vaultName: "SigmaBackupVault-test" });
        await Promise.all([resolve(vault.vaultArn), resolve(plan.planId)]);
        const registeredPlan = await registeredOne(mocks, "aws:backup/plan:Plan", "b-plan");
        const [rule] = registeredPlan.inputs.rules;
        assert.deepStrictEqual([rule.schedule, rule.lifecycle.deleteAfter, rule.startWindow, rule.completionWindow, rule.copyActions ?? []],
            ["cron(0 0 * * ? *)", 7, 60, 180, []]);
        const key = await registeredOne(mocks, "aws:kms/key:Key", "b-key");
        const registeredVault = await registeredOne(mocks, "aws:backup/vault:Vault", "b-vault");
        assert.deepStrictEqual([key.inputs.enableKeyRotation, key.inputs.deletionWindowInDays], [true, 30]);
        assert.strictEqual(registeredVault.inputs.kmsKeyArn, key.state.arn);
        assert.strictEqual(registeredVault.inputs.name, "SigmaBackupVault-test");
        assert.strictEqual(rule.targetVaultName, "SigmaBackupVault-test");
        // The plan is created after the vault it writes to, and replaced or updated with it.
        assert.deepStrictEqual(registeredPlan.propertyDependencies?.rules, [registeredVault.urn]);
        assert.strictEqual((await registered(mocks, "aws:backup/vaultLockConfiguration:VaultLockConfiguration")).length, 0);
    });

    it("copies every recovery point to the destination vaults with their own retention", async () => {
        const mocks = await useMocks();
        const plan = new SigmaBackupPlan("b", { vaultName: "v1", frequency: "hourly", retentionDays: 14, copyToVaultArns: [DR_VAULT], copyRetentionDays: 35 });
        await resolve(plan.planId);
        const [rule] = (await registeredOne(mocks, "aws:backup/plan:Plan", "b-plan")).inputs.rules;
        assert.strictEqual(rule.lifecycle.deleteAfter, 14);
        assert.deepStrictEqual(rule.copyActions, [{ destinationVaultArn: DR_VAULT, lifecycle: { deleteAfter: 35 } }]);
        const policy = await policyOf(mocks, "aws:iam/rolePolicy:RolePolicy", "b-backup-role-policy");
        const copyInto = policy.Statement.find((s: any) => s.Sid === "CopyIntoDestinationVaults");
        assert.deepStrictEqual(copyInto.Resource, [DR_VAULT]);
        const copy = policy.Statement.find((s: any) => s.Sid === "CopyRecoveryPointsToDestinationRegions");
        assert.ok(copy.Resource.includes("arn:aws:ec2:ap-southeast-2::image/*"));
    });

    it("selects exactly the tag SigmaInstance puts on its instance", async () => {
        const mocks = await useMocks();
        const instance = new SigmaInstance("app", { subnetId: "subnet-0123456789abcdef0", securityGroupIds: ["sg-0123456789abcdef0"], amiId: "ami-0123456789abcdef0" });
        const plan = new SigmaBackupPlan("b", { vaultName: "v1" });
        await Promise.all([resolve(instance.instanceId), resolve(plan.planId)]);
        const tags = (await registeredOne(mocks, "aws:ec2/instance:Instance", "app-instance")).inputs.tags;
        const selection = await registeredOne(mocks, "aws:backup/selection:Selection", "b-selection");
        assert.strictEqual(selection.inputs.selectionTags.length, 1);
        const [{ type, key, value }] = selection.inputs.selectionTags;
        assert.strictEqual(type, "STRINGEQUALS");
        assert.strictEqual(tags[key], value);
        assert.strictEqual(key, BACKUP_TAG_KEY);
        const role = await registeredOne(mocks, "aws:iam/role:Role", "b-backup-role");
        assert.strictEqual(selection.inputs.iamRoleArn, role.state.arn);
        assert.strictEqual(await resolve(plan.backupRoleArn), role.state.arn);
    });

    it("gives the BackupRole a backup-only trust and least-privilege actions", async () => {
        const mocks = await useMocks();
        await resolve(new SigmaBackupPlan("b", { vaultName: "v1" }).planId);
        const trust = await policyOf(mocks, "aws:iam/role:Role", "b-backup-role", "assumeRolePolicy");
        assert.deepStrictEqual(trust.Statement, [{ Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } }]);
        const policy = await policyOf(mocks, "aws:iam/rolePolicy:RolePolicy", "b-backup-role-policy");
        const actions = policy.Statement.flatMap((s: any) => s.Action);
        for (const forbidden of ["ec2:StopInstances", "ec2:StartInstances", "ec2:RebootInstances", "ec2:TerminateInstances", "ec2:ModifyInstanceAttribute"]) {
            assert.ok(!actions.includes(forbidden), forbidden);
        }
        assert.ok(actions.every((a: string) => !a.includes("*")), "no wildcard action");
        const image = policy.Statement.find((s: any) => s.Sid === "ImageOnlyTaggedSigmaInstances");
        assert.deepStrictEqual(image.Condition, { StringEquals: { [`ec2:ResourceTag/${BACKUP_TAG_KEY}`]: "true", [`ec2:ResourceTag/${STACK_SCOPE_TAG_KEY}`]: "sigma/test" } });
        const starResources = policy.Statement.filter((s: any) => s.Resource === "*").flatMap((s: any) => s.Action);
        assert.ok(starResources.every((a: string) => a.startsWith("ec2:Describe") || a === "tag:GetResources"), starResources.join());
        assert.ok(!policy.Statement.some((s: any) => s.Sid === "CopyIntoDestinationVaults"), "no copy permission without copies");
        assert.ok(!actions.includes("ec2:ModifyImageAttribute"), "nothing shared without a destination in another account");
    });

    it("describes and copies into the destination vaults, and shares recovery points only with a destination in another account", async () => {
        const mocks = await useMocks();
        const otherAccount = DR_VAULT.replace("123456789012", "210987654321");
        await Promise.all([resolve(new SigmaBackupPlan("same", { vaultName: "v1", copyToVaultArns: [DR_VAULT] }).planId),
            resolve(new SigmaBackupPlan("other", { vaultName: "v1", copyToVaultArns: [otherAccount] }).planId)]);
        const same = await policyOf(mocks, "aws:iam/rolePolicy:RolePolicy", "same-backup-role-policy");
        const other = await policyOf(mocks, "aws:iam/rolePolicy:RolePolicy", "other-backup-role-policy");
        assert.deepStrictEqual(same.Statement.find((s: any) => s.Sid === "CopyIntoDestinationVaults").Action, ["backup:DescribeBackupVault", "backup:CopyIntoBackupVault"]);
        assert.ok(!same.Statement.some((s: any) => s.Sid === "ShareAwsBackupRecoveryPointsWithDestinationAccounts"));
        const share = other.Statement.find((s: any) => s.Sid === "ShareAwsBackupRecoveryPointsWithDestinationAccounts");
        assert.deepStrictEqual([share.Action, share.Condition], [["ec2:ModifyImageAttribute", "ec2:ModifySnapshotAttribute"], { Null: { "aws:ResourceTag/aws:backup:source-resource": "false" } }]);
    });

    const badArgs: Array<[string, Partial<SigmaBackupPlanArgs>, RegExp]> = [
        ["no vault", { vaultName: undefined }, /vaultName is required; pass SigmaBackupVault's vaultName/],
        ["bad vault name", { vaultName: "sigma vault!" }, /vaultName "sigma vault!" must be 2-50/],
        ["bad plan name", { planName: "plan/1" }, /planName "plan\/1" must be 1-50/],
        ["unknown frequency", { frequency: "weekly" }, /frequency "weekly" is not an AWS cron expression.*use hourly, every12Hours, daily or a valid cron/],
        ["zero retention", { retentionDays: 0 }, /retentionDays 0 must be a whole number from 1/],
        ["fractional copy retention", { copyRetentionDays: 1.5 }, /copyRetentionDays 1.5 must be a whole number/],
        ["short start window", { startWindowMinutes: 30 }, /startWindowMinutes 30 must be a whole number from 60/],
        ["completion inside start", { startWindowMinutes: 120, completionWindowMinutes: 150 }, /completionWindowMinutes 150 must be at least 60 more/],
        ["copy to a non-vault", { copyToVaultArns: ["arn:aws:s3:::bucket"] }, /copyToVaultArns\[0\] "arn:aws:s3:::bucket" is not a backup vault ARN/],
        ["nothing selected", { selectByTag: false }, /would back up nothing/],
        ["vault lock longer than retention", { vaultLockMinRetentionDays: 30 }, /vaultLockMinRetentionDays 30 is longer than retentionDays 7/],
        ["an air-gapped retention under AWS's 7 days", { airGappedVaultArn: LAG_VAULT, airGappedRetentionDays: 6 }, /airGappedRetentionDays 6 must be a whole number from 7/],
        ["an air-gapped retention without the vault", { airGappedRetentionDays: 30 }, /airGappedRetentionDays is set but airGappedVaultArn is not/],
        ["an air-gapped vault that is not a vault", { airGappedVaultArn: "arn:aws:s3:::bucket" }, /airGappedVaultArn "arn:aws:s3:::bucket" is not a backup vault ARN/],
        ["reserved tag", { tags: { "aws:owner": "me" } }, /reserved "aws:" prefix/],
    ];
    for (const [label, args, message] of badArgs) {
        it(`refuses ${label} before registering anything`, async () => {
            const mocks = await useMocks();
            assert.throws(() => new SigmaBackupPlan("bad", { vaultName: "v1", ...args } as SigmaBackupPlanArgs),
                (err: Error) => message.test(err.message) && err.message.includes('SigmaBackupPlan "bad"'));
            assert.strictEqual((await registered(mocks)).length, 0);
        });
    }

    it("lists every problem at once", () => {
        assert.throws(() => new SigmaBackupPlan("bad", { vaultName: "v1", frequency: "weekly", retentionDays: 3, vaultLockMinRetentionDays: 7 }),
            (err: Error) => /frequency "weekly"/.test(err.message) && /vaultLockMinRetentionDays 7 is longer than retentionDays 3/.test(err.message));
    });

    const lockRows: Array<[number | undefined, number, boolean]> = [[undefined, 1, false], [7, 7, false], [7, 14, false], [30, 14, true], [15, 14, true]];
    for (const [lockMinimum, retention, refused] of lockRows) {
        it(`${refused ? "refuses" : "accepts"} retentionDays ${retention} into a vault locked at ${lockMinimum ?? "(no lock)"}`, () => {
            assert.strictEqual(lockRetentionProblem(lockMinimum, retention) !== undefined, refused);
        });
    }

    it("copies into a logically air-gapped vault in the same region with its own retention, and lets the role copy there", async () => {
        const mocks = await useMocks();
        const plan = new SigmaBackupPlan("b", { vaultName: "v1", copyToVaultArns: [DR_VAULT], airGappedVaultArn: LAG_VAULT, airGappedRetentionDays: 120 });
        await resolve(plan.planId);
        const [rule] = (await registeredOne(mocks, "aws:backup/plan:Plan", "b-plan")).inputs.rules;
        assert.deepStrictEqual(rule.copyActions, [
            { destinationVaultArn: DR_VAULT, lifecycle: { deleteAfter: 30 } },
            { destinationVaultArn: LAG_VAULT, lifecycle: { deleteAfter: 120 } },
        ]);
        const policy = await policyOf(mocks, "aws:iam/rolePolicy:RolePolicy", "b-backup-role-policy");
        assert.deepStrictEqual(policy.Statement.find((s: any) => s.Sid === "CopyIntoDestinationVaults").Resource, [DR_VAULT, LAG_VAULT]);
    });

    it("scopes the selection and CreateImage by the stack scope as well as the backup tag", async () => {
        const mocks = await useMocks();
        const plan = new SigmaBackupPlan("b", { vaultName: "v1", stackScope: "sigma/prod" });
        await resolve(plan.planId);
        const selection = await registeredOne(mocks, "aws:backup/selection:Selection", "b-selection");
        assert.deepStrictEqual(selection.inputs.conditions, [{ stringEquals: [{ key: `aws:ResourceTag/${STACK_SCOPE_TAG_KEY}`, value: "sigma/prod" }] }]);
        const policy = await policyOf(mocks, "aws:iam/rolePolicy:RolePolicy", "b-backup-role-policy");
        assert.deepStrictEqual(policy.Statement.find((s: any) => s.Sid === "ImageOnlyTaggedSigmaInstances").Condition.StringEquals,
            { [`ec2:ResourceTag/${BACKUP_TAG_KEY}`]: "true", [`ec2:ResourceTag/${STACK_SCOPE_TAG_KEY}`]: "sigma/prod" });
    });

    it("refuses a copy destination in the source region, or one that is not a vault", () => {
        assert.match(copyDestinationProblem("arn:aws:backup:ap-southeast-1:123456789012:backup-vault:Other", "ap-southeast-1")!, /same region as the source vault/);
        assert.match(copyDestinationProblem("arn:aws:backup:ap-southeast-2:123456789012:backup-vaults/Other", "ap-southeast-1")!, /not a backup vault ARN/);
        assert.strictEqual(copyDestinationProblem(DR_VAULT, "ap-southeast-1"), undefined);
    });
});

describe("SigmaBackupVault", () => {
    it("encrypts the vault with a key whose policy names no wildcard and no service principal (no topic uses it)", async () => {
        const mocks = await useMocks();
        const vault = new SigmaBackupVault("b", {});
        await resolve(vault.vaultArn);
        const key = await registeredOne(mocks, "aws:kms/key:Key", "b-key");
        const keyPolicy = JSON.parse(key.inputs.policy);
        for (const statement of keyPolicy.Statement) {
            assert.deepStrictEqual(Object.keys(statement.Principal), ["AWS"], statement.Sid);
            assert.strictEqual(statement.Principal.AWS, "arn:aws:iam::123456789012:root", statement.Sid);
            assert.ok(([] as string[]).concat(statement.Action).every((a) => !a.includes("*")));
        }
        const backupUse = keyPolicy.Statement.find((s: any) => s.Sid === "KeyUseThroughServices");
        assert.ok(backupUse.Condition.StringEquals["kms:ViaService"].includes("backup.ap-southeast-1.amazonaws.com"));
        assert.strictEqual(key.inputs.bypassPolicyLockoutSafetyCheck, false, "no deny without break-glass, so no lockout bypass");
        assert.strictEqual((await registered(mocks, "aws:backup/vaultPolicy:VaultPolicy")).length, 0, "no access policy without break-glass");
        assert.strictEqual((await registered(mocks, "aws:sns/topic:Topic")).length, 0, "the vault makes no topic of its own");
        assert.strictEqual((await registered(mocks, "aws:backup/vaultNotifications:VaultNotifications")).length, 0, "and notifies nothing without one");
        assert.strictEqual(vault.notificationTopicArn, undefined);
        const alias = await registeredOne(mocks, "aws:kms/alias:Alias", "b-key-alias");
        assert.deepStrictEqual([alias.inputs.name, alias.inputs.targetKeyId], ["alias/b-key", key.state.keyId]);
    });

    it("sends its one failure-only event to the topic it is given (the stack's alarm topic)", async () => {
        const mocks = await useMocks();
        const topic = "arn:aws:sns:ap-southeast-1:123456789012:sigma-alarms";
        const vault = new SigmaBackupVault("b", { notificationTopicArn: topic });
        assert.strictEqual(await resolve(vault.notificationTopicArn!), topic);
        const notifications = await registeredOne(mocks, "aws:backup/vaultNotifications:VaultNotifications", "b-vault-notifications");
        assert.deepStrictEqual([notifications.inputs.snsTopicArn, notifications.inputs.backupVaultEvents], [topic, ["COPY_JOB_FAILED"]]);
        assert.deepStrictEqual(VAULT_EVENTS, ["COPY_JOB_FAILED"]);
    });

    it("locks the vault in governance mode by default and compliance mode with a grace period", async () => {
        let mocks = await useMocks();
        const governed = new SigmaBackupVault("g", { vaultLock: true, vaultLockMinRetentionDays: 14 });
        await resolve(governed.vaultArn);
        const governance = await registeredOne(mocks, "aws:backup/vaultLockConfiguration:VaultLockConfiguration", "g-vault-lock");
        assert.deepStrictEqual([governance.inputs.minRetentionDays, governance.inputs.changeableForDays], [14, undefined]);
        assert.strictEqual(governed.vaultLockMinRetentionDays, 14);
        mocks = await useMocks();
        const compliant = new SigmaBackupVault("c", { vaultLock: true, vaultLockChangeableForDays: 7 });
        await resolve(compliant.vaultArn);
        const compliance = await registeredOne(mocks, "aws:backup/vaultLockConfiguration:VaultLockConfiguration", "c-vault-lock");
        assert.deepStrictEqual([compliance.inputs.minRetentionDays, compliance.inputs.changeableForDays], [7, 7]);
        assert.strictEqual(compliant.vaultLockMinRetentionDays, 7, "the product's default retention");
        const unlocked = new SigmaBackupVault("u", {});
        await resolve(unlocked.vaultArn);
        assert.strictEqual(unlocked.vaultLockMinRetentionDays, undefined);
    });

    it("protects and retains the vault, key, lock and access policy only when asked", async () => {
        const mocks = await useMocks();
        await Promise.all([resolve(new SigmaBackupVault("p", { protect: true, vaultLock: true, breakGlassRoleArn: BREAK_GLASS }).vaultArn),
            resolve(new SigmaBackupVault("u", { vaultLock: true, breakGlassRoleArn: BREAK_GLASS }).vaultArn)]);
        for (const [name, type] of [["vault", "aws:backup/vault:Vault"], ["key", "aws:kms/key:Key"],
            ["vault-lock", "aws:backup/vaultLockConfiguration:VaultLockConfiguration"], ["vault-policy", "aws:backup/vaultPolicy:VaultPolicy"]] as const) {
            const kept = await registeredOne(mocks, type, `p-${name}`);
            const plain = await registeredOne(mocks, type, `u-${name}`);
            assert.deepStrictEqual([kept.protect, kept.retainOnDelete], [true, true], `p-${name}`);
            assert.deepStrictEqual([plain.protect, plain.retainOnDelete], [false, false], `u-${name}`);
        }
    });

    it("with a break-glass role: an access policy denying destruction to all others, made after the lock, and a key policy bypassing the lockout check", async () => {
        const mocks = await useMocks();
        const vault = new SigmaBackupVault("g", { vaultLock: true, vaultLockChangeableForDays: 7, breakGlassRoleArn: BREAK_GLASS });
        await resolve(vault.vaultArn);
        const policy = await registeredOne(mocks, "aws:backup/vaultPolicy:VaultPolicy", "g-vault-policy");
        const lock = await registeredOne(mocks, "aws:backup/vaultLockConfiguration:VaultLockConfiguration", "g-vault-lock");
        const registeredVault = await registeredOne(mocks, "aws:backup/vault:Vault", "g-vault");
        assert.strictEqual(policy.inputs.backupVaultName, registeredVault.state.name);
        assert.ok((policy.dependencies ?? []).includes(lock.urn), "created after the lock it forbids changing");
        // One lock and one policy per vault: a replacement must delete the old one first, or its delete removes the new one.
        assert.deepStrictEqual([lock.options.deleteBeforeReplace, policy.options.deleteBeforeReplace], [true, true]);
        const [deny] = JSON.parse(policy.inputs.policy).Statement;
        assert.deepStrictEqual([deny.Effect, deny.Principal, deny.Action, deny.Condition.ArnNotEquals["aws:PrincipalArn"][0]],
            ["Deny", "*", [...VAULT_DESTRUCTIVE_ACTIONS], BREAK_GLASS]);
        const key = await registeredOne(mocks, "aws:kms/key:Key", "g-key");
        assert.strictEqual(key.inputs.bypassPolicyLockoutSafetyCheck, true);
        assert.ok(JSON.parse(key.inputs.policy).Statement.some((s: any) => s.Sid === "DenyKeyDestructionExceptBreakGlass"));
    });

    it("alone is a copy destination: no plan, role or selection", async () => {
        const mocks = await useMocks();
        await resolve(new SigmaBackupVault("dr", { vaultLock: true, vaultLockMinRetentionDays: 30 }).vaultArn);
        assert.strictEqual((await registered(mocks, "aws:backup/plan:Plan")).length, 0);
        assert.strictEqual((await registered(mocks, "aws:backup/selection:Selection")).length, 0);
        assert.strictEqual((await registered(mocks, "aws:iam/role:Role")).length, 0);
        assert.strictEqual((await registeredOne(mocks, "aws:backup/vaultLockConfiguration:VaultLockConfiguration", "dr-vault-lock")).inputs.minRetentionDays, 30);
    });

    const badArgs: Array<[string, SigmaBackupVaultArgs, RegExp]> = [
        ["bad vault name", { vaultName: "sigma vault!" }, /vaultName "sigma vault!" must be 2-50/],
        ["compliance grace too short", { vaultLock: true, vaultLockChangeableForDays: 1 }, /vaultLockChangeableForDays 1 must be a whole number from 3/],
        ["zero lock minimum", { vaultLock: true, vaultLockMinRetentionDays: 0 }, /vaultLockMinRetentionDays 0 must be a whole number from 1/],
        ["lock settings without lock", { vaultLockChangeableForDays: 7 }, /vaultLock is not/],
        ["short key window", { keyDeletionWindowDays: 3 }, /keyDeletionWindowDays 3 must be a whole number from 7 to 30/],
        ["a wildcard break-glass role", { breakGlassRoleArn: "arn:aws:iam::123456789012:role/*" }, /breakGlassRoleArn "arn:aws:iam::123456789012:role\/\*" contains a wildcard/],
        ["a user as break-glass", { breakGlassRoleArn: "arn:aws:iam::123456789012:user/alice" }, /breakGlassRoleArn .* is not a role/],
        ["reserved tag", { tags: { "aws:owner": "me" } }, /reserved "aws:" prefix/],
    ];
    for (const [label, args, message] of badArgs) {
        it(`refuses ${label} before registering anything`, async () => {
            const mocks = await useMocks();
            assert.throws(() => new SigmaBackupVault("bad", args), (err: Error) => message.test(err.message) && err.message.includes('SigmaBackupVault "bad"'));
            assert.strictEqual((await registered(mocks)).length, 0);
        });
    }
});

describe("SigmaEbsKey", () => {
    it("makes a rotated key for EC2 only, with its alias, guarded by break-glass and protected when asked", async () => {
        const mocks = await useMocks();
        const key = new SigmaEbsKey("ebs", { aliasName: "sigma-prod-ebs", breakGlassRoleArn: BREAK_GLASS, protect: true });
        await resolve(key.keyArn);
        const registeredKey = await registeredOne(mocks, "aws:kms/key:Key", "ebs-key");
        assert.deepStrictEqual([registeredKey.inputs.enableKeyRotation, registeredKey.inputs.bypassPolicyLockoutSafetyCheck, registeredKey.protect, registeredKey.retainOnDelete],
            [true, true, true, true]);
        const statements = JSON.parse(registeredKey.inputs.policy).Statement;
        assert.deepStrictEqual(statements.find((s: any) => s.Sid === "KeyUseThroughServices").Condition.StringEquals["kms:ViaService"], ["ec2.ap-southeast-1.amazonaws.com"]);
        const alias = await registeredOne(mocks, "aws:kms/alias:Alias", "ebs-key-alias");
        assert.deepStrictEqual([alias.inputs.name, alias.inputs.targetKeyId], ["alias/sigma-prod-ebs", registeredKey.state.keyId]);
        assert.strictEqual(await resolve(key.keyArn), registeredKey.state.arn);
    });

    const bad: Array<[string, any, RegExp]> = [
        ["an aws/ alias", { aliasName: "aws/ebs" }, /aliasName "aws\/ebs" must be/],
        ["an alias with a dot", { aliasName: "sigma.prod" }, /aliasName "sigma.prod" must be/],
        ["a break-glass session", { aliasName: "k", breakGlassRoleArn: "arn:aws:sts::123456789012:assumed-role/r/s" }, /breakGlassRoleArn .* is a session ARN/],
        ["a short deletion window", { aliasName: "k", keyDeletionWindowDays: 6 }, /keyDeletionWindowDays 6 must be a whole number from 7 to 30/],
    ];
    for (const [label, args, message] of bad) {
        it(`refuses ${label} before registering anything`, async () => {
            const mocks = await useMocks();
            assert.throws(() => new SigmaEbsKey("bad", args), (err: Error) => message.test(err.message) && err.message.includes('SigmaEbsKey "bad"'));
            assert.strictEqual((await registered(mocks)).length, 0);
        });
    }
});

describe("SigmaAirGappedVault", () => {
    it("keeps copies exactly retentionDays (minimum and maximum), encrypted with the key it is given", async () => {
        const mocks = await useMocks();
        const keyArn = "arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        const vault = new SigmaAirGappedVault("lag", { vaultName: "SigmaAirGappedVault-prod", retentionDays: 120, encryptionKeyArn: keyArn, protect: true });
        await resolve(vault.vaultArn);
        const registeredVault = await registeredOne(mocks, "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault", "lag-air-gapped-vault");
        assert.deepStrictEqual([registeredVault.inputs.name, registeredVault.inputs.minRetentionDays, registeredVault.inputs.maxRetentionDays,
            registeredVault.inputs.encryptionKeyArn, registeredVault.protect, registeredVault.retainOnDelete], ["SigmaAirGappedVault-prod", 120, 120, keyArn, true, true]);
        assert.strictEqual(vault.retentionDays, 120);
        const plain = new SigmaAirGappedVault("d", { vaultName: "v-d" });
        assert.strictEqual(plain.retentionDays, 90);
    });

    for (const [label, args, message] of [
        ["six days", { vaultName: "v1", retentionDays: 6 }, /retentionDays 6 must be a whole number from 7/],
        ["an alias as key", { vaultName: "v1", encryptionKeyArn: "alias/x" }, /encryptionKeyArn "alias\/x" is not a KMS key ARN/],
        ["a bad name", { vaultName: "a b" }, /vaultName "a b" must be 2-50/],
    ] as Array<[string, any, RegExp]>) {
        it(`refuses ${label}`, () => assert.throws(() => new SigmaAirGappedVault("bad", args), message));
    }
});
