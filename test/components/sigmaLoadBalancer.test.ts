import * as assert from "assert";
import { accessLogBucketPolicy, SigmaLoadBalancer, SigmaLoadBalancerArgs, validateLoadBalancerArgs } from "../../components";
import { accessLogLifecycleRules, elbLogDeliveryAccountArn, ELB_LOG_DELIVERY_ACCOUNTS } from "../../components/network/sigmaLoadBalancer";
import { evaluatePolicies, IamPolicyDocument, IamRequest } from "../../model/iamPolicyEvaluation";
import { registered, registeredOne, resolve, useMocks } from "../helpers";

const CERT = "arn:aws:acm:ap-southeast-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef";
const valid: SigmaLoadBalancerArgs = {
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
    vpcCidrBlock: "10.40.0.0/16",
    certificateArn: CERT,
    appCidrs: ["203.0.113.0/24"],
    targetInstanceIds: ["i-0123456789abcdef0", "i-0123456789abcdef1"],
};

describe("SigmaLoadBalancer", () => {
    it("serves HTTPS with the given certificate and a modern TLS policy, and HTTP only redirects to it", async () => {
        const mocks = await useMocks();
        const lb = new SigmaLoadBalancer("web", valid);
        await resolve(lb.dnsName);
        const https = await registeredOne(mocks, "aws:lb/listener:Listener", "web-https");
        assert.deepStrictEqual([https.inputs.protocol, https.inputs.port, https.inputs.certificateArn, https.inputs.sslPolicy],
            ["HTTPS", 443, CERT, "ELBSecurityPolicy-TLS13-1-2-2021-06"]);
        const http = await registeredOne(mocks, "aws:lb/listener:Listener", "web-http");
        assert.deepStrictEqual([http.inputs.protocol, http.inputs.port], ["HTTP", 80]);
        assert.deepStrictEqual(http.inputs.defaultActions.map((a: any) => a.type), ["redirect"]);
        assert.deepStrictEqual(http.inputs.defaultActions[0].redirect, { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" });
        const rules = await registered(mocks, "aws:lb/listenerRule:ListenerRule");
        assert.ok(rules.every((r) => r.inputs.listenerArn === https.state.arn), "every routing rule hangs off the HTTPS listener");
    });

    it("drops invalid headers, is protected from deletion and logs to its bucket", async () => {
        const mocks = await useMocks();
        const lb = new SigmaLoadBalancer("web", valid);
        await resolve(lb.dnsName);
        const alb = await registeredOne(mocks, "aws:lb/loadBalancer:LoadBalancer", "web-alb");
        assert.deepStrictEqual([alb.inputs.internal, alb.inputs.loadBalancerType, alb.inputs.dropInvalidHeaderFields, alb.inputs.enableDeletionProtection],
            [false, "application", true, true]);
        assert.deepStrictEqual(alb.inputs.subnets, valid.subnetIds);
        const bucket = await registeredOne(mocks, "aws:s3/bucket:Bucket", "web-alb-logs");
        assert.deepStrictEqual(alb.inputs.accessLogs, { bucket: bucket.state.bucket, prefix: "alb", enabled: true });
    });

    it("keeps the access-log bucket private, encrypted and expiring", async () => {
        const mocks = await useMocks();
        const lb = new SigmaLoadBalancer("web", { ...valid, accessLogExpirationDays: 30 });
        await resolve(lb.accessLogBucketName);
        const block = await registeredOne(mocks, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "web-alb-logs");
        assert.deepStrictEqual([block.inputs.blockPublicAcls, block.inputs.blockPublicPolicy, block.inputs.ignorePublicAcls, block.inputs.restrictPublicBuckets],
            [true, true, true, true]);
        const sse = await registeredOne(mocks, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "web-alb-logs");
        assert.strictEqual(sse.inputs.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm, "AES256");
        const ownership = await registeredOne(mocks, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "web-alb-logs");
        assert.strictEqual(ownership.inputs.rule.objectOwnership, "BucketOwnerEnforced");
        const lifecycle = await registeredOne(mocks, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "web-alb-logs");
        assert.deepStrictEqual([lifecycle.inputs.rules[0].status, lifecycle.inputs.rules[0].expiration.days], ["Enabled", 30]);
        assert.deepStrictEqual(lifecycle.inputs.rules[0].noncurrentVersionExpiration, { noncurrentDays: 30 }, "an erased log stays a version as long");
        const policy = JSON.parse((await registeredOne(mocks, "aws:s3/bucketPolicy:BucketPolicy", "web-alb-logs")).inputs.policy);
        const writers = policy.Statement.filter((s: any) => s.Effect === "Allow");
        // ap-southeast-1's ELB log-delivery account, and only this account's prefix.
        assert.deepStrictEqual(writers.map((s: any) => s.Principal), [{ AWS: "arn:aws:iam::114774131450:root" }, { Service: "logdelivery.elasticloadbalancing.amazonaws.com" }]);
        for (const s of writers) {
            assert.deepStrictEqual(s.Action, ["s3:PutObject"]);
            assert.match(s.Resource[0], /^arn:aws:s3:::web-alb-logs-[0-9a-f]+\/alb\/AWSLogs\/123456789012\/\*$/);
        }
    });

    it("versions the log bucket and protects it (and its versioning) from deletion by default; protectData false for throw-away stacks", async () => {
        let mocks = await useMocks();
        await resolve(new SigmaLoadBalancer("web", valid).accessLogBucketName);
        const bucket = await registeredOne(mocks, "aws:s3/bucket:Bucket", "web-alb-logs");
        const versioning = await registeredOne(mocks, "aws:s3/bucketVersioning:BucketVersioning", "web-alb-logs");
        assert.deepStrictEqual([versioning.inputs.bucket, versioning.inputs.versioningConfiguration.status], [bucket.id, "Enabled"]);
        assert.ok(bucket.id, "the bucket has an id");
        for (const kept of [bucket, versioning]) {
            assert.deepStrictEqual([kept.protect, kept.retainOnDelete], [true, true], kept.type);
        }
        mocks = await useMocks();
        await resolve(new SigmaLoadBalancer("web", { ...valid, protectData: false }).accessLogBucketName);
        const plain = await registeredOne(mocks, "aws:s3/bucket:Bucket", "web-alb-logs");
        assert.deepStrictEqual([plain.protect, plain.retainOnDelete], [false, false]);
    });

    describe("the log bucket policy, evaluated (model/iamPolicyEvaluation.ts)", () => {
        const bucketArn = "arn:aws:s3:::web-alb-logs-0123";
        const logKey = `${bucketArn}/alb/AWSLogs/111122223333/elasticloadbalancing/ap-southeast-1/2026/11/22/log.gz`;
        const elb = "arn:aws:iam::114774131450:root";
        const policy = JSON.parse(JSON.stringify(accessLogBucketPolicy(bucketArn, "alb", "111122223333", elb))) as IamPolicyDocument;
        const decide = (request: Omit<IamRequest, "context"> & { context?: IamRequest["context"] }, tls = true) =>
            evaluatePolicies([policy], { ...request, context: { "aws:SecureTransport": String(tls), ...request.context } });
        const admin = { AWS: "arn:aws:iam::111122223333:role/admin" };

        it("lets ELB log delivery write logs under this account's prefix, by the regional account and by the service principal", () => {
            assert.strictEqual(decide({ action: "s3:PutObject", resource: logKey, principal: { AWS: elb } }), "allow");
            assert.strictEqual(decide({ action: "s3:PutObject", resource: logKey, principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, context: { "aws:SourceAccount": "111122223333" } }), "allow");
            // Another account's load balancer through the service principal, another prefix, another action: not allowed.
            assert.strictEqual(decide({ action: "s3:PutObject", resource: logKey, principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, context: { "aws:SourceAccount": "444455556666" } }), "implicit-deny");
            assert.strictEqual(decide({ action: "s3:PutObject", resource: `${bucketArn}/alb/AWSLogs/444455556666/x.gz`, principal: { AWS: elb } }), "implicit-deny");
            assert.strictEqual(decide({ action: "s3:GetObject", resource: logKey, principal: { AWS: elb } }), "implicit-deny");
        });

        it("denies every request without TLS, log delivery's included", () => {
            for (const [action, resource, principal] of [["s3:GetObject", logKey, admin], ["s3:ListBucket", bucketArn, admin], ["s3:PutObject", logKey, { AWS: elb }]] as const) {
                assert.strictEqual(decide({ action, resource, principal }, false), "explicit-deny", `${action} over plain HTTP`);
            }
            assert.strictEqual(decide({ action: "s3:GetObject", resource: logKey, principal: admin }), "implicit-deny", "over TLS the policy only leaves it to IAM");
        });

        it("denies erasing a log version to everyone; deleting a log only hides it behind a delete marker", () => {
            assert.strictEqual(decide({ action: "s3:DeleteObjectVersion", resource: logKey, principal: admin }), "explicit-deny");
            assert.strictEqual(decide({ action: "s3:DeleteObjectVersion", resource: logKey, principal: { AWS: "arn:aws:iam::111122223333:root" } }), "explicit-deny");
            assert.strictEqual(decide({ action: "s3:DeleteObject", resource: logKey, principal: admin }), "implicit-deny");
        });

        it("grants the regional account only where AWS has one; newer Regions get the service principal alone", () => {
            assert.strictEqual(elbLogDeliveryAccountArn("aws", "ap-southeast-1"), elb);
            assert.strictEqual(elbLogDeliveryAccountArn("aws-us-gov", "us-gov-west-1"), "arn:aws-us-gov:iam::048591011584:root");
            assert.strictEqual(elbLogDeliveryAccountArn("aws", "ap-southeast-4"), undefined);
            assert.strictEqual(elbLogDeliveryAccountArn("aws", "toString"), undefined, "own keys only");
            assert.strictEqual(Object.keys(ELB_LOG_DELIVERY_ACCOUNTS).length, 26);
            const newer = JSON.parse(JSON.stringify(accessLogBucketPolicy(bucketArn, "alb", "111122223333", undefined))) as IamPolicyDocument;
            const principals = (newer.Statement as Array<{ Effect: string; Principal: unknown }>).filter((st) => st.Effect === "Allow").map((st) => st.Principal);
            assert.deepStrictEqual(principals, [{ Service: "logdelivery.elasticloadbalancing.amazonaws.com" }]);
        });

        it("keeps logs and their noncurrent versions for the retention, and cleans up failed uploads", () => {
            assert.deepStrictEqual(accessLogLifecycleRules(90), [{
                id: "expire-access-logs", status: "Enabled", filter: { prefix: "alb/" }, expiration: { days: 90 },
                noncurrentVersionExpiration: { noncurrentDays: 90 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            }]);
        });
    });

    it("health-checks /sigma on 8080 and routes /sigma and /expertctstudio to the targets", async () => {
        const mocks = await useMocks();
        const lb = new SigmaLoadBalancer("web", valid);
        await resolve(lb.targetGroupArnSuffix);
        const tg = await registeredOne(mocks, "aws:lb/targetGroup:TargetGroup", "web-app");
        assert.deepStrictEqual([tg.inputs.port, tg.inputs.protocol, tg.inputs.healthCheck.path, tg.inputs.healthCheck.port], [8080, "HTTP", "/sigma", "traffic-port"]);
        const attachments = await registered(mocks, "aws:lb/targetGroupAttachment:TargetGroupAttachment");
        assert.deepStrictEqual(attachments.map((a) => a.inputs.targetId), valid.targetInstanceIds);
        const rules = await registered(mocks, "aws:lb/listenerRule:ListenerRule");
        const forwarded = rules.filter((r) => r.inputs.actions[0].type === "forward")
            .map((r) => [r.inputs.priority, r.inputs.conditions[0].pathPattern.values, r.inputs.actions[0].targetGroupArn]);
        assert.deepStrictEqual(forwarded, [
            [10, ["/sigma", "/sigma/*"], tg.state.arn],
            [20, ["/expertctstudio", "/expertctstudio/*"], tg.state.arn],
        ]);
    });

    it("opens only 443 and 80 from the given client networks, and reaches targets only on 8080 inside the VPC", async () => {
        const mocks = await useMocks();
        const lb = new SigmaLoadBalancer("web", { ...valid, appCidrs: ["203.0.113.0/24", "198.51.100.0/24"] });
        const groupId = await resolve(lb.securityGroupId);
        const ingress = (await registered(mocks, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")).filter((r) => r.inputs.securityGroupId === groupId);
        assert.deepStrictEqual(ingress.map((r) => `${r.inputs.fromPort}-${r.inputs.toPort} ${r.inputs.cidrIpv4}`).sort(),
            ["443-443 198.51.100.0/24", "443-443 203.0.113.0/24", "80-80 198.51.100.0/24", "80-80 203.0.113.0/24"]);
        assert.ok(ingress.every((r) => r.inputs.description), "every rule is described");
        const egress = (await registered(mocks, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")).filter((r) => r.inputs.securityGroupId === groupId);
        assert.deepStrictEqual(egress.map((r) => [r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4]), [[8080, 8080, "10.40.0.0/16"]]);
    });

    it("adds a Route 53 alias only when a hosted zone and domain are given, and the URL follows it", async () => {
        let mocks = await useMocks();
        let lb = new SigmaLoadBalancer("web", valid);
        assert.match(await resolve(lb.baseUrl), /^https:\/\/web-alb-[0-9a-f]+-\d+\.ap-southeast-1\.elb\.amazonaws\.com$/);
        assert.strictEqual((await registered(mocks, "aws:route53/record:Record")).length, 0);
        mocks = await useMocks();
        lb = new SigmaLoadBalancer("web", { ...valid, hostedZoneId: "Z0123456789ABCDEFGHIJ", domainName: "sigma.example.com" });
        assert.strictEqual(await resolve(lb.baseUrl), "https://sigma.example.com");
        const alias = await registeredOne(mocks, "aws:route53/record:Record", "web-alias");
        assert.deepStrictEqual([alias.inputs.zoneId, alias.inputs.name, alias.inputs.type], ["Z0123456789ABCDEFGHIJ", "sigma.example.com", "A"]);
        assert.deepStrictEqual(alias.inputs.aliases[0].zoneId, "Z1LMS91P8CMLE5");
    });

    const rows: Array<[string, Partial<SigmaLoadBalancerArgs>, RegExp]> = [
        ["a missing certificate", { certificateArn: undefined as unknown as string }, /certificateArn undefined is not an ACM certificate ARN/],
        ["a certificate that is not ACM", { certificateArn: "arn:aws:iam::123456789012:server-certificate/x" }, /certificateArn "arn:aws:iam::123456789012:server-certificate\/x" is not an ACM certificate ARN/],
        ["one subnet", { subnetIds: ["subnet-0123456789abcdef0"] }, /subnetIds \["subnet-0123456789abcdef0"\] must list at least 2 public subnets/],
        ["no client networks", { appCidrs: [] }, /appCidrs \[\] must list at least one client network/],
        ["a malformed client network", { appCidrs: ["10.0.0.1/8"] }, /appCidrs\[\d+\] "10\.0\.0\.1\/8" has host bits set; use 10\.0\.0\.0\/8/],
        ["no targets", { targetInstanceIds: [] }, /targetInstanceIds \[\] must list at least one instance/],
        ["an old TLS policy", { sslPolicy: "ELBSecurityPolicy-2016-08" }, /sslPolicy "ELBSecurityPolicy-2016-08" is not a modern TLS policy; use one of ELBSecurityPolicy-TLS13-1-2-2021-06/],
        ["a zone without a domain", { hostedZoneId: "Z0123456789ABCDEFGHIJ" }, /hostedZoneId "Z0123456789ABCDEFGHIJ" and domainName undefined go together/],
        ["a root application path", { applicationPaths: ["/"] }, /applicationPaths \["\/"\] must list 1-20 path prefixes/],
    ];
    for (const [label, change, message] of rows) {
        it(`refuses ${label} before creating anything`, async () => {
            const mocks = await useMocks();
            assert.throws(() => new SigmaLoadBalancer("web", { ...valid, ...change }), message);
            assert.strictEqual((await registered(mocks)).length, 0);
        });
    }

    it("lists every problem at once", () => {
        assert.throws(() => validateLoadBalancerArgs("web", { ...valid, appCidrs: [], sslPolicy: "old", targetInstanceIds: [] }),
            (err: Error) => err.message.split("\n  - ").length === 4);
    });

    it("builds a log bucket policy that only lets ELB log delivery write under the account's prefix and refuses plain HTTP", () => {
        const policy = JSON.parse(JSON.stringify(accessLogBucketPolicy("arn:aws:s3:::logs", "alb", "111122223333", "arn:aws:iam::114774131450:root")));
        const deny = policy.Statement.find((s: any) => s.Effect === "Deny")!;
        assert.deepStrictEqual(deny.Condition, { Bool: { "aws:SecureTransport": "false" } });
        assert.deepStrictEqual(policy.Statement.filter((s: any) => s.Effect === "Allow").map((s: any) => s.Resource), [
            ["arn:aws:s3:::logs/alb/AWSLogs/111122223333/*"], ["arn:aws:s3:::logs/alb/AWSLogs/111122223333/*"],
        ]);
    });
});
