import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { offlineV8Flags, v8FlagsFor } = require("../../scripts/v8Tuning.js");

/** This V8's flags for the offline commands. */
const OFFLINE_V8_FLAGS = offlineV8Flags();

const ROOT = path.join(__dirname, "..", "..");
const NO_OVERRIDE = {};

describe("scripts/v8Tuning.js: which processes run with tiering tuned for short runs", () => {
    it("raises TurboFan's threshold eightfold with the flag of each known V8, and sets none for another V8", () => {
        assert.strictEqual(offlineV8Flags("11.3.244.8-node.33"), "--interrupt-budget=540672", "node 20: 8x the default budget of 67,584");
        assert.strictEqual(offlineV8Flags("12.4.254.21-node.57"), "--invocation-count-for-turbofan=24000", "node 22: 8x the default count of 3,000");
        assert.strictEqual(offlineV8Flags("10.2.154.26-node.26"), "");
        assert.strictEqual(offlineV8Flags("13.6.233.10-node.28"), "");
        assert.ok(["11", "12"].includes(process.versions.v8.split(".")[0]), `the suite runs on a V8 the table knows (${process.versions.v8})`);
        assert.notStrictEqual(OFFLINE_V8_FLAGS, "");
        const plan = path.join(ROOT, "offline", "plan", "cli.ts");
        assert.strictEqual(v8FlagsFor(plan, NO_OVERRIDE, "12.4.254.21-node.57"), "--invocation-count-for-turbofan=24000");
        assert.strictEqual(v8FlagsFor(plan, NO_OVERRIDE, "13.6.233.10-node.28"), "");
    });

    it("this node accepts the flag it is given: an offline command prints nothing on stderr for it", () => {
        const run = require("child_process").spawnSync(process.execPath, ["-r", path.join(ROOT, "scripts", "transpileHook.js"), path.join(ROOT, "offline", "plan", "cli.ts"), "--help"],
            { cwd: ROOT, encoding: "utf8", env: { ...process.env, SIGMA_V8_FLAGS: undefined } });
        assert.strictEqual(run.status, 0, run.stderr);
        assert.doesNotMatch(run.stderr, /unrecognized flag|Try --help/, run.stderr);
    });

    it("tunes the four offline commands and the bin, by their files", () => {
        for (const command of ["synth", "plan", "check", "adopt"]) {
            assert.strictEqual(v8FlagsFor(path.join(ROOT, "offline", command, "cli.ts"), NO_OVERRIDE), OFFLINE_V8_FLAGS, command);
        }
        assert.strictEqual(v8FlagsFor(path.join(ROOT, "offline", "sigma-offline.js"), NO_OVERRIDE), OFFLINE_V8_FLAGS);
    });

    it("leaves V8's defaults to long runs and to anything else: mocha, scripts, the plugin, `node -e`", () => {
        for (const script of [
            path.join(ROOT, "node_modules", "mocha", "bin", "mocha.js"), path.join(ROOT, "scripts", "generateSchema.js"),
            path.join(ROOT, "provider.ts"), path.join(ROOT, "offline", "cli.ts"), path.join(ROOT, "offline", "synth", "synthesize.ts"),
            path.join(ROOT, "offline", "synth", "cli.tsx"), path.join(ROOT, "offline", "lint", "cli.ts"), path.join(ROOT, "notoffline", "synth", "cli.ts"),
        ]) {
            assert.strictEqual(v8FlagsFor(script, NO_OVERRIDE), "", script);
        }
        assert.strictEqual(v8FlagsFor(undefined, NO_OVERRIDE), "");
    });

    it("follows a linked bin to its file (npm links bins into node_modules/.bin)", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sigma-v8-tuning-"));
        try {
            const link = path.join(dir, "sigma-offline");
            fs.symlinkSync(path.join(ROOT, "offline", "sigma-offline.js"), link);
            assert.strictEqual(v8FlagsFor(link, NO_OVERRIDE), OFFLINE_V8_FLAGS);
            const other = path.join(dir, "other");
            fs.symlinkSync(path.join(ROOT, "scripts", "bench.js"), other);
            assert.strictEqual(v8FlagsFor(other, NO_OVERRIDE), "");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("SIGMA_V8_FLAGS, when set, decides for every process: empty means V8's defaults", () => {
        const plan = path.join(ROOT, "offline", "plan", "cli.ts");
        assert.strictEqual(v8FlagsFor(plan, { SIGMA_V8_FLAGS: "" }), "");
        assert.strictEqual(v8FlagsFor(plan, { SIGMA_V8_FLAGS: " --max-opt=2 " }), "--max-opt=2");
        assert.strictEqual(v8FlagsFor(path.join(ROOT, "provider.ts"), { SIGMA_V8_FLAGS: "--max-lazy" }), "--max-lazy");
    });
});
