import * as assert from "assert";
import { BACKUP_TAG_KEY, BACKUP_TAG_VALUE, SigmaBackupPlan, SigmaInstance, STACK_SCOPE_TAG_KEY, stackScopeTagValue } from "../../components";
import { readSelectionInputs, selectionSelects } from "../../model/backupSelection";
import { evaluatePolicies, IamPolicyDocument } from "../../model/iamPolicyEvaluation";
import { synthesize, SynthResult } from "../../offline/synth/synthesize";
import { registeredOne, resolve, useMocks } from "../helpers";

const ACCOUNT = "123456789012";
const INSTANCE_ARN = `arn:aws:ec2:ap-southeast-1:${ACCOUNT}:instance/i-0123456789abcdef0`;
const instanceArgs = { subnetId: "subnet-0123456789abcdef0", securityGroupIds: ["sg-0123456789abcdef0"], amiId: "ami-0123456789abcdef0" };

/** Whether a BackupRole policy lets AWS Backup image an instance carrying `tags` (the request context EC2 sends). */
function mayImage(policy: IamPolicyDocument, tags: Record<string, string>): boolean {
    const context = Object.fromEntries(Object.entries(tags).map(([key, value]) => [`ec2:ResourceTag/${key}`, value]));
    return evaluatePolicies([policy], { action: "ec2:CreateImage", resource: INSTANCE_ARN, context }) === "allow";
}

const candidate = (tags: Record<string, string>) => ({ kind: "ec2Instance" as const, tags, region: "ap-southeast-1", account: ACCOUNT, id: "i-0123456789abcdef0" });

describe("per-stack scoping: components", () => {
    it("tags the instance, its root and data volumes with the stack scope, which a caller's tag cannot replace", async () => {
        const mocks = await useMocks({ stack: "prod" });
        const instance = new SigmaInstance("app", { ...instanceArgs, tags: { owner: "reporting" } });
        await resolve(instance.instanceId);
        const inputs = (await registeredOne(mocks, "aws:ec2/instance:Instance", "app-instance")).inputs;
        const volume = (await registeredOne(mocks, "aws:ebs/volume:Volume", "app-data")).inputs;
        assert.strictEqual(inputs.tags[STACK_SCOPE_TAG_KEY], "sigma/prod");
        assert.strictEqual(inputs.rootBlockDevice.tags[STACK_SCOPE_TAG_KEY], "sigma/prod");
        assert.strictEqual(volume.tags[STACK_SCOPE_TAG_KEY], "sigma/prod");
        const mocks2 = await useMocks({ stack: "prod" });
        await resolve(new SigmaInstance("x", { ...instanceArgs, stackScope: "sigma/dev", tags: { [STACK_SCOPE_TAG_KEY]: "sigma/prod" } as Record<string, string> }).instanceId);
        assert.strictEqual((await registeredOne(mocks2, "aws:ec2/instance:Instance", "x-instance")).inputs.tags[STACK_SCOPE_TAG_KEY], "sigma/dev");
    });

    it("a plan's selection and BackupRole take its own stack's instances and no other stack's", async () => {
        const mocks = await useMocks({ stack: "dev" });
        const plan = new SigmaBackupPlan("b", { vaultName: "v1" });
        await resolve(plan.planId);
        assert.strictEqual(plan.stackScope, stackScopeTagValue("sigma", "dev"));
        const selection = readSelectionInputs((await registeredOne(mocks, "aws:backup/selection:Selection", "b-selection")).inputs, "ap-southeast-1");
        const policy = JSON.parse((await registeredOne(mocks, "aws:iam/rolePolicy:RolePolicy", "b-backup-role-policy")).inputs.policy) as IamPolicyDocument;
        const rows: Array<[string, Record<string, string>, boolean]> = [
            ["dev's instance", { [BACKUP_TAG_KEY]: BACKUP_TAG_VALUE, [STACK_SCOPE_TAG_KEY]: "sigma/dev" }, true],
            ["prod's instance", { [BACKUP_TAG_KEY]: BACKUP_TAG_VALUE, [STACK_SCOPE_TAG_KEY]: "sigma/prod" }, false],
            ["an instance of another project's dev", { [BACKUP_TAG_KEY]: BACKUP_TAG_VALUE, [STACK_SCOPE_TAG_KEY]: "other/dev" }, false],
            ["a Sigma instance with no scope (deployed before scoping)", { [BACKUP_TAG_KEY]: BACKUP_TAG_VALUE }, false],
            ["dev's instance with backups off", { [BACKUP_TAG_KEY]: "false", [STACK_SCOPE_TAG_KEY]: "sigma/dev" }, false],
            ["a case variant of dev's scope", { [BACKUP_TAG_KEY]: BACKUP_TAG_VALUE, [STACK_SCOPE_TAG_KEY]: "Sigma/dev" }, false],
        ];
        for (const [label, tags, taken] of rows) {
            assert.strictEqual(selectionSelects(selection, candidate(tags)), taken, `selection: ${label}`);
            assert.strictEqual(mayImage(policy, tags), taken, `CreateImage: ${label}`);
        }
    });

    it("refuses a stack scope that is not a tag value", () => {
        assert.throws(() => new SigmaBackupPlan("b", { vaultName: "v1", stackScope: "" }), /stackScope "" must be a tag value/);
        assert.throws(() => new SigmaInstance("i", { ...instanceArgs, stackScope: "sigma/prod!" }), /stackScope "sigma\/prod!" must be a tag value/);
    });
});

