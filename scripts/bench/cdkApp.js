// The AWS CDK side of `npm run bench -- --only cdk` (issue 17): an app with the content of the bench's Pulumi scale
// program, one stack per environment (a CloudFormation stack holds at most 500 resources, so N environments cannot
// share one), synthesised the way `cdk synth` runs an app (`node app.js` writing cdk.out) with CDK's rules check
// off. `node scripts/bench/cdkApp.js <environments> <outdir>`; reports CPU time, peak RSS and resources on fd 3 when
// fd 3 is open, and writes nothing outside <outdir>.
"use strict";
const fs = require("fs");
const cdk = require("aws-cdk-lib");
const backup = require("aws-cdk-lib/aws-backup");
const cloudwatch = require("aws-cdk-lib/aws-cloudwatch");
const cloudwatchActions = require("aws-cdk-lib/aws-cloudwatch-actions");
const ec2 = require("aws-cdk-lib/aws-ec2");
const events = require("aws-cdk-lib/aws-events");
const targets = require("aws-cdk-lib/aws-events-targets");
const kms = require("aws-cdk-lib/aws-kms");
const lambda = require("aws-cdk-lib/aws-lambda");
const sns = require("aws-cdk-lib/aws-sns");
const subscriptions = require("aws-cdk-lib/aws-sns-subscriptions");

const REGION = "ap-southeast-1";
const ENV = { account: "123456789012", region: REGION };

/**
 * One environment: an instance (IMDSv2, encrypted gp3 root) with its role and instance profile, a separate encrypted
 * data volume and its attachment, two security groups with their rules, an alarm to a KMS-encrypted topic with an
 * email subscription, a backup vault with its key, plan and selection, and a Lambda with its role triggered by an
 * EventBridge rule.
 */
function environmentStack(app, i) {
    const stack = new cdk.Stack(app, `Env${i}`, { env: ENV });
    const vpc = ec2.Vpc.fromVpcAttributes(stack, "Vpc", {
        vpcId: "vpc-0123456789abcdef0", availabilityZones: [`${REGION}a`], privateSubnetIds: ["subnet-0123456789abcdef0"],
    });
    const appGroup = new ec2.SecurityGroup(stack, "AppSecurityGroup", { vpc, description: "Sigma APP: 8080 from the app CIDRs", allowAllOutbound: false });
    appGroup.addIngressRule(ec2.Peer.ipv4("203.0.113.0/24"), ec2.Port.tcp(8080), "Sigma web from the app CIDRs");
    appGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), "HTTPS to AWS APIs");
    const dbGroup = new ec2.SecurityGroup(stack, "DbSecurityGroup", { vpc, description: "Sigma DB: 3306 from the APP group", allowAllOutbound: false });
    dbGroup.addIngressRule(appGroup, ec2.Port.tcp(3306), "MySQL from the APP group");
    const instance = new ec2.Instance(stack, "Instance", {
        vpc, vpcSubnets: { subnets: vpc.privateSubnets }, securityGroup: appGroup,
        instanceType: new ec2.InstanceType("t3.xlarge"),
        machineImage: ec2.MachineImage.genericLinux({ [REGION]: "ami-0123456789abcdef0" }),
        requireImdsv2: true, detailedMonitoring: true,
        blockDevices: [{ deviceName: "/dev/xvda", volume: ec2.BlockDeviceVolume.ebs(50, { encrypted: true, volumeType: ec2.EbsDeviceVolumeType.GP3 }) }],
    });
    instance.addSecurityGroup(dbGroup);
    const dataVolume = new ec2.Volume(stack, "DataVolume", {
        availabilityZone: `${REGION}a`, size: cdk.Size.gibibytes(100), encrypted: true, volumeType: ec2.EbsDeviceVolumeType.GP3,
    });
    new ec2.CfnVolumeAttachment(stack, "DataVolumeAttachment", { instanceId: instance.instanceId, volumeId: dataVolume.volumeId, device: "/dev/sdf" });
    const key = new kms.Key(stack, "Key", { enableKeyRotation: true, description: `Sigma env${i}: topic and backups` });
    const topic = new sns.Topic(stack, "AlarmTopic", { masterKey: key });
    topic.addSubscription(new subscriptions.EmailSubscription(`ops-${i}@example.com`));
    const cpu = new cloudwatch.Alarm(stack, "CpuAlarm", {
        metric: new cloudwatch.Metric({ namespace: "AWS/EC2", metricName: "CPUUtilization", dimensionsMap: { InstanceId: instance.instanceId }, period: cdk.Duration.minutes(5) }),
        threshold: 90, evaluationPeriods: 3,
    });
    cpu.addAlarmAction(new cloudwatchActions.SnsAction(topic));
    const vault = new backup.BackupVault(stack, "BackupVault", { backupVaultName: `SigmaBackupVault-env${i}`, encryptionKey: key });
    const plan = new backup.BackupPlan(stack, "BackupPlan", { backupPlanName: `SigmaBackupPlan-env${i}`, backupVault: vault });
    plan.addRule(new backup.BackupPlanRule({ ruleName: "daily", scheduleExpression: events.Schedule.cron({ hour: "18", minute: "0" }), deleteAfter: cdk.Duration.days(7) }));
    plan.addSelection("Selection", { resources: [backup.BackupResource.fromEc2Instance(instance)] });
    const restore = new lambda.Function(stack, "RestoreFunction", {
        functionName: `EC2RestoreLambdaFunction-env${i}`, runtime: lambda.Runtime.NODEJS_20_X, handler: "index.handler",
        code: lambda.Code.fromInline("exports.handler = async () => ({ ok: true });"), timeout: cdk.Duration.minutes(1),
    });
    new events.Rule(stack, "RestoreRule", {
        eventPattern: { source: ["aws.backup"], detailType: ["Restore Job State Change"] }, targets: [new targets.LambdaFunction(restore)],
    });
    return stack;
}

function main(argv) {
    const environments = Number(argv[0]);
    const outdir = argv[1];
    if (!Number.isInteger(environments) || environments < 1 || !outdir) {
        process.stderr.write("usage: node scripts/bench/cdkApp.js <environments> <outdir>\n");
        return 2;
    }
    // builtinCloudFormationValidation: CDK 2.276's rules check over every template (node_modules/aws-cdk-lib/core/lib/app.d.ts),
    // off as the issue's comparison had it; skipValidation skips the constructs' own validate() hooks as well.
    const app = new cdk.App({ outdir, analyticsReporting: false, builtinCloudFormationValidation: false });
    for (let i = 0; i < environments; i++) {
        environmentStack(app, i);
    }
    const assembly = app.synth({ skipValidation: true });
    const resources = assembly.stacks.reduce((sum, s) => sum + Object.keys(s.template.Resources || {}).length, 0);
    try {
        const usage = process.resourceUsage();
        fs.writeSync(3, JSON.stringify({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, rssMB: usage.maxRSS / 1024, resources }));
    } catch {
        process.stdout.write(`${assembly.stacks.length} stacks, ${resources} resources in ${outdir}\n`);
    }
    return 0;
}

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2));
}

module.exports = { environmentStack };
