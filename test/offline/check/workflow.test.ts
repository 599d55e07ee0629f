import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { listStacks } from "../../../offline/synth/synthesize";
import { ROOT } from "../tempProject";

const WORKFLOW = path.join(ROOT, ".github", "workflows", "policy.yml");

interface Step { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, unknown>; "working-directory"?: string; if?: string; id?: string }
interface Job { if?: string; permissions?: Record<string, string> | string; env?: Record<string, unknown>; steps: Step[]; strategy?: { matrix?: Record<string, unknown> } }
interface Workflow { on: Record<string, unknown>; permissions?: Record<string, string> | string; jobs: Record<string, Job> }

const load = (text: string) => yaml.load(text) as Workflow;
const PUSH_ONLY = "github.event_name == 'push'";
/** The jobs a pull request runs: every job not limited to pushes. */
const pullRequestJobs = (w: Workflow) => Object.entries(w.jobs).filter(([, job]) => (job.if ?? "").trim() !== PUSH_ONLY);
const text = (value: unknown) => JSON.stringify(value ?? "");

/** Every property of the policy gate the issue asks for; an empty list means the workflow keeps them all. */
export function workflowProblems(w: Workflow): string[] {
    const problems: string[] = [];
    const triggers = Object.keys(w.on ?? {});
    if (!triggers.includes("pull_request")) {
        problems.push("not run on pull_request");
    }
    for (const forbidden of ["pull_request_target", "workflow_run"]) {
        if (triggers.includes(forbidden)) {
            problems.push(`${forbidden} runs pull-request code with the base repository's secrets and a write token`);
        }
    }
    if (w.permissions !== undefined && text(w.permissions) !== "{}" && text(w.permissions) !== text({ contents: "read" })) {
        problems.push(`workflow-level permissions ${text(w.permissions)} grant more than contents: read`);
    }
    const prJobs = pullRequestJobs(w);
    if (prJobs.length === 0) {
        problems.push("no job runs on pull requests");
    }
    let uploads = 0;
    let judgedFromBase = 0;
    for (const [name, job] of prJobs) {
        if (text(job.permissions) !== text({ contents: "read", "security-events": "write" })) {
            problems.push(`${name}: permissions ${text(job.permissions)} are not exactly contents: read + security-events: write`);
        }
        if (/secrets\./.test(text(job))) {
            problems.push(`${name}: a pull-request job reads secrets`);
        }
        if (job.steps.some((s) => /configure-aws-credentials|pulumi\/actions/.test(s.uses ?? ""))) {
            problems.push(`${name}: a pull-request job gets cloud credentials or runs pulumi against the cloud`);
        }
        const checkouts = job.steps.filter((s) => (s.uses ?? "").startsWith("actions/checkout@"));
        for (const c of checkouts) {
            if (c.with?.["persist-credentials"] !== false) {
                problems.push(`${name}: checkout ${text(c.name)} leaves the token in .git/config (set persist-credentials: false)`);
            }
        }
        const base = checkouts.find((c) => /github\.event\.pull_request\.base\.sha/.test(String(c.with?.ref ?? "")));
        const basePath = base ? String(base.with?.path ?? ".") : undefined;
        const checks = job.steps.filter((s) => /offline\/check\/cli\.ts|policy:check/.test(s.run ?? ""));
        for (const check of checks) {
            if (basePath === undefined || check["working-directory"] !== basePath) {
                problems.push(`${name}: the policy check ${text(check.name)} does not run in the base branch's checkout`);
            } else if (/--config\b/.test(check.run ?? "")) {
                problems.push(`${name}: the policy check ${text(check.name)} passes --config instead of the base branch's policy/config/<stack>.json`);
            } else {
                judgedFromBase++;
            }
            if (!/--format sarif/.test(check.run ?? "")) {
                problems.push(`${name}: the policy check ${text(check.name)} writes no SARIF`);
            }
        }
        if (checkouts.some((c) => c !== base && (c.with?.path ?? ".") === basePath)) {
            problems.push(`${name}: the change and the base branch share the checkout path ${basePath}`);
        }
        uploads += job.steps.filter((s) => (s.uses ?? "").startsWith("github/codeql-action/upload-sarif@")).length;
    }
    if (judgedFromBase === 0) {
        problems.push("no pull-request job runs the policy check from the base branch's checkout");
    }
    if (uploads === 0) {
        problems.push("the SARIF report is never uploaded (github/codeql-action/upload-sarif)");
    }
    return problems;
}

