import * as assert from "assert";
import * as path from "path";
import { DEFAULT_ASSUMPTIONS } from "../../../offline/plan/planAssumptions";
import { renderPlan } from "../../../offline/plan/renderPlan";
import { describeSelection, resourceTree, TreeNode } from "../../../offline/plan/resourceTree";
import { StackResources } from "../../../offline/plan/stackResources";
import { StackPlan } from "../../../offline/plan/stackPlan";
import { readStackConfig, synthesize } from "../../../offline/synth/synthesize";
import { prodLikeSynth } from "./prodLikeSynth";

const flatten = (nodes: TreeNode[]): TreeNode[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);

describe("plan: resource tree", () => {
    it("puts dev's resources under their components with the facts a reviewer checks", async () => {
        const { config } = readStackConfig(path.join(__dirname, "..", "..", ".."), "dev");
        const tree = resourceTree(new StackResources(await synthesize({ stack: "dev" })));
        const instanceComponent = tree.find((n) => n.type === "sigma:compute:SigmaInstance")!;
        const instance = instanceComponent.children.find((n) => n.type === "aws:ec2/instance:Instance")!;
        assert.ok(instance.details.includes(`instance type ${config["sigma:instanceType"]}`));
        assert.ok(instance.details.includes("IMDSv2 required"));
        const volume = instanceComponent.children.find((n) => n.type === "aws:ebs/volume:Volume")!;
        assert.strictEqual(volume.details[0], `gp3 ${config["sigma:dataVolumeGiB"]} GiB`);
        const all = flatten(tree);
        const appCidr = JSON.parse(config["sigma:appCidrs"])[0];
        assert.ok(all.some((n) => n.details.includes(`in tcp/8080 from ${appCidr}`)));
        const plan = all.find((n) => n.type === "aws:backup/plan:Plan")!;
        assert.match(plan.details[0], /^rule .*: cron\(.*\) \((hourly|every 12 hours|daily)\), keep \d+ days, vault /);
    });

    it("shows a rule's copy destination and marks resources outside the stack's region", () => {
        const all = flatten(resourceTree(new StackResources(prodLikeSynth())));
        assert.ok(all.find((n) => n.type === "aws:backup/plan:Plan")!.details.some((d) => /copy to ap-southeast-2 .* keep 14 days/.test(d)));
        assert.strictEqual(all.find((n) => n.name === "sigma-dr-vault")!.region, "ap-southeast-2");
        assert.ok(all.find((n) => n.type === "awsx:ec2:Vpc")!.details.includes("NAT OnePerAz"));
    });

    const selections: Array<[Parameters<typeof describeSelection>[0], string]> = [
        [{ selectionTags: [{ type: "STRINGEQUALS", key: "sigma:backup", value: "true" }] }, "selects sigma:backup=true"],
        [{ resources: ["arn:aws:ec2:*:*:instance/*"], conditions: [{ stringEquals: [{ key: "aws:ResourceTag/project", value: "sigma" }],
            stringNotLikes: [{ key: "aws:ResourceTag/stage", value: "test*" }] }], notResources: ["arn:aws:ec2:*:*:instance/i-0123456789abcdef0"] },
        "selects arn:aws:ec2:*:*:instance/*, if project=sigma and stage not like test*, except arn:aws:ec2:*:*:instance/i-0123456789abcdef0"],
        [{ conditions: [{ stringEquals: [{ key: "aws:ResourceTag/project", value: "sigma" }] }] }, "selects nothing, if project=sigma"],
    ];
    for (const [selection, text] of selections) {
        it(`describes a selection as "${text}"`, () => assert.strictEqual(describeSelection(selection), text));
    }

    it("draws nested components with one branch per level", () => {
        const node = (name: string, children: TreeNode[] = []): TreeNode => ({ type: "t", name, region: "r", details: [], children });
        const plan = { stack: "s", project: "p", region: "r", resourceCount: 5, assumptions: DEFAULT_ASSUMPTIONS,
            tree: [node("root", [node("a", [node("a1"), node("a2")]), node("b")])],
            policy: { policyPack: "p", counts: { mandatory: 0, advisory: 0, remediate: 0, disabled: 0 }, mandatory: [] },
            cost: { currency: "USD", lines: [], unpriced: [], totalUsd: 0, noChargeResources: 0 },
            recovery: { rules: [], rpo: "", drRpo: "", restorePath: [], uncoveredInstances: [] }, failureRouting: [] } as unknown as StackPlan;
        const text = renderPlan(plan);
        assert.ok(text.includes(["  t root", "  ├─ t a", "  │  ├─ t a1", "  │  └─ t a2", "  └─ t b"].join("\n")), text);
    });
});
