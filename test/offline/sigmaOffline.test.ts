import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { bufferedIo, ROOT, tempProject } from "./tempProject";
import { main } from "../../offline/cli";

/** A stack trace line as Node prints one. */
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

describe("sigma-offline and npm run: stdout carries nothing but the product", function () {
    this.timeout(120000);

    it("node offline/sigma-offline.js synth dev (the bin npx runs) prints one JSON document, every resource with its options", () => {
        const run = spawnSync(process.execPath, [path.join(ROOT, "offline", "sigma-offline.js"), "synth", "dev"], { cwd: ROOT, encoding: "utf8" });
        assert.strictEqual(run.status, 0, run.stderr);
        assert.strictEqual(run.stderr, "");
        const doc = JSON.parse(run.stdout);
        assert.strictEqual(doc.stack, "dev");
        assert.ok(doc.resources.length > 0 && doc.resources.every((r: { options?: object }) => typeof r.options === "object"));
    });

    it("npm run synth -- dev prints pure JSON: the project .npmrc (json=true) sends npm's banner to stderr", function () {
        const npm = process.platform === "win32" ? "npm.cmd" : "npm";
        const run = spawnSync(npm, ["run", "synth", "--", "dev"], { cwd: ROOT, encoding: "utf8" });
        assert.strictEqual(run.status, 0, run.stderr);
        if (run.stdout.startsWith("\n> ")) {
            const version = spawnSync(npm, ["--version"], { encoding: "utf8" }).stdout.trim();
            const [major, minor] = version.split(".").map(Number);
            if (major < 10 || (major === 10 && minor < 7)) {
                this.skip(); // npm < 10.7 prints run-script banners on stdout even in json mode (npm/cli#7439)
            }
        }
        assert.strictEqual(JSON.parse(run.stdout).stack, "dev");
        assert.match(run.stderr, /> @emach\/sigma-pulumi@[\d.]+ synth\n/, "the banner is on stderr");
    });

    // Spawned on purpose: an apply that throws leaves Pulumi's runtime state of the process (its settings and pending
    // rejections) unusable for the next in-process synth of the same mocha worker; in-process it failed intermittently.
    it("a program that fails inside an apply ends the synth with its message, exit 1, no stack trace", () => {
        const dir = tempProject({ broken: {} }, [
            'import * as pulumi from "@pulumi/pulumi";',
            'const name = pulumi.output("vault").apply((value) => { throw new Error(`the program failed inside an apply (${value})`); });',
            'new pulumi.CustomResource("test:index:Thing", "thing", { name });',
            'export const reached = "yes";',
        ].join("\n"));
        try {
            const script = `require(${JSON.stringify(path.join(ROOT, "offline", "cliArgs.ts"))}).runAsProcess((argv, io) =>
                require(${JSON.stringify(path.join(ROOT, "offline", "synth", "cli.ts"))}).main(["broken"], io, { projectDir: ${JSON.stringify(dir)} }));`;
            const run = spawnSync(process.execPath, ["-r", path.join(ROOT, "scripts", "transpileHook.js"), "-e", script], { cwd: ROOT, encoding: "utf8" });
            assert.strictEqual(run.status, 1, run.stderr);
            assert.strictEqual(run.stdout, "");
            assert.match(run.stderr, /^synth failed for stack "broken":\n.*the program failed inside an apply \(vault\)/);
            assert.doesNotMatch(run.stderr, STACK_FRAME);
            assert.doesNotMatch(run.stderr, /promises? (was|were) still active/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("the bin's usage names the three commands and how to run it from the repository", async () => {
        const io = bufferedIo();
        assert.strictEqual(await main(["--help"], io), 0);
        assert.match(io.stdout.text, /sigma-offline synth .*npm run synth/);
        assert.match(io.stdout.text, /sigma-offline check .*npm run policy:check/);
        assert.match(io.stdout.text, /sigma-offline plan .*npm run plan/);
        assert.match(io.stdout.text, /npx sigma-offline, or node offline\/sigma-offline\.js/);
    });
});
