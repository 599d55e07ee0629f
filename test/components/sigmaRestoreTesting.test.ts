import * as assert from "assert";
import { SigmaRestoreTesting, SigmaRestoreTestingArgs } from "../../components";
import { restoreTestOverrides } from "../../components/restore/sigmaRestoreTesting";
import { ec2OverrideProblems } from "../../model/restoreTesting";
import { registered, registeredOne, resolve, useMocks } from "../helpers";

const base: SigmaRestoreTestingArgs = {
    vaultArn: "arn:aws:backup:ap-southeast-1:123456789012:backup-vault:SigmaBackupVault-test",
    restoreRoleArn: "arn:aws:iam::123456789012:role/restore",
    vpcId: "vpc-0123456789abcdef0",
    subnetId: "subnet-0123456789abcdef0",
    alarmTopicArn: "arn:aws:sns:ap-southeast-1:123456789012:sigma-alarms",
    alarmTopicKeyArn: "arn:aws:kms:ap-southeast-1:123456789012:key/11111111-2222-3333-4444-555555555555",
};

describe("SigmaRestoreTesting", () => {
    it("tests the newest point of the last week of every tagged instance, weekly, and keeps the copy 2 hours for validation", async () => {
        const mocks = await useMocks();
        const testing = new SigmaRestoreTesting("sigma", base);
        assert.strictEqual(await resolve(testing.planName), "sigma_restore_test");
        const plan = await registeredOne(mocks, "aws:backup/restoreTestingPlan:RestoreTestingPlan", "sigma-restore-testing");
        assert.strictEqual(plan.inputs.scheduleExpression, "cron(0 3 ? * SUN *)");
        assert.deepStrictEqual(plan.inputs.recoveryPointSelection, {
            algorithm: "LATEST_WITHIN_WINDOW", includeVaults: [base.vaultArn], recoveryPointTypes: ["SNAPSHOT"], selectionWindowDays: 7,
        });
        const selection = await registeredOne(mocks, "aws:backup/restoreTestingSelection:RestoreTestingSelection", "sigma-restore-testing-selection");
        assert.deepStrictEqual(selection.inputs.protectedResourceConditions, { stringEquals: [{ key: "aws:ResourceTag/sigma:backup", value: "true" }] });
        assert.deepStrictEqual([selection.inputs.name, selection.inputs.protectedResourceType, selection.inputs.validationWindowHours], ["sigma_restore_test_ec2", "EC2", 2]);
    });

    it("restores into the stack's own subnet with a dedicated group and IMDSv2: overrides AWS Backup accepts for EC2", async () => {
        const mocks = await useMocks();
        const testing = new SigmaRestoreTesting("sigma", base);
        const groupId = await resolve(testing.restoredSecurityGroupId);
        const selection = await registeredOne(mocks, "aws:backup/restoreTestingSelection:RestoreTestingSelection", "sigma-restore-testing-selection");
        assert.deepStrictEqual(selection.inputs.restoreMetadataOverrides, {
            requireImdsV2: "true", subnetId: base.subnetId as string, securityGroupIds: JSON.stringify([groupId]),
        });
        assert.deepStrictEqual(ec2OverrideProblems(selection.inputs.restoreMetadataOverrides), []);
        assert.ok(!("iamInstanceProfileName" in selection.inputs.restoreMetadataOverrides), "the backed-up profile is restore testing's own choice; no new profile");
    });

    it("the restored copy admits only the validator on 8080 and reaches nothing", async () => {
        const mocks = await useMocks();
        const testing = new SigmaRestoreTesting("sigma", base);
        const groupId = await resolve(testing.restoredSecurityGroupId);
        const validatorGroupId = await resolve(testing.validation.securityGroupId);
        const rules = (await registered(mocks)).filter((r) => r.type.startsWith("aws:vpc/securityGroup") && r.inputs.securityGroupId === groupId);
        assert.deepStrictEqual(rules.map((r) => [r.type, r.inputs.referencedSecurityGroupId, r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort]), [
            ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", validatorGroupId, "tcp", 8080, 8080],
        ]);
        const group = await registeredOne(mocks, "aws:ec2/securityGroup:SecurityGroup", "sigma-restored-instances");
        assert.deepStrictEqual([group.inputs.vpcId, group.inputs.ingress, group.inputs.egress], [base.vpcId, undefined, undefined]);
        const validatorTo8080 = (await registered(mocks, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"))
            .filter((r) => r.inputs.securityGroupId === validatorGroupId && r.inputs.fromPort === 8080);
        assert.deepStrictEqual(validatorTo8080.map((r) => r.inputs.referencedSecurityGroupId), [groupId]);
    });

    it("validates the plan's jobs: the validator runs in the test subnet by default, in the given subnets otherwise", async () => {
        let mocks = await useMocks();
        let testing = new SigmaRestoreTesting("sigma", base);
        await resolve(testing.validatorFunctionName);
        const planArn = await resolve(testing.planArn);
        let fn = await registeredOne(mocks, "aws:lambda/function:Function", "sigma-validator");
        assert.deepStrictEqual(fn.inputs.vpcConfig.subnetIds, [base.subnetId]);
        assert.strictEqual(fn.inputs.environment.variables.RESTORE_TESTING_PLAN_ARN, planArn);
        assert.strictEqual(fn.inputs.environment.variables.STACK_NAME, "sigma_restore_test");
        const selection = await registeredOne(mocks, "aws:backup/restoreTestingSelection:RestoreTestingSelection", "sigma-restore-testing-selection");
        const target = await registeredOne(mocks, "aws:cloudwatch/eventTarget:EventTarget", "sigma-restore-test-to-validator");
        const permission = await registeredOne(mocks, "aws:lambda/permission:Permission", "sigma-validator-from-events");
        for (const urn of [fn.urn, target.urn, permission.urn]) {
            assert.ok(selection.dependencies?.includes(urn), `the selection (which starts tests) waits for ${urn}`);
        }

        mocks = await useMocks();
        testing = new SigmaRestoreTesting("sigma", { ...base, validatorSubnetIds: ["subnet-0123456789abcdef1", "subnet-0123456789abcdef2"], stackName: "prod", rtoMinutes: 20 });
        await resolve(testing.validatorFunctionName);
        fn = await registeredOne(mocks, "aws:lambda/function:Function", "sigma-validator");
        assert.deepStrictEqual(fn.inputs.vpcConfig.subnetIds, ["subnet-0123456789abcdef1", "subnet-0123456789abcdef2"]);
        assert.strictEqual(testing.rtoMinutes, 20);
        const overRto = await registeredOne(mocks, "aws:cloudwatch/metricAlarm:MetricAlarm", "sigma-restore-test-restore-over-rto");
        assert.deepStrictEqual([overRto.inputs.threshold, overRto.inputs.dimensions, overRto.inputs.alarmActions], [1200, { Stack: "prod" }, [base.alarmTopicArn]]);
    });

    it("overrides the instance type when asked", async () => {
        const mocks = await useMocks();
        new SigmaRestoreTesting("sigma", { ...base, instanceType: "t3.large" });
        const selection = await registeredOne(mocks, "aws:backup/restoreTestingSelection:RestoreTestingSelection", "sigma-restore-testing-selection");
        assert.strictEqual(selection.inputs.restoreMetadataOverrides.instanceType, "t3.large");
    });

    it("builds only overridable keys", () => {
        assert.deepStrictEqual(ec2OverrideProblems(restoreTestOverrides("subnet-0123456789abcdef0", "sg-0123456789abcdef0", "r5.large")), []);
    });

    describe("refuses bad args before registering anything", () => {
        const rows: Array<[string, Record<string, unknown>, RegExp]> = [
            ["no VPC", { vpcId: undefined }, /vpcId is required; pass a vpc-\.\.\. id/],
            ["no subnet (AWS Backup would use the default VPC)", { subnetId: undefined }, /subnetId is required; pass a subnet-\.\.\. id/],
            ["a subnet that is a group id", { subnetId: "sg-0123456789abcdef0" }, /subnetId "sg-0123456789abcdef0" is not a subnet id/],
            ["an empty validator subnet list", { validatorSubnetIds: [] }, /validatorSubnetIds \[\] must list at least one subnet/],
            ["a validation window of 0 hours (no time to validate)", { validationWindowHours: 0 }, /validationWindowHours 0 must be a whole number of hours from 1 to 168/],
            ["a validation window over a week", { validationWindowHours: 169 }, /validationWindowHours 169 must be a whole number of hours from 1 to 168/],
            ["an RTO of half a minute", { rtoMinutes: 0.5 }, /rtoMinutes 0\.5 must be a whole number of minutes/],
            ["an unsupported test instance type", { instanceType: "t2.nano" }, /instanceType "t2\.nano" is not supported/],
            ["a hyphenated plan name", { planName: "sigma-test" }, /planName "sigma-test" must be 1-50 letters, digits or _/],
            ["a plan name whose selection name AWS refuses", { planName: "_sigma" }, /planName "_sigma" gives the selection name "_sigma_ec2", which must be 1-50 letters/],
            ["a schedule that is not cron", { schedule: "weekly" }, /schedule "weekly"/],
            ["no alarm topic", { alarmTopicArn: undefined }, /alarmTopicArn is required; pass the stack's notification topic from SigmaMonitoring/],
        ];
        for (const [label, args, message] of rows) {
            it(label, async () => {
                const mocks = await useMocks();
                assert.throws(() => new SigmaRestoreTesting("bad", { ...base, ...args } as SigmaRestoreTestingArgs), message);
                assert.strictEqual((await registered(mocks)).length, 0);
            });
        }

        it("lists every problem at once", () => {
            assert.throws(() => new SigmaRestoreTesting("bad", { ...base, subnetId: "subnet-x", validationWindowHours: 0, schedule: "weekly" }),
                (err: Error) => /subnetId "subnet-x"/.test(err.message) && /validationWindowHours 0/.test(err.message) && /schedule "weekly"/.test(err.message));
        });
    });
});
