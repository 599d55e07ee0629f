import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ROOT } from "./tempProject";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEFERRED, MIN_SUBMODULES, deferredFile, deferUnusedSdkModules, forwardingProxy, lazyAwsIndex } = require("../../scripts/lazySdk");

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

/** In a child: how many modules (stand-ins not counted) are loaded from `pkg`, whose path inside it matches `tail`. */
function countLoaded(pkg: string, tail: string): number {
    const cache: Record<string, { sigmaDeferred?: boolean }> = require.cache as any;
    const inside = new RegExp(`/node_modules/${pkg}/${tail}`);
    return Object.keys(cache).filter((id) => !cache[id].sigmaDeferred && inside.test(id.split(require("path").sep).join("/"))).length;
}
const loadedUnder = (pkg: string, tail = "") => `(${countLoaded.toString()})(${JSON.stringify(pkg)}, ${JSON.stringify(tail)})`;

describe("scripts/lazySdk: the SDK parts an offline run does not use (function serialization, gRPC, unnamed AWS services) load on first use", function () {
    this.timeout(120000);

    it("names modules the pinned SDK has, and each stand-in offers exactly the real module's exports, of the same kinds", () => {
        const files = DEFERRED.map((entry: object) => deferredFile(entry, SDK));
        assert.ok(files.every((f: string | undefined) => f !== undefined && fs.existsSync(f)), `every deferred module is installed: ${files}`);
        const real = runNode(`const files = ${JSON.stringify(files)};
            console.log(JSON.stringify(files.map((f) => { const m = require(f);
                return { esModule: m.__esModule, kinds: Object.fromEntries(Object.keys(m).map((k) => [k, typeof m[k]])) }; })))`, { hook: false });
        DEFERRED.forEach((entry: any, i: number) => {
            const name = entry.file ?? entry.module;
            if (entry.functions) {
                assert.deepStrictEqual(real[i].kinds, Object.fromEntries(entry.functions.map((f: string) => [f, "function"])), name);
            }
            if (entry.values) {
                assert.deepStrictEqual(real[i].kinds, entry.values, name);
            }
            if (entry.proxy && "esModule" in entry.proxy) {
                assert.strictEqual(real[i].esModule, entry.proxy.esModule, `${name}: __esModule is answered without loading`);
            }
        });
        assert.deepStrictEqual(DEFERRED.map((e: any) => Object.keys(e).filter((k) => k !== "file" && k !== "module")).flat().sort(),
            ["functions", "proxy", "proxy", "values", "values", "values", "values", "values", "values"]);
    });

    it("with the hook, loading both SDKs loads neither npm's package walker nor TypeScript; without the deferral it loads both", () => {
        const probe = `require("@pulumi/pulumi"); require("@pulumi/aws");
            console.log(JSON.stringify({ arborist: ${loadedUnder("@npmcli/arborist")}, typescript: ${loadedUnder("typescript")},
                grpc: ${loadedUnder("@grpc/grpc-js")}, awsServices: ${loadedUnder("@pulumi/aws", "\\w+/index\\.js$")} }))`;
        const deferred = runNode(probe);
        assert.deepStrictEqual({ ...deferred, awsServices: deferred.awsServices < 10 }, { arborist: 0, typescript: 0, grpc: 0, awsServices: true });
        const eager = runNode(probe, { lazy: false });
        assert.ok(eager.arborist > 10 && eager.typescript > 0 && eager.grpc > 10 && eager.awsServices > 200, `the control loads them eagerly: ${JSON.stringify(eager)}`);
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

    it("gRPC works through the stand-ins: a real server and client of the engine service exchange a call", () => {
        const script = `const grpc = require("@grpc/grpc-js");
            const engrpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
            const enginepb = require("@pulumi/pulumi/proto/engine_pb");
            const { Empty } = require("google-protobuf/google/protobuf/empty_pb");
            const Module = require("module");
            const before = Module._cache[require.resolve("@grpc/grpc-js")].sigmaDeferred === true;
            const server = new grpc.Server();
            const seen = [];
            server.addService(engrpc.EngineService, { log: (call, cb) => { seen.push(call.request.getMessage()); cb(null, new Empty()); } });
            server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
                if (err) throw err;
                const client = new engrpc.EngineClient("127.0.0.1:" + port, grpc.credentials.createInsecure());
                const request = new enginepb.LogRequest();
                request.setMessage("through the stand-ins");
                client.log(request, (e) => {
                    if (e) throw e;
                    console.log(JSON.stringify({ before, seen, isClient: client instanceof grpc.Client }));
                    client.close(); server.forceShutdown();
                });
            });`;
        assert.deepStrictEqual(runNode(script), { before: true, seen: ["through the stand-ins"], isClient: true });
    });

    it("@pulumi/aws's index: every service module named as before, as the same module object, loaded when first read", () => {
        const awsDir = path.dirname(require.resolve("@pulumi/aws/package.json"));
        const script = `const aws = require("@pulumi/aws"); const Module = require("module");
            const loaded = () => Object.keys(require.cache).filter((id) => id.startsWith(${JSON.stringify(path.join(awsDir, "ec2") + path.sep)})).length;
            const before = loaded();
            const same = aws.ec2 === require("@pulumi/aws/ec2") && typeof aws.ec2.SecurityGroup === "function";
            console.log(JSON.stringify({ keys: Object.keys(aws).sort(), before, after: loaded(), same }))`;
        const deferred = runNode(script);
        const eager = runNode(script, { lazy: false });
        assert.deepStrictEqual(deferred.keys, eager.keys);
        assert.deepStrictEqual({ before: deferred.before, after: deferred.after > 0, same: deferred.same }, { before: 0, after: true, same: true });
        assert.ok(eager.before > 0, "without the rewrite, the index loads ec2 itself");
    });

    it("lazyAwsIndex rewrites only the generated shape: too few pairs, or a name used elsewhere, leave the source as it is", () => {
        const pair = (n: string) => `const ${n} = __importStar(require("./${n}"));\nexports.${n} = ${n};`;
        const names = Array.from({ length: MIN_SUBMODULES }, (_, i) => `svc${i}`);
        const source = names.map(pair).join("\n");
        const rewritten = lazyAwsIndex(source);
        assert.strictEqual((rewritten.match(/Object\.defineProperty\(exports, "svc\d+", \{ enumerable: true, configurable: true, get: \(\) => __importStar\(require\("\.\/svc\d+"\)\) \}\);/g) ?? []).length, MIN_SUBMODULES);
        assert.ok(!rewritten.includes("const svc"), rewritten.slice(0, 200));
        const fewer = names.slice(1).map(pair).join("\n");
        assert.strictEqual(lazyAwsIndex(fewer), fewer);
        const used = `${source}\nconsole.log(svc7.x);`;
        assert.strictEqual(lazyAwsIndex(used), used);
        const pathOnly = `${source}\nrequire("./svc7/enums"); exports.svc7x = "svc7";`;
        assert.notStrictEqual(lazyAwsIndex(pathOnly), pathOnly, "a name inside a path or a string is not a use");
        const exported = `${source}\nexports.svc7.y = 1;`;
        assert.notStrictEqual(lazyAwsIndex(exported), exported, "a name read as exports.<name> is not a use");
    });

    it("a forwarding proxy answers every operation from the real value, read only when first needed", () => {
        class Real {
            static kind = "client";
            constructor(readonly address: string) {}
            static ping(x: number) { return x + 1; }
        }
        let reads = 0;
        const real = () => (reads++, Real);
        const Lazy = forwardingProxy(function () {}, real);
        assert.strictEqual(reads, 0, "making the proxy reads nothing");
        const made = new Lazy("127.0.0.1:1");
        assert.ok(made instanceof Real && made instanceof Lazy, "new builds a real instance, and instanceof holds both ways");
        assert.strictEqual(made.address, "127.0.0.1:1");
        class Sub extends (Lazy as new (address: string) => object) { extra = 1; }
        const sub: any = new Sub("x");
        assert.ok(sub instanceof Sub && sub instanceof Real && sub.extra === 1, "a subclass keeps its own prototype");
        assert.strictEqual(Lazy.ping(1), 2);
        assert.strictEqual(Lazy.kind, "client");
        assert.ok("ping" in Lazy && !("pong" in Lazy));
        assert.ok(Object.getOwnPropertyNames(Lazy).includes("ping") && Object.getOwnPropertyNames(Lazy).includes("prototype"));
        assert.strictEqual(Object.getPrototypeOf(Lazy), Object.getPrototypeOf(Real));
        Lazy.kind = "server";
        assert.strictEqual(Real.kind, "server", "a write reaches the real value");
        const calls = forwardingProxy(function () {}, () => (a: number, b: number) => a * b);
        assert.strictEqual(calls(6, 7), 42, "a call reaches the real function");
        const service = forwardingProxy({}, () => ({ log: { path: "/pulumirpc.Engine/Log" } }));
        assert.deepStrictEqual(Object.keys(service), ["log"]);
        assert.deepStrictEqual({ ...service }, { log: { path: "/pulumirpc.Engine/Log" } });
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
