import * as assert from "assert";
import {
    BackupEc2RestoreModel, IDEMPOTENCY_TOKEN_LIFETIME_MS, NEW_INSTANCE_PROFILE_MESSAGE, NOT_AUTHORIZED_MESSAGE, RESTORE_RULES, RuleId,
    StartRestoreJobAnswer, StartRestoreJobRequest,
} from "../../model/ec2Restore";
import { IamPolicyDocument } from "../../model/iamPolicyEvaluation";
import {
    ACCOUNT, callerPolicy, DR_POINT_ARN, drWorld, fixture, INSTANCE_ARN, metadataWith, NET, launchAnywherePolicy, passInstanceRolesPolicy, PRIMARY_POINT_ARN,
    PRIMARY_REGION, PRIMARY_VAULT, primaryWorld, PROFILE, RESTORE_ROLE_ARN, SIGMA_METADATA,
} from "../fixtures/restoreMetadata/sigmaWorld";

const request = (metadata: Record<string, string>, more: Partial<StartRestoreJobRequest> = {}): StartRestoreJobRequest =>
    ({ RecoveryPointArn: PRIMARY_POINT_ARN, IamRoleArn: RESTORE_ROLE_ARN, ResourceType: "EC2", Metadata: metadata, ...more });

/** The backed-up metadata as a correct request sends it: no NetworkInterfaces, everything else as backed up. */
const LAUNCHABLE = metadataWith({ NetworkInterfaces: undefined });

