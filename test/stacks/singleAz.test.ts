import * as assert from "assert";
import { synthesize, SynthResult } from "../../offline/synth/synthesize";

describe("dev stack (single-az)", () => {
    let dev: SynthResult;
    before(async () => {
        dev = await synthesize({ stack: "dev" });
    });

    it("holds exactly the expected resource types", () => {
        const counts: Record<string, number> = {};
        for (const r of dev.resources) {
            counts[r.type] = (counts[r.type] ?? 0) + 1;
        }
        assert.deepStrictEqual(counts, {
            "pulumi:providers:aws": 1,
            "sigma:network:SigmaSecurityGroups": 1,
            // the app and DB groups, the restore validator's and the restored test instances'
            "aws:ec2/securityGroup:SecurityGroup": 4,
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 3,
            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": 9,
            "sigma:compute:SigmaInstance": 1,
            // instance role, BackupRole, IAMRoleForRestore, restore Lambda role, restore validator role, the patch window's
            // role and its pre-patch runbook's role
            "aws:iam/role:Role": 7,
            // + the logs' shipping permissions on the instance role
            "aws:iam/rolePolicy:RolePolicy": 9,
            "aws:iam/instanceProfile:InstanceProfile": 1,
            "aws:ec2/instance:Instance": 1,
            "aws:ebs/volume:Volume": 1,
            "aws:ec2/volumeAttachment:VolumeAttachment": 1,
            // the stack's one alarm topic: its key, topic, policy and subscription; backup-failure, restore-failure,
            // key-change and backup-change rules; the instance's CPU and status checks, the restore function's errors
            // and the missed-backup alarm (plus SigmaInstance's auto-recovery and the restore test's four alarms)
            "sigma:monitoring:SigmaMonitoring": 1,
            "aws:kms/key:Key": 3,
            "aws:sns/topic:Topic": 1,
            "aws:sns/topicPolicy:TopicPolicy": 1,
            "aws:sns/topicSubscription:TopicSubscription": 1,
            "aws:cloudwatch/eventRule:EventRule": 9,
            "aws:cloudwatch/eventTarget:EventTarget": 9,
            "aws:cloudwatch/metricAlarm:MetricAlarm": 15,
            // the trail EventBridge needs for CloudTrail's API-call events, into its own private bucket
            "sigma:monitoring:SigmaAuditTrail": 1,
            "aws:cloudtrail/trail:Trail": 1,
            "aws:s3/bucket:Bucket": 1,
            "aws:s3/bucketPolicy:BucketPolicy": 1,
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": 1,
            "aws:s3/bucketOwnershipControls:BucketOwnershipControls": 1,
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": 1,
            "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": 1,
            // backup (daily, 7 days, no copy): key + alias, vault, notifications to the alarm topic, plan, selection, role
            "sigma:backup:SigmaBackupVault": 1, "sigma:backup:SigmaBackupPlan": 1,
            "aws:kms/alias:Alias": 1,
            "aws:backup/vault:Vault": 1,
            "aws:backup/vaultNotifications:VaultNotifications": 1,
            "aws:backup/plan:Plan": 1,
            "aws:backup/selection:Selection": 1,
            // restore: the Lambda with its log group and on-failure destination, the restore-job rule; restore testing
            // with its validator function, log group, permission and on-failure destination
            "sigma:restore:SigmaRestore": 1,
            "sigma:restore:SigmaRestoreTesting": 1,
            "sigma:restore:RestoreValidation": 1,
            "aws:lambda/function:Function": 2,
            "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig": 2,
            "aws:lambda/permission:Permission": 1,
            "aws:cloudwatch/logGroup:LogGroup": 6,
            "aws:backup/restoreTestingPlan:RestoreTestingPlan": 1,
            "aws:backup/restoreTestingSelection:RestoreTestingSelection": 1,
            // operations (stacks/operations.ts): the logs (their key, 4 of the log groups, 5 filters and alarms, the agent's
            // logs config, set-up document and association, set-up-failure and key-change rules) and the dashboard
            "sigma:operations:SigmaLogs": 1,
            "aws:cloudwatch/logMetricFilter:LogMetricFilter": 5,
            "aws:ssm/parameter:Parameter": 1,
            // + the pre-patch backup-then-install runbook
            "aws:ssm/document:Document": 2,
            "aws:ssm/association:Association": 1,
            "sigma:operations:SigmaDashboard": 1,
            "aws:cloudwatch/dashboard:Dashboard": 1,
            // patching (components/operations/sigmaPatching.ts): baseline, patch group, window, its target and task
            "sigma:operations:SigmaPatching": 1,
            "aws:ssm/patchBaseline:PatchBaseline": 1,
            "aws:ssm/patchGroup:PatchGroup": 1,
            "aws:ssm/maintenanceWindow:MaintenanceWindow": 1,
            "aws:ssm/maintenanceWindowTarget:MaintenanceWindowTarget": 1,
            "aws:ssm/maintenanceWindowTask:MaintenanceWindowTask": 1,
        });
    });

    it("exports the guide's URLs, the instance, the security groups and the backup entry points", () => {
        assert.deepStrictEqual(Object.keys(dev.outputs).sort(), ["AlarmTopicArn", "AppSecurityGroupId", "AuditTrailArn", "AuditTrailBucket",
            "BackupRoleArn", "BackupSchedule", "BackupVaultArn", "BackupVaultKeyArn", "BackupVaultName", "DashboardUrl", "DataVolumeId", "DbSecurityGroupId", "InstanceId",
            "LogGroupNames", "LogsSetupAssociationId", "PatchBaselineId", "PatchGroup", "PatchWindowId", "PrivateIp", "PublicIp", "RestoreFunctionName", "RestoreTestingPlanName", "RestoreValidatorFunctionName", "SigmaAppURL", "StudioAppURL"]);
        assert.strictEqual(dev.outputs.AuditTrailArn, "arn:aws:cloudtrail:ap-southeast-1:123456789012:trail/sigma-dev-audit");
        const ip = dev.outputs.PublicIp as string;
        assert.match(ip, /^\d+\.\d+\.\d+\.\d+$/);
        assert.strictEqual(dev.outputs.SigmaAppURL, `http://${ip}:8080/sigma`);
        assert.strictEqual(dev.outputs.StudioAppURL, `http://${ip}:8080/expertctstudio`);
        assert.match(dev.outputs.InstanceId as string, /^i-[0-9a-f]{17}$/);
        assert.match(dev.outputs.AppSecurityGroupId as string, /^sg-/);
        assert.match(dev.outputs.DbSecurityGroupId as string, /^sg-/);
    });

    it("puts every AWS resource on the stack's provider, which carries the region and the standard tags", () => {
        const provider = dev.resources.find((r) => r.type === "pulumi:providers:aws")!;
        assert.strictEqual(provider.inputs.region, "ap-southeast-1");
        assert.deepStrictEqual(provider.inputs.defaultTags, {
            tags: { project: "sigma", stack: "dev", environment: "dev", "managed-by": "pulumi" },
        });
        for (const r of dev.resources.filter((x) => x.type.startsWith("aws:"))) {
            assert.strictEqual(r.provider, provider.urn, `${r.name} uses the stack provider`);
        }
    });

    it("records parents, so every AWS resource sits under a Sigma component", () => {
        const components = new Set(dev.resources.filter((r) => r.type.startsWith("sigma:")).map((r) => r.urn));
        for (const r of dev.resources.filter((x) => x.type.startsWith("aws:"))) {
            assert.ok(r.parent && components.has(r.parent), `${r.name} has a component parent`);
        }
    });

    it("fails before registering anything when the config is invalid", async () => {
        await assert.rejects(synthesize({ stack: "dev", configOverrides: { "sigma:instanceType": "t2.nano", "sigma:adminCidrs": ["0.0.0.0/0"] } }),
            (err: Error) => /sigma:instanceType "t2\.nano" is not supported/.test(err.message) && /sigma:adminCidrs\[0\]/.test(err.message));
    });
});
