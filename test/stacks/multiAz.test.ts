import * as assert from "assert";
import { SigmaMocks } from "../../offline/synth/mockRuntime";
import { runProgram, synthesize, SynthResult } from "../../offline/synth/synthesize";
import { evaluatePolicies, loadPolicyConfig } from "../../offline/check/policyCheck";

type Resource = SynthResult["resources"][number];
const CERT = "arn:aws:acm:ap-southeast-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef";

const ofType = (result: SynthResult, type: string) => result.resources.filter((r) => r.type === type);
const one = (result: SynthResult, type: string, name: string): Resource => {
    const match = ofType(result, type).filter((r) => r.name === name);
    assert.strictEqual(match.length, 1, `one ${type} named ${name}`);
    return match[0];
};

describe("prod stack (multi-az)", () => {
    let prod: SynthResult;
    let mocks: SigmaMocks;
    before(async () => {
        prod = await synthesize({ stack: "prod" });
        // The recorded state (AZs, providers per package) of a second run: the synth document keeps inputs only.
        mocks = (await runProgram({ stack: "prod" })).mocks;
    });

    it("puts the APP instances in distinct private subnets in distinct AZs", () => {
        const apps = [...mocks.resources.values()].filter((r) => r.type === "aws:ec2/instance:Instance" && r.name.startsWith("sigma-app-"));
        assert.ok(apps.length >= 2, "at least two APP instances");
        const subnets = apps.map((r) => r.inputs.subnetId as string);
        const azs = apps.map((r) => r.state.availabilityZone as string);
        assert.strictEqual(new Set(subnets).size, apps.length, `distinct subnets ${subnets}`);
        assert.strictEqual(new Set(azs).size, apps.length, `distinct AZs ${azs}`);
        const privateSubnets = prod.outputs.PrivateSubnetIds as string[];
        assert.ok(subnets.every((s) => privateSubnets.includes(s)), "APP instances are in private subnets");
    });

    it("gives no instance a public IP and protects every instance from termination", () => {
        const instances = ofType(prod, "aws:ec2/instance:Instance");
        assert.strictEqual(instances.length, 3);
        for (const instance of instances) {
            assert.strictEqual(instance.inputs.associatePublicIpAddress, false, instance.name);
            assert.strictEqual(instance.inputs.disableApiTermination, true, instance.name);
            assert.strictEqual((instance.inputs.metadataOptions as any).httpTokens, "required", instance.name);
        }
    });

    it("lets nothing but the APP group reach the DB group", () => {
        const dbGroup = prod.outputs.DbSecurityGroupId;
        const ingress = ofType(prod, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === dbGroup);
        assert.strictEqual(ingress.length, 1);
        assert.deepStrictEqual([ingress[0].inputs.referencedSecurityGroupId, ingress[0].inputs.fromPort, ingress[0].inputs.cidrIpv4, ingress[0].inputs.cidrIpv6],
            [prod.outputs.AppSecurityGroupId, 3306, undefined, undefined]);
        const db = one(prod, "aws:ec2/instance:Instance", "sigma-db-instance");
        assert.deepStrictEqual(db.inputs.vpcSecurityGroupIds, [dbGroup]);
    });

    it("opens 8080 on the APP group only to the load balancer's group", () => {
        const appGroup = prod.outputs.AppSecurityGroupId;
        const ingress = ofType(prod, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === appGroup);
        assert.deepStrictEqual(ingress.map((r) => [r.inputs.fromPort, r.inputs.referencedSecurityGroupId, r.inputs.cidrIpv4]),
            [[8080, prod.outputs.LoadBalancerSecurityGroupId, undefined]]);
        for (const app of ofType(prod, "aws:ec2/instance:Instance").filter((r) => r.name.startsWith("sigma-app-"))) {
            assert.deepStrictEqual(app.inputs.vpcSecurityGroupIds, [appGroup]);
        }
    });

    it("serves HTTPS with the configured certificate and only redirects HTTP", () => {
        const https = one(prod, "aws:lb/listener:Listener", "sigma-https");
        assert.deepStrictEqual([https.inputs.port, https.inputs.protocol, https.inputs.certificateArn], [443, "HTTPS", CERT]);
        assert.match(https.inputs.sslPolicy as string, /^ELBSecurityPolicy-TLS13-/);
        const http = one(prod, "aws:lb/listener:Listener", "sigma-http");
        assert.deepStrictEqual((http.inputs.defaultActions as any[]).map((a) => [a.type, a.redirect?.protocol]), [["redirect", "HTTPS"]]);
        const rules = ofType(prod, "aws:lb/listenerRule:ListenerRule");
        assert.ok(rules.length > 0 && rules.every((r) => (r.inputs.listenerArn as string).endsWith("/sigma-https")), "every routing rule is on the HTTPS listener");
        const alb = one(prod, "aws:lb/loadBalancer:LoadBalancer", "sigma-alb");
        assert.deepStrictEqual([alb.inputs.internal, alb.inputs.dropInvalidHeaderFields, alb.inputs.enableDeletionProtection], [false, true, true]);
    });

    it("gives every alarm an action", () => {
        const alarms = ofType(prod, "aws:cloudwatch/metricAlarm:MetricAlarm");
        // 3 instances x (auto-recovery + CPU + 2 status checks + memory + 2 disks + MySQL not running) + 3 load balancer alarms
        // + the restore function's errors + the missed-backup alarm + the restore test's validator errors, failed test and two RTO alarms
        assert.strictEqual(alarms.length, 3 * 8 + 3 + 2 + 4);
        for (const alarm of alarms) {
            assert.ok(Array.isArray(alarm.inputs.alarmActions) && (alarm.inputs.alarmActions as string[]).length > 0, `${alarm.name} has an action`);
        }
        const topicAlarms = alarms.filter((a) => (a.inputs.alarmActions as string[]).includes(prod.outputs.AlarmTopicArn as string));
        assert.strictEqual(topicAlarms.length, alarms.length - 3, "every alarm but the EC2 auto-recovery actions notifies the topic");
    });

    it("blocks public access to the access-log bucket", () => {
        const bucket = prod.outputs.AccessLogBucket;
        const block = ofType(prod, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").filter((b) => b.inputs.bucket === bucket);
        assert.strictEqual(block.length, 1);
        assert.deepStrictEqual([block[0].inputs.blockPublicAcls, block[0].inputs.blockPublicPolicy, block[0].inputs.ignorePublicAcls, block[0].inputs.restrictPublicBuckets],
            [true, true, true, true]);
    });

    it("exports https URLs through the load balancer, its DNS name, the instances and the alarm topic", () => {
        const dns = prod.outputs.LoadBalancerDnsName as string;
        assert.match(dns, /\.ap-southeast-1\.elb\.amazonaws\.com$/);
        assert.strictEqual(prod.outputs.SigmaAppURL, `https://${dns}/sigma`);
        assert.strictEqual(prod.outputs.StudioAppURL, `https://${dns}/expertctstudio`);
        assert.strictEqual((prod.outputs.AppInstanceIds as string[]).length, 2);
        assert.match(prod.outputs.DbInstanceId as string, /^i-[0-9a-f]{17}$/);
        assert.match(prod.outputs.AlarmTopicArn as string, /^arn:aws:sns:ap-southeast-1:123456789012:/);
    });

    it("creates a 2-AZ VPC with a NAT gateway per AZ and the Session Manager endpoints", () => {
        const vpc = one(prod, "awsx:ec2:Vpc", "sigma-vpc");
        assert.deepStrictEqual([vpc.inputs.numberOfAvailabilityZones, vpc.inputs.natGateways], [2, { strategy: "OnePerAz" }]);
        assert.strictEqual(ofType(prod, "aws:ec2/vpcEndpoint:VpcEndpoint").length, 3);
    });

    it("puts every AWS resource under a Sigma component on the stack's provider", () => {
        const provider = ofType(prod, "pulumi:providers:aws")[0];
        const components = new Set(prod.resources.filter((r) => r.type.startsWith("sigma:")).map((r) => r.urn));
        for (const r of prod.resources.filter((x) => x.type.startsWith("aws:") || x.type.startsWith("awsx:"))) {
            assert.ok(r.parent && components.has(r.parent), `${r.name} has a component parent`);
            if (r.type.startsWith("aws:")) {
                assert.strictEqual(r.provider, provider.urn, `${r.name} uses the stack provider`);
            }
        }
        assert.deepStrictEqual((provider.inputs.defaultTags as any).tags.environment, "prod");
        // A remote component gets its providers per package; the awsx VPC's AWS resources use the stack's.
        const vpc = [...mocks.resources.values()].find((r) => r.type === "awsx:ec2:Vpc")!;
        assert.strictEqual(vpc.providers?.aws, provider.urn);
    });

    it("can face the internet on 443/80 of the load balancer only, and still passes the prod policies", async () => {
        const open = await synthesize({ stack: "prod", configOverrides: { "sigma:appCidrs": ["0.0.0.0/0"] } });
        const worldRules = ofType(open, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
            .filter((r) => r.inputs.cidrIpv4 === "0.0.0.0/0");
        assert.deepStrictEqual(worldRules.map((r) => r.inputs.fromPort).sort(), [443, 80]);
        assert.ok(worldRules.every((r) => r.parent?.endsWith("SigmaLoadBalancer::sigma")), "only the load balancer's group is world-open");
        const report = await evaluatePolicies(open, { config: loadPolicyConfig("policy/config/prod.json") });
        assert.deepStrictEqual(report.violations, []);
    });

    it("deploys into an existing VPC's subnets when configured", async () => {
        const existing = await synthesize({
            stack: "prod",
            configOverrides: {
                "sigma:vpcId": "vpc-0123456789abcdef0",
                "sigma:publicSubnetIds": ["subnet-0000000000000000a", "subnet-0000000000000000b"],
                "sigma:privateSubnetIds": ["subnet-0000000000000000c", "subnet-0000000000000000d"],
                "sigma:vpcCidrBlock": undefined, "sigma:availabilityZoneCount": undefined, "sigma:natGatewayStrategy": undefined, "sigma:appCount": 3,
            },
        });
        assert.strictEqual(ofType(existing, "awsx:ec2:Vpc").length, 0);
        const apps = ofType(existing, "aws:ec2/instance:Instance").filter((r) => r.name.startsWith("sigma-app-"));
        assert.deepStrictEqual(apps.map((a) => a.inputs.subnetId), ["subnet-0000000000000000c", "subnet-0000000000000000d", "subnet-0000000000000000c"]);
        assert.deepStrictEqual(one(existing, "aws:lb/loadBalancer:LoadBalancer", "sigma-alb").inputs.subnets, ["subnet-0000000000000000a", "subnet-0000000000000000b"]);
        assert.strictEqual(ofType(existing, "aws:lb/targetGroupAttachment:TargetGroupAttachment").length, 3);
    });

    it("fails before registering anything when the certificate is missing", async () => {
        await assert.rejects(synthesize({ stack: "prod", configOverrides: { "sigma:certificateArn": "", "sigma:appCount": 0 } }),
            (err: Error) => /sigma:certificateArn is not set/.test(err.message) && /sigma:appCount "0"/.test(err.message));
    });
});
