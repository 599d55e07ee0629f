import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ROOT } from "./tempProject";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEFERRED, deferUnusedSdkModules } = require("../../scripts/lazySdk");

const SDK = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const CODE_PATHS = path.join(SDK, "runtime", "closure", "codePaths.js");

/** Runs `script` in a fresh node, with the transpile hook (and so the deferral) unless `hook` is false; its stdout as JSON. */
function runNode(script: string, { hook = true, lazy = true } = {}): any {
    const args = hook ? ["-r", path.join(ROOT, "scripts", "transpileHook.js"), "-e", script] : ["-e", script];
    const env = { ...process.env, SIGMA_LAZY_SDK: lazy ? "1" : "0" };
    const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", env });
    assert.strictEqual(run.status, 0, run.stderr);
    return JSON.parse(run.stdout);
}

/** Loaded modules under a package, counted in the child's require.cache. */
const loadedUnder = (pkg: string) =>
    `Object.keys(require.cache).filter((id) => id.split(require("path").sep).join("/").includes("/node_modules/${pkg}/")).length`;

describe("scripts/lazySdk: @pulumi/pulumi's function-serialization parts load on first use, not at require time", function () {
    this.timeout(120000);

    it("names files the pinned SDK has, and the codePaths stand-in offers exactly the real module's exports", () => {
        for (const entry of DEFERRED) {
            assert.ok(fs.existsSync(path.join(SDK, entry.file)), `${entry.file} is in @pulumi/pulumi`);
        }
        const real = runNode(`console.log(JSON.stringify(Object.keys(require(${JSON.stringify(CODE_PATHS)}))))`, { hook: false });
        const entry = DEFERRED.find((e: { file: string }) => path.join(SDK, e.file) === CODE_PATHS);
        assert.deepStrictEqual([...real].sort(), [...entry.functions].sort());
    });

    it("with the hook, loading both SDKs loads neither npm's package walker nor TypeScript; without the deferral it loads both", () => {
        const probe = `require("@pulumi/pulumi"); require("@pulumi/aws");
            console.log(JSON.stringify({ arborist: ${loadedUnder("@npmcli/arborist")}, typescript: ${loadedUnder("typescript")} }))`;
        assert.deepStrictEqual(runNode(probe), { arborist: 0, typescript: 0 });
        const eager = runNode(probe, { lazy: false });
        assert.ok(eager.arborist > 10 && eager.typescript > 0, `the control loads them eagerly: ${JSON.stringify(eager)}`);
    });

    it("function serialization still works through the stand-ins, with the same text as without them", () => {
        const script = `const pulumi = require("@pulumi/pulumi");
            const before = ${loadedUnder("typescript")};
            const f = (x) => x * 2 + Math.max(1, x);
            pulumi.runtime.serializeFunction(f).then(async (s) => {
                const root = await require(${JSON.stringify(CODE_PATHS)}).findWorkspaceRoot(process.cwd());
                console.log(JSON.stringify({ text: s.text, before, after: ${loadedUnder("typescript")}, root }));
            });`;
        const deferred = runNode(script);
        const eager = runNode(script, { lazy: false });
        assert.strictEqual(deferred.before, 0);
        assert.ok(deferred.after > 0, "serializing a function loaded TypeScript on demand");
        assert.deepStrictEqual({ text: deferred.text, root: deferred.root }, { text: eager.text, root: eager.root });
        assert.match(deferred.text, /x \* 2 \+ Math\.max\(1, x\)/);
    });

    it("the proxy answers reads, `in` and key listing from the real module, and the first call replaces the stand-in", () => {
        const script = `const Module = require("module");
            const shimFile = require.resolve("@pulumi/pulumi/typescript-shim");
            const shim = require(shimFile);
            const standIn = Module._cache[shimFile].sigmaDeferred === true;
            const out = { standIn, kind: shim.SyntaxKind.Identifier, has: "createSourceFile" in shim,
                listed: Object.keys(shim).includes("createSourceFile"), same: shim.createSourceFile === require("typescript").createSourceFile,
                replaced: Module._cache[shimFile] && !Module._cache[shimFile].sigmaDeferred };
            const cp = require(${JSON.stringify(CODE_PATHS)});
            out.cpStandIn = Module._cache[${JSON.stringify(CODE_PATHS)}].sigmaDeferred === true;
            cp.findWorkspaceRoot(process.cwd()).then(() => {
                out.cpReplaced = !Module._cache[${JSON.stringify(CODE_PATHS)}].sigmaDeferred;
                out.cpReal = typeof require(${JSON.stringify(CODE_PATHS)}).computeCodePaths === "function";
                console.log(JSON.stringify(out));
            });`;
        const ts = require("typescript");
        assert.deepStrictEqual(runNode(script), {
            standIn: true, kind: ts.SyntaxKind.Identifier, has: true, listed: true, same: true, replaced: true,
            cpStandIn: true, cpReplaced: true, cpReal: true,
        });
    });

    it("leaves alone a file already loaded and a file the SDK does not have", () => {
        const fake = fs.mkdtempSync(path.join(require("os").tmpdir(), "sigma-lazy-sdk-"));
        try {
            fs.mkdirSync(path.join(fake, "runtime", "closure"), { recursive: true });
            fs.writeFileSync(path.join(fake, "typescript-shim.js"), "module.exports = { real: true };");
            const Module = require("module");
            const shim = path.join(fake, "typescript-shim.js");
            assert.deepStrictEqual(deferUnusedSdkModules(fake), [shim], "only the file that exists is deferred");
            assert.strictEqual(Module._cache[shim].sigmaDeferred, true);
            assert.strictEqual(require(shim).real, true, "a read through the stand-in reaches the real module");
            assert.ok(!Module._cache[shim].sigmaDeferred, "and the real module replaced the stand-in");
            assert.deepStrictEqual(deferUnusedSdkModules(fake), [], "a file already loaded is not replaced");
            delete Module._cache[shim];
        } finally {
            fs.rmSync(fake, { recursive: true, force: true });
        }
    });
});