describe("model: AWS Backup EC2 restore", () => {
    const exercised = new Set<RuleId>();
    const refused = (answer: StartRestoreJobAnswer, rule: RuleId, name: string) => {
        assert.strictEqual(answer.outcome, "refused", JSON.stringify(answer));
        assert.deepStrictEqual(answer.outcome === "refused" && [answer.error.rule, answer.error.name], [rule, name]);
        exercised.add(rule);
        return answer.outcome === "refused" ? answer.error.message : "";
    };
    const failed = (answer: StartRestoreJobAnswer, rule: RuleId) => {
        if (answer.outcome !== "accepted-then-failed") {
            assert.fail(`expected accepted-then-failed (${rule}), got ${JSON.stringify(answer)}`);
        }
        assert.strictEqual(answer.job.failedRule, rule);
        assert.strictEqual(answer.job.status, "FAILED");
        exercised.add(rule);
        return answer.job.statusMessage ?? "";
    };
    const accepted = (answer: StartRestoreJobAnswer) => {
        assert.strictEqual(answer.outcome, "accepted", JSON.stringify(answer));
        assert.ok(answer.outcome === "accepted" && answer.job.createdInstance);
        return answer.job.createdInstance!;
    };

    after(() => {
        assert.deepStrictEqual(Object.keys(RESTORE_RULES).filter((rule) => !exercised.has(rule as RuleId)), [], "every rule has a test");
    });

    it("cites AWS's documentation for every rule and marks the one AWS does not document", () => {
        for (const [rule, facts] of Object.entries(RESTORE_RULES)) {
            assert.match(facts.source, /^https:\/\/docs\.aws\.amazon\.com\//, rule);
        }
        assert.deepStrictEqual(Object.entries(RESTORE_RULES).filter(([, f]) => !f.documented).map(([rule]) => rule), ["vpc-mismatch"]);
    });

    it("launches the backed-up configuration without NetworkInterfaces: same subnet, zone, groups, profile and key", () => {
        const model = new BackupEc2RestoreModel(primaryWorld());
        const instance = accepted(model.startRestoreJob(request(LAUNCHABLE)));
        assert.deepStrictEqual(instance, {
            instanceId: "i-00000000000000001", instanceArn: `arn:aws:ec2:${PRIMARY_REGION}:${ACCOUNT}:instance/i-00000000000000001`,
            instanceType: "t3.xlarge", subnetId: NET.subnetA, vpcId: NET.vpc, availabilityZone: "ap-southeast-1a",
            securityGroupIds: [NET.appSg, NET.dbSg], keyName: "sigma-ops", iamInstanceProfileName: PROFILE, httpTokens: "optional",
        });
        assert.strictEqual(model.jobs.length, 1);
    });

    describe("refused at once", () => {
        it("missing-parameter: a request without Metadata or RecoveryPointArn", () => {
            const model = new BackupEc2RestoreModel(primaryWorld());
            assert.match(refused(model.startRestoreJob({ RecoveryPointArn: PRIMARY_POINT_ARN, IamRoleArn: RESTORE_ROLE_ARN }), "missing-parameter", "MissingParameterValueException"), /Metadata/);
            refused(model.startRestoreJob({ Metadata: LAUNCHABLE }), "missing-parameter", "MissingParameterValueException");
            assert.strictEqual(model.jobs.length, 0);
        });

        it("throttling: a throttled call starts nothing; the next one is answered", () => {
            const model = new BackupEc2RestoreModel(primaryWorld());
            model.throttleNext(1);
            refused(model.startRestoreJob(request(LAUNCHABLE)), "throttling", "ThrottlingException");
            assert.strictEqual(model.jobs.length, 0);
            accepted(model.startRestoreJob(request(LAUNCHABLE)));
            model.throttleNext(1);
            assert.strictEqual(model.listRecoveryPointsByBackupVault(PRIMARY_VAULT).ok, false);
        });

        it("caller-access: the caller may not start the job or may not pass the restore role to AWS Backup", () => {
            const noPassRole = new BackupEc2RestoreModel(primaryWorld({ callerPolicies: [callerPolicy(PRIMARY_REGION, `arn:aws:iam::${ACCOUNT}:role/another-role`)] }));
            assert.match(refused(noPassRole.startRestoreJob(request(LAUNCHABLE)), "caller-access", "AccessDeniedException"), /iam:PassRole on resource: .*sigma-restore-role/);
            const otherRegion = new BackupEc2RestoreModel(primaryWorld({ callerPolicies: [callerPolicy("ap-southeast-2")] }));
            assert.match(refused(otherRegion.startRestoreJob(request(LAUNCHABLE)), "caller-access", "AccessDeniedException"), /backup:StartRestoreJob/);
            assert.strictEqual(noPassRole.jobs.length + otherRegion.jobs.length, 0);
        });

        it("recovery-point-not-found: a point no vault of the Region holds, and an unknown vault", () => {
            const model = new BackupEc2RestoreModel(primaryWorld());
            const missing = "arn:aws:ec2:ap-southeast-1::image/ami-0deadbeefdeadbeef";
            refused(model.startRestoreJob(request(LAUNCHABLE, { RecoveryPointArn: missing })), "recovery-point-not-found", "ResourceNotFoundException");
            const unknownVault = model.listRecoveryPointsByBackupVault("NoSuchVault");
            assert.deepStrictEqual(!unknownVault.ok && unknownVault.error.name, "ResourceNotFoundException");
            const unknownPoint = model.describeRecoveryPoint(PRIMARY_VAULT, DR_POINT_ARN);
            assert.deepStrictEqual(!unknownPoint.ok && unknownPoint.error.name, "ResourceNotFoundException");
        });

        it("restore-job-not-found: DescribeRestoreJob of an id no job has", () => {
            const model = new BackupEc2RestoreModel(primaryWorld());
            const answer = model.describeRestoreJob("NOT-A-JOB");
            assert.ok(!answer.ok && answer.error.rule === "restore-job-not-found");
            exercised.add("restore-job-not-found");
        });
    });

    describe("idempotency-token", () => {
        it("the same token within the hour answers with the first job and starts nothing, whatever else changed", () => {
            let now = Date.parse("2026-11-22T01:00:00Z");
            const model = new BackupEc2RestoreModel(primaryWorld(), () => now);
            const first = model.startRestoreJob(request(SIGMA_METADATA, { IdempotencyToken: "token-1" }));
            failed(first, "interfaces-with-subnet");
            now += IDEMPOTENCY_TOKEN_LIFETIME_MS - 1;
            const corrected = model.startRestoreJob(request(LAUNCHABLE, { IdempotencyToken: "token-1" }));
            assert.ok(corrected.outcome === "accepted-then-failed" && first.outcome !== "refused");
            assert.deepStrictEqual([corrected.restoreJobId, corrected.newJob, model.jobs.length], [first.restoreJobId, false, 1]);
            exercised.add("idempotency-token");
        });

        it("a token older than an hour, or another token, starts a new job; no token starts one each time", () => {
            let now = 0;
            const model = new BackupEc2RestoreModel(primaryWorld(), () => now);
            accepted(model.startRestoreJob(request(LAUNCHABLE, { IdempotencyToken: "token-1" })));
            now = IDEMPOTENCY_TOKEN_LIFETIME_MS;
            const later = model.startRestoreJob(request(LAUNCHABLE, { IdempotencyToken: "token-1" }));
            assert.ok(later.outcome === "accepted" && later.newJob);
            accepted(model.startRestoreJob(request(LAUNCHABLE, { IdempotencyToken: "token-2" })));
            accepted(model.startRestoreJob(request(LAUNCHABLE)));
            accepted(model.startRestoreJob(request(LAUNCHABLE)));
            assert.strictEqual(model.jobs.length, 5);
            assert.strictEqual(new Set(model.jobs.map((j) => j.restoreJobId)).size, 5);
        });
    });

    describe("instance profile", () => {
        it("new-instance-profile: another profile than the backed-up one fails the job with AWS's message", () => {
            const model = new BackupEc2RestoreModel(primaryWorld());
            const message = failed(model.startRestoreJob(request(metadataWith({ IamInstanceProfileName: "sigma-restored-instance-profile" }, LAUNCHABLE))), "new-instance-profile");
            assert.strictEqual(message, NEW_INSTANCE_PROFILE_MESSAGE);
            assert.strictEqual(message, fixture("../../../model/awsSampleEvents/aws-sample-restore-job-failed.json").event.detail.statusMessage);
        });

        it("the backed-up profile, UseBackedUpValue and no profile are accepted", () => {
            const model = new BackupEc2RestoreModel(primaryWorld());
            assert.strictEqual(accepted(model.startRestoreJob(request(LAUNCHABLE))).iamInstanceProfileName, PROFILE);
            assert.strictEqual(accepted(model.startRestoreJob(request(metadataWith({ IamInstanceProfileName: "UseBackedUpValue" }, LAUNCHABLE)))).iamInstanceProfileName, PROFILE);
            assert.strictEqual(accepted(model.startRestoreJob(request(metadataWith({ IamInstanceProfileName: undefined }, LAUNCHABLE)))).iamInstanceProfileName, undefined);
        });

        it("pass-role: the restore role must pass the profile's role, to EC2", () => {
            for (const policies of [[], [passInstanceRolesPolicy("/other/")], [passInstanceRolesPolicy("/sigma/sigma/", "lambda.amazonaws.com")]]) {
                const model = new BackupEc2RestoreModel(primaryWorld({ restoreRolePolicies: [...policies, launchAnywherePolicy()] }));
                assert.strictEqual(failed(model.startRestoreJob(request(LAUNCHABLE)), "pass-role"), NOT_AUTHORIZED_MESSAGE);
                // Without a profile nothing is passed: the same role restores.
                accepted(model.startRestoreJob(request(metadataWith({ IamInstanceProfileName: undefined }, LAUNCHABLE))));
            }
        });

        it("instance-profile-not-found: a backed-up profile deleted since", () => {
            const world = primaryWorld();
            world.instanceProfiles = {};
            const model = new BackupEc2RestoreModel(world);
            assert.match(failed(model.startRestoreJob(request(LAUNCHABLE)), "instance-profile-not-found"), /Invalid IAM Instance Profile name/);
        });
    });

    describe("network", () => {
        it("interfaces-with-subnet: the backed-up metadata sent back unchanged (NetworkInterfaces next to SubnetId)", () => {
            const model = new BackupEc2RestoreModel(primaryWorld());
            assert.strictEqual(failed(model.startRestoreJob(request(SIGMA_METADATA)), "interfaces-with-subnet"),
                "Network interfaces and an instance-level subnet ID may not be specified on the same request");
            // So does AWS's real t2.micro answer, as is.
            const real = fixture("aws-cli-t2micro-us-west-2.json").answer.RestoreMetadata;
            failed(model.startRestoreJob(request(real)), "interfaces-with-subnet");
        });

        it("interfaces-with-groups: NetworkInterfaces next to SecurityGroupIds", () => {
            const model = new BackupEc2RestoreModel(primaryWorld());
            assert.strictEqual(failed(model.startRestoreJob(request(metadataWith({ SubnetId: undefined }))), "interfaces-with-groups"),
                "Network interfaces and an instance-level security groups may not be specified on the same request");
        });

        it("interface-in-use and ip-in-use: the original ENI and address while the original runs", () => {
            const model = new BackupEc2RestoreModel(primaryWorld());
            const interfacesOnly = metadataWith({ SubnetId: undefined, SecurityGroupIds: undefined });
            assert.match(failed(model.startRestoreJob(request(interfacesOnly)), "interface-in-use"), new RegExp(NET.eni));
            const withoutEniId = JSON.stringify(JSON.parse(SIGMA_METADATA.NetworkInterfaces).map(({ NetworkInterfaceId: _, ...rest }: Record<string, unknown>) => rest));
            assert.match(failed(model.startRestoreJob(request(metadataWith({ NetworkInterfaces: withoutEniId }, interfacesOnly))), "ip-in-use"), /10\.40\.1\.25/);
            const stopped = new BackupEc2RestoreModel(primaryWorld({ originalRunning: false }));
            assert.strictEqual(accepted(stopped.startRestoreJob(request(interfacesOnly))).subnetId, NET.subnetA);
        });

        it("no-default-vpc: no subnet anywhere and no default VPC; with one the instance lands there", () => {
            const bare = metadataWith({ NetworkInterfaces: undefined, SubnetId: undefined, SecurityGroupIds: undefined, Placement: undefined, VpcId: undefined });
            failed(new BackupEc2RestoreModel(primaryWorld()).startRestoreJob(request(bare)), "no-default-vpc");
            const world = primaryWorld();
            world.defaultSubnetId = NET.subnetB;
            assert.strictEqual(accepted(new BackupEc2RestoreModel(world).startRestoreJob(request(metadataWith({ VpcId: undefined }, bare)))).subnetId, NET.subnetB);
        });

        it("subnet-not-found: the copy's backed-up subnet in the DR Region", () => {
            const model = new BackupEc2RestoreModel(drWorld());
            assert.strictEqual(failed(model.startRestoreJob(request(LAUNCHABLE, { RecoveryPointArn: DR_POINT_ARN })), "subnet-not-found"),
                `The subnet ID '${NET.subnetA}' does not exist`);
        });

        it("group-not-found: a group that does not exist, and one of another VPC", () => {
            const model = new BackupEc2RestoreModel(primaryWorld());
            assert.match(failed(model.startRestoreJob(request(metadataWith({ SecurityGroupIds: JSON.stringify(["sg-0ffffffffffffffff"]) }, LAUNCHABLE))), "group-not-found"), /does not exist/);
            assert.match(failed(model.startRestoreJob(request(metadataWith({ SecurityGroupIds: JSON.stringify([NET.foreignSg]) }, LAUNCHABLE))), "group-not-found"), /belong to different networks/);
        });

        it("placement-zone: another subnet with the backed-up zone; without the zone the subnet decides", () => {
            const model = new BackupEc2RestoreModel(primaryWorld());
            assert.strictEqual(failed(model.startRestoreJob(request(metadataWith({ SubnetId: NET.subnetB }, LAUNCHABLE))), "placement-zone"),
                `Value (ap-southeast-1a) for parameter availabilityZone is invalid. Subnet '${NET.subnetB}' is in the availability zone ap-southeast-1b`);
            const instance = accepted(model.startRestoreJob(request(metadataWith({ SubnetId: NET.subnetB, Placement: "{\"Tenancy\":\"default\"}" }, LAUNCHABLE))));
            assert.strictEqual(instance.availabilityZone, "ap-southeast-1b");
        });

        it("vpc-mismatch (not documented by AWS): a VpcId other than the subnet's fails, conservatively", () => {
            const model = new BackupEc2RestoreModel(primaryWorld());
            assert.match(failed(model.startRestoreJob(request(metadataWith({ VpcId: "vpc-0aaaaaaaaaaaaaaaa" }, LAUNCHABLE))), "vpc-mismatch"), /AWS does not document/);
        });
    });

    describe("instance type", () => {
        it("cpu-options: t3.xlarge's two cores on an r5.large; both fields; a type without CPU options", () => {
            const model = new BackupEc2RestoreModel(primaryWorld());
            const r5 = metadataWith({ InstanceType: "r5.large", CreditSpecification: undefined }, LAUNCHABLE);
            assert.match(failed(model.startRestoreJob(request(r5)), "cpu-options"), /CoreCount 2 .* r5\.large; valid core counts: 1/);
            assert.strictEqual(accepted(model.startRestoreJob(request(metadataWith({ CpuOptions: "{\"CoreCount\":1,\"ThreadsPerCore\":2}" }, r5)))).instanceType, "r5.large");
            assert.strictEqual(accepted(model.startRestoreJob(request(metadataWith({ CpuOptions: undefined }, r5)))).instanceType, "r5.large");
            assert.match(failed(model.startRestoreJob(request(metadataWith({ CpuOptions: "{\"CoreCount\":2}" }, LAUNCHABLE))), "cpu-options"), /both CoreCount and ThreadsPerCore/);
            assert.match(failed(model.startRestoreJob(request(metadataWith({ InstanceType: "t2.micro" }, LAUNCHABLE))), "cpu-options"), /not supported for instance type t2\.micro/);
        });

        it("credit-specification: T3's unlimited credits on an r5.large; kept on another T3", () => {
            const model = new BackupEc2RestoreModel(primaryWorld());
            assert.strictEqual(failed(model.startRestoreJob(request(metadataWith({ InstanceType: "r5.large", CpuOptions: undefined }, LAUNCHABLE))), "credit-specification"),
                "The r5.large instance type does not support T2 Unlimited.");
            accepted(model.startRestoreJob(request(metadataWith({ InstanceType: "t3.2xlarge" }, LAUNCHABLE))));
        });
    });

    it("key-pair-not-found: the backed-up key pair in a Region that has none", () => {
        const model = new BackupEc2RestoreModel(drWorld());
        const dr = metadataWith({ SubnetId: NET.drSubnet, SecurityGroupIds: JSON.stringify([NET.drAppSg]), VpcId: undefined, Placement: undefined }, LAUNCHABLE);
        assert.strictEqual(failed(model.startRestoreJob(request(dr, { RecoveryPointArn: DR_POINT_ARN })), "key-pair-not-found"), "The key pair 'sigma-ops' does not exist");
        const instance = accepted(model.startRestoreJob(request(metadataWith({ KeyName: undefined }, dr), { RecoveryPointArn: DR_POINT_ARN })));
        assert.deepStrictEqual([instance.availabilityZone, instance.keyName, instance.iamInstanceProfileName], ["ap-southeast-2a", undefined, PROFILE]);
    });

    it("IMDSv2 is required by RequireIMDSv2 (any case) or MetadataOptions.HttpTokens", () => {
        const model = new BackupEc2RestoreModel(primaryWorld());
        for (const changes of [{ RequireIMDSv2: "true" }, { requireImdsV2: "TRUE" }, { MetadataOptions: "{\"HttpTokens\":\"required\"}" }]) {
            assert.strictEqual(accepted(model.startRestoreJob(request(metadataWith(changes, LAUNCHABLE)))).httpTokens, "required", JSON.stringify(changes));
        }
    });

    it("run-instances-access: EC2 authorizes the subnet, each group, the interface and the instance under the restore role", () => {
        const subnetArn = (id: string) => `arn:aws:ec2:${PRIMARY_REGION}:${ACCOUNT}:subnet/${id}`;
        const onlySubnetA: IamPolicyDocument = { Statement: [
            { Effect: "Allow", Action: ["ec2:RunInstances"], NotResource: [`arn:aws:ec2:*:*:subnet/*`] },
            { Effect: "Allow", Action: ["ec2:RunInstances"], Resource: [subnetArn(NET.subnetA)] },
        ] };
        const model = new BackupEc2RestoreModel(primaryWorld({ restoreRolePolicies: [passInstanceRolesPolicy(), onlySubnetA] }));
        accepted(model.startRestoreJob(request(LAUNCHABLE)));
        const other = model.startRestoreJob(request(metadataWith({ SubnetId: NET.subnetB, Placement: undefined, VpcId: undefined }, LAUNCHABLE)));
        assert.strictEqual(failed(other, "run-instances-access"), NOT_AUTHORIZED_MESSAGE);
        assert.ok(other.outcome !== "refused" && other.job.deniedResource === subnetArn(NET.subnetB), "names the subnet it refused");
        // The interface RunInstances creates carries the subnet's ARN as ec2:Subnet.
        const interfacesOfA: IamPolicyDocument = { Statement: [
            { Effect: "Allow", Action: ["ec2:RunInstances"], NotResource: [`arn:aws:ec2:*:*:network-interface/*`] },
            { Effect: "Allow", Action: ["ec2:RunInstances"], Resource: ["arn:aws:ec2:*:*:network-interface/*"], Condition: { ArnEquals: { "ec2:Subnet": subnetArn(NET.subnetA) } } },
        ] };
        const byInterface = new BackupEc2RestoreModel(primaryWorld({ restoreRolePolicies: [passInstanceRolesPolicy(), interfacesOfA] }));
        accepted(byInterface.startRestoreJob(request(LAUNCHABLE)));
        const refusedInterface = byInterface.startRestoreJob(request(metadataWith({ SubnetId: NET.subnetB, Placement: undefined, VpcId: undefined }, LAUNCHABLE)));
        assert.ok(refusedInterface.outcome !== "refused" && /network-interface\/eni-/.test(refusedInterface.job.deniedResource ?? ""), JSON.stringify(refusedInterface));
    });

    it("judges AWS's own StartRestoreJob example: UseBackedUpValue with no backed-up profile launches without one", () => {
        const example = fixture("aws-docs-start-restore-job-ec2.json").request;
        const world = primaryWorld();
        world.region = "us-east-1";
        world.vaults = { Default: [{ recoveryPointArn: example.RecoveryPointArn, resourceArn: "arn:aws:ec2:us-east-1:123456789012:instance/i-0aaaaaaaaaaaaaaaa", status: "COMPLETED", creationDate: "2026-11-01T00:00:00Z", restoreMetadata: { InstanceType: "t1.micro" } }] };
        world.subnets = { "subnet-123ab456cd7efgh89": { vpcId: "vpc-0e0e0e0e0e0e0e0e0", availabilityZone: "us-east-1a" } };
        world.securityGroups = { "sg-0a1bc2d345ef67890": { vpcId: "vpc-0e0e0e0e0e0e0e0e0" } };
        world.callerPolicies = [{ Statement: [{ Effect: "Allow", Action: ["backup:StartRestoreJob", "iam:PassRole"], Resource: ["*"] }] }];
        world.restoreRoles = { [example.IamRoleArn]: [launchAnywherePolicy()] };
        const instance = accepted(new BackupEc2RestoreModel(world).startRestoreJob(example));
        assert.deepStrictEqual([instance.instanceType, instance.iamInstanceProfileName, instance.subnetId], ["t1.micro", undefined, "subnet-123ab456cd7efgh89"]);
    });

    it("answers every GetRecoveryPointRestoreMetadata read with a new aws:backup:request-id, the rest unchanged", () => {
        const model = new BackupEc2RestoreModel(primaryWorld());
        const [a, b] = [model.getRecoveryPointRestoreMetadata(PRIMARY_VAULT, PRIMARY_POINT_ARN), model.getRecoveryPointRestoreMetadata(PRIMARY_VAULT, PRIMARY_POINT_ARN)];
        assert.ok(a.ok && b.ok);
        assert.notStrictEqual(a.value["aws:backup:request-id"], b.value["aws:backup:request-id"]);
        assert.deepStrictEqual({ ...a.value, "aws:backup:request-id": "" }, { ...SIGMA_METADATA, "aws:backup:request-id": "" });
        const real = fixture("aws-cli-t2micro-us-west-2.json");
        assert.notStrictEqual(real.answer.RestoreMetadata["aws:backup:request-id"], real._otherReadRequestId, "the fixture records two reads with two ids");
    });

    it("reports a finished job as DescribeRestoreJob and as the Restore Job State Change event AWS documents", () => {
        const model = new BackupEc2RestoreModel(primaryWorld(), () => Date.parse("2026-11-22T02:00:00Z"));
        const done = model.startRestoreJob(request(LAUNCHABLE));
        const broken = model.startRestoreJob(request(SIGMA_METADATA));
        assert.ok(done.outcome === "accepted" && broken.outcome === "accepted-then-failed");
        const described = model.describeRestoreJob(done.restoreJobId);
        assert.ok(described.ok);
        assert.deepStrictEqual([described.value.Status, described.value.CreatedResourceArn], ["COMPLETED", done.job.createdInstance!.instanceArn]);
        const failedEvent = model.restoreJobStateChangeEvent(broken.restoreJobId) as { detail: Record<string, unknown> };
        const sample = fixture("../../../model/awsSampleEvents/aws-sample-restore-job-failed.json").event;
        const completedSample = fixture("../../../model/awsSampleEvents/aws-sample-restore-job-completed.json").event;
        assert.deepStrictEqual(Object.keys(failedEvent).sort(), Object.keys(sample).sort());
        const documentedDetailKeys = new Set([...Object.keys(sample.detail), ...Object.keys(completedSample.detail)]);
        const doneEvent = model.restoreJobStateChangeEvent(done.restoreJobId) as { detail: Record<string, unknown> };
        for (const event of [failedEvent, doneEvent]) {
            assert.deepStrictEqual(Object.keys(event.detail).filter((key) => !documentedDetailKeys.has(key)), []);
        }
        assert.deepStrictEqual([failedEvent.detail.status, doneEvent.detail.status, doneEvent.detail.createdResourceArn], ["FAILED", "COMPLETED", done.job.createdInstance!.instanceArn]);
        assert.strictEqual(INSTANCE_ARN.split(":")[3], PRIMARY_REGION);
    });
});
