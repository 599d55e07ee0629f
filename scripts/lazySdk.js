// Defers parts of @pulumi/pulumi that its index loads eagerly and that an offline (mock) run never uses, and the service
// modules of @pulumi/aws until a program names them. Loading both SDKs: 1.5 -> 0.37 s CPU, 1,419 -> 251 modules, 140 ->
// 69 MB peak RSS on this machine, with the code cache (`npm run bench` measures the commands). Deferred:
//   - runtime/closure/codePaths.js, which pulls in npm's package walker (@npmcli/arborist, pacote, sigstore: ~820
//     modules) at require time (runtime/index.js: `exports.computeCodePaths = codePaths_1.computeCodePaths`), and
//     typescript-shim.js, the whole TypeScript compiler (runtime/closure/parseFunction.js requires it at the top): only
//     function serialization uses them (`pulumi.runtime.serializeFunction`, aws.lambda.CallbackFunction), and this
//     project serializes no functions (the restore Lambda's code is bundled by esbuild, components/restore/lambdaCode.ts);
//   - gRPC: the transport (~65 modules and node's http2/tls/net), which mock runs never open (runtime/settings.js,
//     callbacks.js, resource.js, invoke.js and errors.js import it at the top), and the generated *_grpc_pb.js client
//     modules, which build their client classes from it at load time.
// Each stands in the module cache for the real file until first used; then the real module is loaded and does the work,
// so nothing changes what the SDK does, only when it loads. A file the installed SDK does not have is left alone (an
// SDK that moved it loses the speed-up, not correctness); test/offline/lazySdk.test.ts pins the names against the SDK.
"use strict";
const fs = require("fs");
const Module = require("module");
const path = require("path");

/**
 * The deferred modules: `file`, relative to @pulumi/pulumi's folder, or `module`, a package as the SDK resolves it.
 * `functions`: the module's exports, each a function, called through to the real module. `proxy`: the module is reached
 * through property reads, answered by the real module; `esModule`, when given, is what `__esModule` reads, answered
 * without loading (so TypeScript's `__importStar` keeps the stand-in as it is). `values`: the module's exports and their
 * kinds, each a proxy of the real export (an older `__importStar` copies every value at import time, so the values
 * themselves must wait: a "function" one can be called and constructed, an "object" one read).
 */
const DEFERRED = [
    { file: path.join("runtime", "closure", "codePaths.js"), functions: ["computeCodePaths", "findWorkspaceRoot"] },
    { file: "typescript-shim.js", proxy: {} },
    { module: "@grpc/grpc-js", proxy: { esModule: true } },
    // The generated gRPC client modules (proto/<name>_grpc_pb.js exports <Service>Service and <Service>Client).
    ...[["engine", "Engine"], ["resource", "ResourceMonitor"], ["callback", "Callbacks"], ["events", "Events"],
        ["language", "LanguageRuntime"], ["provider", "ResourceProvider"]].map(([file, service]) => (
        { file: path.join("proto", `${file}_grpc_pb.js`), values: { [`${service}Service`]: "object", [`${service}Client`]: "function" } })),
];

/** A loader that replaces the stand-in by the real module on first call and returns it afterwards. */
function realLoader(filename) {
    let real;
    return () => {
        if (real === undefined) {
            if (Module._cache[filename] && Module._cache[filename].sigmaDeferred) {
                delete Module._cache[filename];
            }
            real = require(filename);
        }
        return real;
    };
}

/** The stand-in's exports: call-through functions, or a proxy whose reads are answered by the real module. */
function standInExports(entry, load) {
    if (entry.functions) {
        const exports = {};
        for (const name of entry.functions) {
            exports[name] = function (...args) {
                return load()[name].apply(this, args);
            };
        }
        return exports;
    }
    if (entry.values) {
        const exports = {};
        for (const [name, kind] of Object.entries(entry.values)) {
            exports[name] = forwardingProxy(kind === "function" ? function () {} : {}, () => load()[name]);
        }
        return exports;
    }
    return new Proxy({}, {
        get: (_, key) => (key === "__esModule" && "esModule" in entry.proxy ? entry.proxy.esModule : load()[key]),
        has: (_, key) => key in load(),
        ownKeys: () => Reflect.ownKeys(load()),
        getOwnPropertyDescriptor: (_, key) => {
            const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
            return descriptor && { ...descriptor, configurable: true };
        },
    });
}

/**
 * A proxy that answers every operation from `real()`: reads, calls, `new` (with the real value as the constructor),
 * `in`, key listing, `instanceof`.
 */
