import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { main } from "../../../offline/synth/cli";
import { readStackConfig, synthesize, withoutStackCapture } from "../../../offline/synth/synthesize";
import { mapConfigSource, parseConfig } from "../../../stacks/config";
import { bufferedIo, ROOT, tempProject } from "../tempProject";

/** A stack trace line as Node prints one. */
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

describe("synth: what the offline run skips (stack capture, awsx), and what it keeps (messages, the limit after it)", function () {
    this.timeout(120000);
    const limit = Error.stackTraceLimit;
    // A limit no default has, so "restored" cannot pass by accident.
    beforeEach(() => { Error.stackTraceLimit = 17; });
    afterEach(() => { Error.stackTraceLimit = limit; });

    it("withoutStackCapture: no stack frames inside, the previous limit back after it resolves and after it throws", async () => {
        const inside = await withoutStackCapture(async () => {
            await new Promise((resolve) => setImmediate(resolve));
            return { limit: Error.stackTraceLimit, stack: new Error("x").stack };
        });
        assert.deepStrictEqual(inside, { limit: 0, stack: "Error: x" });
        assert.strictEqual(Error.stackTraceLimit, 17);
        await assert.rejects(withoutStackCapture(async () => { throw new Error("the body failed"); }), /^Error: the body failed$/);
        assert.strictEqual(Error.stackTraceLimit, 17);
        await assert.rejects(withoutStackCapture(() => Promise.reject(new RangeError("rejected"))), { name: "RangeError", message: "rejected" });
        assert.strictEqual(Error.stackTraceLimit, 17);
        assert.ok((new Error("after").stack ?? "").split("\n").length > 1, "stacks are captured again");
    });

    it("withoutStackCapture: Pulumi's per-promise wrapper and per-resource call sites are replaced inside, the SDK's own back after", async () => {
        const debuggable = require("@pulumi/pulumi/runtime/debuggable");
        const { Resource } = require("@pulumi/pulumi");
        const [wrapper, callsites] = [debuggable.debuggablePromise, Resource.callsites];
        assert.strictEqual(typeof wrapper, "function", "this SDK has debuggablePromise where the replacement expects it");
        assert.strictEqual(typeof callsites, "function", "this SDK has Resource.callsites where the replacement expects it");
        const promise = Promise.resolve(1);
        const inside = await withoutStackCapture(async () => ({
            same: debuggable.debuggablePromise(promise, "ctx") === promise, frames: Resource.callsites(),
        }));
        assert.deepStrictEqual(inside, { same: true, frames: [] });
        assert.strictEqual(debuggable.debuggablePromise, wrapper);
        assert.strictEqual(Resource.callsites, callsites);
        assert.ok(Resource.callsites().length > 0, "the SDK's own call sites are back");
        await assert.rejects(withoutStackCapture(async () => { throw new Error("failed"); }), /failed/);
        assert.strictEqual(debuggable.debuggablePromise, wrapper);
        assert.strictEqual(Resource.callsites, callsites);
    });

    it("a synth without Pulumi's debugging aids holds what a synth with them holds (prod, every resource and output)", async () => {
        const without = await synthesize({ stack: "prod" });
        const withAids = await synthesize({ stack: "prod", keepDebugAids: true });
        assert.ok(without.resources.length > 100, `prod has ${without.resources.length} resources`);
        // The aids add promise reactions, so registrations interleave differently: the same resources, in another order.
        const byUrn = (synth: typeof without) => ({ ...synth, resources: [...synth.resources].sort((a, b) => a.urn.localeCompare(b.urn)) });
        assert.deepStrictEqual(byUrn(without), byUrn(withAids));
    });

    it("the program runs with capture off (what Pulumi's per-promise traces cost), and the limit is restored after the synth", async () => {
        const dir = tempProject({ probe: {} }, [
            'import * as pulumi from "@pulumi/pulumi";',
            'new pulumi.CustomResource("test:index:Thing", "thing", { size: 1 });',
            "export const limitWhileRunning = Error.stackTraceLimit;",
        ].join("\n"));
        try {
            const synth = await synthesize({ stack: "probe", projectDir: dir });
            assert.strictEqual(synth.outputs.limitWhileRunning, 0);
            assert.deepStrictEqual(synth.resources.map((r) => r.type), ["test:index:Thing"]);
            assert.strictEqual(Error.stackTraceLimit, 17);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("a program that throws at load or in a component: the limit is restored and the message is the error's own", async () => {
        const programs: Array<[string, string[], string]> = [
            ["at load", ['throw new Error("the program failed at load (top level)");'], "the program failed at load (top level)"],
            // A failure inside an apply reaches the synth as an unhandled rejection, which a mocha worker that ran other
            // files first may route elsewhere: test/offline/sigmaOffline.test.ts checks that case in a fresh process.
            ["in a component's validation", [
                `import { SigmaNetwork } from ${JSON.stringify(path.join(ROOT, "components"))};`,
                'new SigmaNetwork("net", { vpcCidrBlock: "10.0.0.0/8" });',
            ], ""],
        ];
        // The component's message as it reads outside any synth, with the stack capture the test runner has.
        const { SigmaNetwork } = await import("../../../components");
        const outside = messageOf(() => new SigmaNetwork("net", { vpcCidrBlock: "10.0.0.0/8" }));
        assert.match(String(outside), /vpcCidrBlock "10\.0\.0\.0\/8" must be a \/16 to \/24 block/);
        programs[1][2] = String(outside);
        for (const [label, program, message] of programs) {
            const dir = tempProject({ broken: {} }, program.join("\n"));
            try {
                const io = bufferedIo();
                assert.strictEqual(await main(["broken"], io, { projectDir: dir }), 1, label);
                assert.strictEqual(io.stderr.text, `synth failed for stack "broken":\n${message}\n`, label);
                assert.strictEqual(io.stdout.text, "", label);
                assert.strictEqual(Error.stackTraceLimit, 17, label);
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        }
    });

    it("a refused stack config prints the same message the config module gives outside the synth", async () => {
        const dev = readStackConfig(ROOT, "dev").config;
        const dir = tempProject({ bad: { ...Object.fromEntries(Object.entries(dev).map(([k, v]) => [k, tryJson(v)])), "sigma:terminationprotection": true } });
        try {
            const read = readStackConfig(dir, "bad");
            const expected = messageOf(() => parseConfig(mapConfigSource(read.config, { stack: "bad", secretKeys: read.secretKeys })));
            assert.match(String(expected), /sigma:terminationprotection "true" is not a known key; did you mean sigma:terminationProtection\?/);
            const io = bufferedIo();
            assert.strictEqual(await main(["bad"], io, { projectDir: dir }), 1);
            assert.strictEqual(io.stderr.text, `synth failed for stack "bad":\n${expected}\n`);
            assert.doesNotMatch(io.stderr.text, STACK_FRAME);
            assert.strictEqual(Error.stackTraceLimit, 17);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("@pulumi/awsx is loaded only when a VPC is created: not by dev's or dr's synth (a fresh process)", () => {
        const awsxLoaded = 'Object.keys(require.cache).filter((id) => id.includes(require("path").join("@pulumi", "awsx") + require("path").sep)).length';
        const script = [
            `const { main } = require(${JSON.stringify(path.join(ROOT, "offline", "synth", "cli.ts"))});`,
            "const sink = { write: () => true };",
            "(async () => {",
            "  const seen = {};",
            '  for (const stack of ["dev", "dr"]) {',
            "    const io = { stdout: sink, stderr: process.stderr };",
            "    if (await main([stack], io) !== 0) { process.exit(3); }",
            `    seen[stack] = ${awsxLoaded};`,
            "  }",
            // The control: the component that creates a VPC does load it (the mocks of the last synth are still installed).
            `  const { SigmaNetwork } = require(${JSON.stringify(path.join(ROOT, "components", "network", "sigmaNetwork.ts"))});`,
            '  new SigmaNetwork("net", {});',
            `  seen.vpc = ${awsxLoaded};`,
            "  process.stdout.write(JSON.stringify(seen), () => process.exit(0));",
            "})();",
        ].join("\n");
        const run = spawnSync(process.execPath, ["-r", path.join(ROOT, "scripts", "transpileHook.js"), "-e", script], { cwd: ROOT, encoding: "utf8" });
        assert.strictEqual(run.status, 0, run.stderr);
        const seen = JSON.parse(run.stdout);
        assert.deepStrictEqual({ dev: seen.dev, dr: seen.dr }, { dev: 0, dr: 0 });
        assert.ok(seen.vpc > 50, `creating a VPC loads awsx's modules (${seen.vpc})`);
    });
});

/** The message `body` throws with, or undefined. */
function messageOf(body: () => unknown): string | undefined {
    try {
        body();
        return undefined;
    } catch (err) {
        return err instanceof Error ? err.message : String(err);
    }
}

function tryJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}