describe("per-stack scoping: dev and prod in one account", () => {
    const synths = new Map<string, SynthResult>();
    before(async function () {
        this.timeout(300000);
        for (const stack of ["dev", "prod"]) {
            synths.set(stack, await synthesize({ stack }));
        }
    });
    const instances = (stack: string) => synths.get(stack)!.resources.filter((r) => r.type === "aws:ec2/instance:Instance");
    const selectionOf = (stack: string) => readSelectionInputs(synths.get(stack)!.resources.find((r) => r.type === "aws:backup/selection:Selection")!.inputs, "ap-southeast-1");
    const rolePolicyOf = (stack: string) => JSON.parse(String(synths.get(stack)!.resources
        .find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === "sigma-backup-role-policy")!.inputs.policy)) as IamPolicyDocument;

    it("dev's selection cannot match a prod-tagged instance, and prod's takes every prod instance", () => {
        assert.ok(instances("prod").length >= 1 && instances("dev").length >= 1);
        for (const instance of instances("prod")) {
            const tags = instance.inputs.tags as Record<string, string>;
            assert.strictEqual(tags[STACK_SCOPE_TAG_KEY], "sigma/prod", instance.name);
            assert.strictEqual(selectionSelects(selectionOf("dev"), candidate(tags)), false, `dev selects ${instance.name}`);
            assert.strictEqual(selectionSelects(selectionOf("prod"), candidate(tags)), true, `prod selects ${instance.name}`);
        }
        for (const instance of instances("dev")) {
            const tags = instance.inputs.tags as Record<string, string>;
            assert.strictEqual(selectionSelects(selectionOf("prod"), candidate(tags)), false, `prod selects dev's ${instance.name}`);
            assert.strictEqual(selectionSelects(selectionOf("dev"), candidate(tags)), true, `dev selects ${instance.name}`);
        }
    });

    it("dev's BackupRole cannot image a prod instance; each stack's role images its own", () => {
        for (const instance of instances("prod")) {
            const tags = instance.inputs.tags as Record<string, string>;
            assert.strictEqual(mayImage(rolePolicyOf("dev"), tags), false, instance.name);
            assert.strictEqual(mayImage(rolePolicyOf("prod"), tags), true, instance.name);
        }
        for (const instance of instances("dev")) {
            assert.strictEqual(mayImage(rolePolicyOf("prod"), instance.inputs.tags as Record<string, string>), false, instance.name);
        }
    });
});
