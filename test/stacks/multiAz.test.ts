import * as assert from "assert";
import { SigmaMocks, stripSecrets } from "../../offline/synth/mockRuntime";
import { runProgram, synthesize, SynthResult } from "../../offline/synth/synthesize";
import { evaluatePolicies, loadPolicyConfig } from "../../offline/check/policyCheck";
import { FAILOVER_DEFAULTS } from "../../components";
import { APP_DB_INSTANCE_NAME, FORMER_APP_DB_INSTANCE_NAME } from "../../stacks/multiAz";
import * as former from "./fixtures/prod-urns-sigma-app-1.json";

const CERT = "arn:aws:acm:ap-southeast-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef";

/** The resources of `type`, their inputs as the engine received them (any: each test reads the shape it asserts). */
const ofType = (result: SynthResult, type: string) => result.resources.filter((r) => r.type === type).map((r) => r as typeof r & { inputs: Record<string, any> });
const one = (result: SynthResult, type: string, name: string) => {
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

    it("runs exactly one APP&DB instance, in the first private subnet, and it is the load balancer's only target", () => {
        const instances = ofType(prod, "aws:ec2/instance:Instance");
        assert.deepStrictEqual(instances.map((i) => i.name), ["sigma-appdb-instance"]);
        assert.strictEqual(instances[0].inputs.subnetId, (prod.outputs.PrivateSubnetIds as string[])[0]);
        const targets = ofType(prod, "aws:lb/targetGroupAttachment:TargetGroupAttachment");
        assert.deepStrictEqual(targets.map((t) => t.inputs.targetId), [prod.outputs.ActiveInstanceId]);
        assert.strictEqual(prod.outputs.ActiveInstanceId, prod.outputs.DbInstanceId, "before any failover the active instance is the one the stack launched");
        assert.deepStrictEqual(prod.outputs.AppInstanceIds, [prod.outputs.DbInstanceId]);
        assert.strictEqual(ofType(prod, "aws:route53/zone:Zone").length, 0, "no private zone without a separate DB");
    });

    it("keeps the former sigma-app-1 (whose data volume holds its database) in place: every URN it had is the new one's alias", () => {
        const aliases = new Map<string, string>();
        const current = new Set<string>();
        for (const r of mocks.resources.values()) {
            current.add(r.urn);
            for (const alias of r.options.aliases ?? []) {
                aliases.set(alias, r.urn);
            }
        }
        const component = [...mocks.resources.values()].find((r) => r.name === APP_DB_INSTANCE_NAME)!;
        assert.deepStrictEqual(component.options.aliases, [component.urn.replace(/::sigma-appdb$/, `::${FORMER_APP_DB_INSTANCE_NAME}`)]);
        for (const old of former.urns) {
            // The engine gives each child its parent's aliases, renaming a child whose name starts with the parent's
            // (pulumi/pulumi sdk/nodejs/resource.ts inheritedChildAlias; the engine applies the same rule to alias specs).
            const [, , , name] = old.split("::");
            const renamed = name === FORMER_APP_DB_INSTANCE_NAME ? old.replace(/::sigma-app-1$/, `::${APP_DB_INSTANCE_NAME}`)
                : old.replace(/::sigma-app-1(-[^:]*)$/, `::${APP_DB_INSTANCE_NAME}$1`);
            assert.ok(aliases.get(old) === renamed || (name !== FORMER_APP_DB_INSTANCE_NAME && current.has(renamed)), `${old} is carried by ${renamed}`);
        }
        assert.strictEqual(former.urns.length, 9, "the component, role, profile, two role policies, data volume, instance, attachment and recovery alarm");
    });

    it("protects and keeps the APP&DB instance's data volume: it holds the one database", () => {
        const volume = [...mocks.resources.values()].find((r) => r.type === "aws:ebs/volume:Volume" && r.name === "sigma-appdb-data")!;
        assert.deepStrictEqual([volume.protect, volume.retainOnDelete], [true, true]);
    });

    it("fails the one instance over: a state machine restoring into the other AZ, started by its own alarm, outputs to start it and to find the active instance", () => {
        const machine = one(prod, "aws:sfn/stateMachine:StateMachine", "sigma-failover");
        const definition = JSON.parse(machine.inputs.definition as string);
        assert.ok(JSON.stringify(definition).includes(prod.outputs.RestoreFunctionName as string), "the stack's restore function does the restore");
        // The synth document redacts the parameter's value (the provider marks it secret); the recorded inputs keep it.
        const parameter = [...mocks.resources.values()].find((r) => r.type === "aws:ssm/parameter:Parameter" && r.name === "sigma-active-instance")!;
        assert.deepStrictEqual([parameter.inputs.name, stripSecrets(parameter.inputs).value], ["/sigma/sigma/prod/active-instance", prod.outputs.DbInstanceId]);
        assert.strictEqual(prod.outputs.ActiveInstanceParameterName, "/sigma/sigma/prod/active-instance");
        const machineArn = [...mocks.resources.values()].find((r) => r.urn === machine.urn)!.state.arn as string;
        assert.match(machineArn, /^arn:aws:states:ap-southeast-1:123456789012:stateMachine:/);
        assert.strictEqual(prod.outputs.FailoverStateMachineArn, machineArn);
        assert.ok((prod.outputs.FailoverStartCommand as string).startsWith(`aws stepfunctions start-execution --region ap-southeast-1 --state-machine-arn ${machineArn} `));
        const trigger = one(prod, "aws:cloudwatch/metricAlarm:MetricAlarm", "sigma-no-healthy-target");
        const targetGroup = [...mocks.resources.values()].find((r) => r.type === "aws:lb/targetGroup:TargetGroup")!;
        assert.strictEqual(trigger.inputs.dimensions.TargetGroup, targetGroup.state.arnSuffix, "it watches the target group the instance serves from");
        assert.strictEqual(trigger.inputs.evaluationPeriods, FAILOVER_DEFAULTS.impairedMinutes);
        const privateSubnets = prod.outputs.PrivateSubnetIds as string[];
        for (const subnet of privateSubnets) {
            assert.ok(machine.inputs.definition.includes(subnet), `the restore may land in private subnet ${subnet}`);
        }
    });

    it("gives no instance a public IP and protects every instance from termination", () => {
        const instances = ofType(prod, "aws:ec2/instance:Instance");
        assert.strictEqual(instances.length, 1);
        for (const instance of instances) {
            assert.strictEqual(instance.inputs.associatePublicIpAddress, false, instance.name);
            assert.strictEqual(instance.inputs.disableApiTermination, true, instance.name);
            assert.strictEqual((instance.inputs.metadataOptions as any).httpTokens, "required", instance.name);
        }
    });

    it("lets nothing but the APP group reach the DB group, and keeps MySQL of the APP&DB instance closed", () => {
        const dbGroup = prod.outputs.DbSecurityGroupId;
        const ingress = ofType(prod, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === dbGroup);
        assert.strictEqual(ingress.length, 1);
        assert.deepStrictEqual([ingress[0].inputs.referencedSecurityGroupId, ingress[0].inputs.fromPort, ingress[0].inputs.cidrIpv4, ingress[0].inputs.cidrIpv6],
            [prod.outputs.AppSecurityGroupId, 3306, undefined, undefined]);
        const appDb = one(prod, "aws:ec2/instance:Instance", "sigma-appdb-instance");
        assert.deepStrictEqual(appDb.inputs.vpcSecurityGroupIds, [prod.outputs.AppSecurityGroupId]);
    });

    it("opens 8080 on the APP group only to the load balancer's group", () => {
        const appGroup = prod.outputs.AppSecurityGroupId;
        const ingress = ofType(prod, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === appGroup);
        assert.deepStrictEqual(ingress.map((r) => [r.inputs.fromPort, r.inputs.referencedSecurityGroupId, r.inputs.cidrIpv4]),
            [[8080, prod.outputs.LoadBalancerSecurityGroupId, undefined]]);
        for (const app of ofType(prod, "aws:ec2/instance:Instance")) {
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
        // The one instance's auto-recovery + CPU + 2 status checks + memory + 2 disks + MySQL not running, each on the active instance.
        const instanceAlarms = alarms.filter((a) => a.inputs.dimensions?.InstanceId !== undefined);
        assert.strictEqual(instanceAlarms.length, 8);
        assert.ok(instanceAlarms.every((a) => a.inputs.dimensions.InstanceId === prod.outputs.ActiveInstanceId), "the instance alarms watch the active instance");
        for (const alarm of alarms) {
            assert.ok(Array.isArray(alarm.inputs.alarmActions) && (alarm.inputs.alarmActions as string[]).length > 0, `${alarm.name} has an action`);
        }
        const topicAlarms = alarms.filter((a) => (a.inputs.alarmActions as string[]).includes(prod.outputs.AlarmTopicArn as string));
        assert.strictEqual(topicAlarms.length, alarms.length - 1, "every alarm but the EC2 auto-recovery action notifies the topic");
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
        assert.strictEqual((prod.outputs.AppInstanceIds as string[]).length, 1);
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
                "sigma:appDbConnection": 'sigma-connect --db-host "$SIGMA_DB_HOST"',
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
