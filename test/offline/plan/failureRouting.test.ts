import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FAILURE_CLASSES, FailureRouting, sampleIds } from "../../../model/notificationRouting";
import { formatPlanRun, runPlan } from "../../../offline/plan/cli";
import { failureRoutingLines, loadSampleEvents, mockIdentities } from "../../../offline/plan/failureRouting";
import { parsePlanArgs } from "../../../offline/plan/planArgs";
import { StackPlan } from "../../../offline/plan/stackPlan";
import { synthesize } from "../../../offline/synth/synthesize";

const LABEL: Record<FailureRouting["status"], string> = { "delivered": "delivered", "not-delivered": "NOT DELIVERED", "not-applicable": "not applicable" };

describe("plan: failure routing", function () {
    this.timeout(300000);

    it("the text section and --json say the same: every class, its status, and where it goes or breaks", async () => {
        const run = await runPlan(parsePlanArgs(["prod"]));
        const text = formatPlanRun(run, false);
        const json: StackPlan = JSON.parse(formatPlanRun(run, true));
        assert.deepStrictEqual(json.failureRouting.map((r) => r.id), FAILURE_CLASSES.map((c) => c.id));
        const section = text.slice(text.indexOf("Failure routing ("));
        assert.ok(section.startsWith("Failure routing ("), "the text plan has a Failure routing section");
        for (const r of json.failureRouting) {
            assert.ok(section.includes(`  ${LABEL[r.status]}: ${r.title}`), `${r.title} listed as ${r.status}`);
            for (const s of r.subjects) {
                assert.ok(section.includes(`    ${s.subject}: ${s.delivered ? "" : `BROKEN ${s.brokenLink}`}`), `${r.title} / ${s.subject}`);
            }
        }
    });

    it("lines: a delivered chain, a broken link and a class that does not apply", () => {
        const routing: FailureRouting[] = [
            { id: "a", title: "Restore job FAILED", status: "delivered", subjects: [{ subject: "vault v", delivered: true, endpoints: [{ topic: "t", protocol: "email", endpoint: "ops@example.com" }],
                attempts: [{ via: "eventbridge", links: ["Restore Job State Change", "rule r matches", "topic t", "subscribed: email ops@example.com"], endpoints: [{ topic: "t", protocol: "email", endpoint: "ops@example.com" }] }] }] },
            { id: "b", title: "Instance CPU high", status: "not-delivered", reason: "instance i: no alarm", subjects: [{ subject: "instance i", delivered: false, endpoints: [], attempts: [], brokenLink: "no alarm on AWS/EC2 CPUUtilization" }] },
            { id: "c", title: "Copy job FAILED", status: "not-applicable", reason: "no backup plan in this stack", subjects: [] },
        ];
        assert.deepStrictEqual(failureRoutingLines(routing), [
            "Failure routing (1 delivered, 1 not delivered, 1 not applicable)",
            "  delivered: Restore job FAILED",
            "    vault v: Restore Job State Change -> rule r matches -> topic t -> subscribed: email ops@example.com",
            "  NOT DELIVERED: Instance CPU high",
            "    instance i: BROKEN no alarm on AWS/EC2 CPUUtilization",
            "  not applicable: Copy job FAILED (no backup plan in this stack)",
        ]);
    });

    it("reads every sample event the classes name, and names a missing one", () => {
        const samples = loadSampleEvents();
        assert.deepStrictEqual(Object.keys(samples).sort(), sampleIds().sort());
        const empty = fs.mkdtempSync(path.join(os.tmpdir(), "events-"));
        assert.throws(() => loadSampleEvents(empty), /needs AWS's sample event .*aws-sample-backup-job-failed\.json, which is missing/);
    });

    it("resolves names and ARNs as the synth recorded them: every target's rule and topic, every subscription's topic", async () => {
        const synth = await synthesize({ stack: "dev" });
        const identify = mockIdentities(synth, "ap-southeast-1");
        const of = (type: string) => synth.resources.filter((r) => r.type === type);
        const byUrn = new Map(synth.resources.map((r) => [r.urn, r]));
        const checked: string[] = [];
        for (const [type, property] of [["aws:cloudwatch/eventTarget:EventTarget", "rule"], ["aws:cloudwatch/eventTarget:EventTarget", "arn"],
            ["aws:sns/topicSubscription:TopicSubscription", "topic"], ["aws:sns/topicPolicy:TopicPolicy", "arn"]]) {
            for (const r of of(type)) {
                for (const dep of r.propertyDependencies?.[property] ?? []) {
                    const target = byUrn.get(dep)!;
                    const identity = identify(target);
                    assert.ok([identity.name, identity.arn].includes(r.inputs[property] as string), `${r.name}.${property} = ${r.inputs[property]} names ${target.name} (${JSON.stringify(identity)})`);
                    checked.push(`${r.name}.${property}`);
                }
            }
        }
        assert.ok(checked.length >= 2, `references checked: ${checked.join(", ")}`);
    });
});