function forwardingProxy(target, real) {
    const proxy = new Proxy(target, {
        get: (_, key) => real()[key],
        set: (_, key, value) => Reflect.set(real(), key, value),
        has: (_, key) => key in real(),
        ownKeys: () => [...new Set([...Reflect.ownKeys(real()), ...Reflect.ownKeys(target).filter((k) => !Reflect.getOwnPropertyDescriptor(target, k).configurable)])],
        getOwnPropertyDescriptor: (_, key) => {
            const own = Reflect.getOwnPropertyDescriptor(target, key);
            if (own && !own.configurable) {
                return own; // a function target's own `prototype`: the proxy must report it as it is.
            }
            const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
            return descriptor && { ...descriptor, configurable: true };
        },
        getPrototypeOf: () => Reflect.getPrototypeOf(real()),
        apply: (_, thisArg, args) => Reflect.apply(real(), thisArg, args),
        construct: (_, args, newTarget) => Reflect.construct(real(), args, newTarget === proxy ? real() : newTarget),
    });
    return proxy;
}

/** The absolute file of a DEFERRED entry for the SDK in `sdkDir`, or undefined when that SDK has none. */
function deferredFile(entry, sdkDir) {
    if (entry.file !== undefined) {
        const filename = path.join(sdkDir, entry.file);
        return fs.existsSync(filename) ? filename : undefined;
    }
    try {
        return require.resolve(entry.module, { paths: [sdkDir] });
    } catch {
        return undefined;
    }
}

/**
 * Puts the stand-ins in the module cache for the @pulumi/pulumi installed in `sdkDir` (by default the one this project
 * resolves). Returns the files deferred (absolute paths).
 */
function deferUnusedSdkModules(sdkDir = resolvedDir("@pulumi/pulumi")) {
    const deferred = [];
    if (sdkDir === undefined) {
        return deferred;
    }
    for (const entry of DEFERRED) {
        const filename = deferredFile(entry, sdkDir);
        if (filename === undefined || Module._cache[filename]) {
            continue;
        }
        const standIn = new Module(filename, null);
        standIn.filename = filename;
        standIn.paths = Module._nodeModulePaths(path.dirname(filename));
        standIn.loaded = true;
        standIn.sigmaDeferred = true;
        standIn.exports = standInExports(entry, realLoader(filename));
        Module._cache[filename] = standIn;
        deferred.push(filename);
    }
    return deferred;
}

/**
 * @pulumi/aws's index loads all of its ~250 service modules (each registering its resource types) to export them; a
 * program uses a handful. `lazyAwsIndex` rewrites each `const ec2 = __importStar(require("./ec2")); exports.ec2 = ec2;`
 * into a getter that loads the module on first read, so `aws.ec2` is the same module object, loaded when first named.
 * The rewrite applies only when the index has the generated shape (at least MIN_SUBMODULES such pairs, and no other
 * use of the names); otherwise the source is returned unchanged.
 */
const SUBMODULE_PAIR = /^const (\w+) = __importStar\(require\("\.\/(\w+)"\)\);\nexports\.\1 = \1;$/gm;
const MIN_SUBMODULES = 100;

function lazyAwsIndex(source) {
    const names = [...source.matchAll(SUBMODULE_PAIR)].map((m) => m[1]);
    if (names.length < MIN_SUBMODULES) {
        return source;
    }
    const rewritten = source.replace(SUBMODULE_PAIR, (_, name, file) =>
        `Object.defineProperty(exports, "${name}", { enumerable: true, configurable: true, get: () => __importStar(require("./${file}")) });`);
    // A name still used elsewhere (other than as `exports.<name>`) would now be undefined: leave such an index alone.
    const stillUsed = new RegExp(`(?<![./\\w"])(?:${names.join("|")})(?![\\w"])`).test(rewritten);
    return stillUsed ? source : rewritten;
}

/** Applies `lazyAwsIndex` to @pulumi/aws's index.js (in `awsDir`, by default the one this project resolves) when it is compiled. */
function deferAwsSubmodules(awsDir = resolvedDir("@pulumi/aws")) {
    if (awsDir === undefined) {
        return;
    }
    const index = path.join(awsDir, "index.js");
    const original = Module.prototype._compile;
    Module.prototype._compile = function (content, filename) {
        return original.call(this, filename === index ? lazyAwsIndex(content) : content, filename);
    };
}

function resolvedDir(pkg) {
    try {
        return path.dirname(require.resolve(`${pkg}/package.json`, { paths: [path.join(__dirname, "..")] }));
    } catch {
        return undefined;
    }
}

module.exports = { DEFERRED, deferredFile, deferUnusedSdkModules, forwardingProxy, lazyAwsIndex, deferAwsSubmodules, MIN_SUBMODULES };