describe(".github/workflows/policy.yml: the policy gate cannot be loosened by the change it judges", () => {
    const source = fs.readFileSync(WORKFLOW, "utf8");
    const workflow = load(source);

    it("keeps every property: base-branch pack and config, no secrets or cloud credentials in pull-request jobs, SARIF uploaded", () => {
        assert.deepStrictEqual(workflowProblems(workflow), []);
    });

    it("the pull-request check synthesises the change and judges it from the base checkout, failing the job on a bad verdict", () => {
        const [, job] = pullRequestJobs(workflow)[0];
        const base = job.steps.find((s) => /base\.sha/.test(String(s.with?.ref ?? "")))!;
        const change = job.steps.find((s) => (s.uses ?? "").startsWith("actions/checkout@") && s !== base)!;
        const synth = job.steps.find((s) => /offline\/synth\/cli\.ts/.test(s.run ?? ""))!;
        assert.strictEqual(synth["working-directory"], change.with?.path);
        const upload = job.steps.find((s) => (s.uses ?? "").startsWith("github/codeql-action/upload-sarif@"))!;
        const check = job.steps.find((s) => /--format sarif/.test(s.run ?? ""))!;
        const sarifDir = /--out "\.\.\/([^/"]+\/[^/"]+)\//.exec(check.run ?? "")?.[1];
        assert.strictEqual(upload.with?.sarif_file, sarifDir);
        // Results point into the change's files: the SARIF step reads component sources there, the upload resolves them there.
        assert.ok((check.run ?? "").includes(`--source-root ../${change.with?.path}`), check.run);
        assert.strictEqual(upload.with?.checkout_path, change.with?.path);
        assert.match(upload.if ?? "", /always\(\)/);
        const verdict = job.steps.find((s) => /steps\.check\.outputs\.status/.test(s.if ?? ""));
        assert.ok(verdict && /exit 1/.test(verdict.run ?? ""), "a failing check fails the job after the upload");
    });

    it("the only job with credentials runs on pushes to main, over every shipped stack with its own config", () => {
        const credentialed = Object.entries(workflow.jobs).filter(([, job]) => /secrets\./.test(text(job)));
        assert.deepStrictEqual(credentialed.map(([name, job]) => [name, job.if]), [["preview", PUSH_ONLY]]);
        assert.deepStrictEqual(Object.keys(workflow.on.push as object), ["branches"]);
        const preview = workflow.jobs.preview;
        assert.deepStrictEqual([...(preview.strategy?.matrix?.stack as string[])].sort(), listStacks(ROOT).sort());
        const step = preview.steps.find((s) => (s.uses ?? "").startsWith("pulumi/actions@"))!;
        assert.strictEqual(step.with?.policyPackConfigs, "policy/config/${{ matrix.stack }}.json");
    });

    // Each mutation is one way the gate has been (or could be) fooled; the property check must catch every one.
    const mutations: Array<[string, (w: Workflow) => void, RegExp]> = [
        ["a pull_request_target trigger", (w) => { w.on.pull_request_target = null; }, /pull_request_target/],
        ["secrets in the pull-request job", (w) => { pullRequestJobs(w)[0][1].env = { PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}" }; }, /reads secrets/],
        ["an OIDC token for the pull-request job", (w) => { (pullRequestJobs(w)[0][1].permissions as Record<string, string>)["id-token"] = "write"; }, /permissions/],
        ["write-all at the top", (w) => { w.permissions = "write-all"; }, /workflow-level permissions/],
        ["the check run from the change's checkout", (w) => { pullRequestJobs(w)[0][1].steps.filter((s) => /offline\/check/.test(s.run ?? "")).forEach((s) => { s["working-directory"] = "change"; }); }, /does not run in the base branch's checkout/],
        ["a --config from the change", (w) => { pullRequestJobs(w)[0][1].steps.filter((s) => /--format sarif/.test(s.run ?? "")).forEach((s) => { s.run += " --config ../change/policy/config/prod.json"; }); }, /passes --config/],
        ["the base checkout replaced by the head", (w) => { pullRequestJobs(w)[0][1].steps.filter((s) => /base\.sha/.test(String(s.with?.ref ?? ""))).forEach((s) => { s.with!.ref = "${{ github.event.pull_request.head.sha }}"; }); }, /base branch's checkout/],
        ["a checkout that keeps the token", (w) => { pullRequestJobs(w)[0][1].steps.filter((s) => (s.uses ?? "").startsWith("actions/checkout@")).forEach((s) => { delete s.with!["persist-credentials"]; }); }, /persist-credentials/],
        ["no SARIF upload", (w) => { const job = pullRequestJobs(w)[0][1]; job.steps = job.steps.filter((s) => !(s.uses ?? "").includes("upload-sarif")); }, /never uploaded/],
        ["AWS credentials in the pull-request job", (w) => { pullRequestJobs(w)[0][1].steps.push({ uses: "aws-actions/configure-aws-credentials@v4", with: { "role-to-assume": "arn:aws:iam::123456789012:role/x" } }); }, /cloud credentials/],
        ["the preview job run on pull requests", (w) => { delete w.jobs.preview.if; }, /reads secrets|permissions/],
    ];
    for (const [label, mutate, expected] of mutations) {
        it(`catches ${label}`, () => {
            const mutated = load(source);
            mutate(mutated);
            const problems = workflowProblems(mutated);
            assert.ok(problems.some((p) => expected.test(p)), `${label}: ${problems.join("; ") || "no problem found"}`);
        });
    }
});
