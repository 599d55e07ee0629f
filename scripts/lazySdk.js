// Defers two parts of @pulumi/pulumi that its index loads eagerly and that only function serialization
// (`pulumi.runtime.serializeFunction`, aws.lambda.CallbackFunction) ever uses; this project serializes no functions
// (the restore Lambda's code is bundled by esbuild, components/restore/lambdaCode.ts). Loading them cost more than half
// of the floor of `require("@pulumi/pulumi"); require("@pulumi/aws")` (1.5 s -> 0.7 s CPU, 1,419 -> 595 modules,
// 140 -> 79 MB peak RSS on this machine; `npm run bench` measures it):
//   - runtime/closure/codePaths.js pulls in npm's package walker (@npmcli/arborist, pacote, sigstore: ~820 modules) at
//     require time (runtime/index.js: `exports.computeCodePaths = codePaths_1.computeCodePaths`);
//   - typescript-shim.js loads the whole TypeScript compiler (runtime/closure/parseFunction.js requires it at the top).
// Each stands in the module cache for the real file until first used; then the real module is loaded and does the work,
// so nothing changes what the SDK does, only when it loads. A file the installed SDK does not have is left alone (an
// SDK that moved it loses the speed-up, not correctness); test/offline/lazySdk.test.ts pins the names against the SDK.
"use strict";
const fs = require("fs");
const Module = require("module");
const path = require("path");

/**
 * The deferred files, relative to @pulumi/pulumi's folder. `functions`: the module's exports, each a function, called
 * through to the real module; `proxy`: the module is reached through property reads only, answered by the real module.
 */
const DEFERRED = [
    { file: path.join("runtime", "closure", "codePaths.js"), functions: ["computeCodePaths", "findWorkspaceRoot"] },
    { file: "typescript-shim.js", proxy: true },
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
    return new Proxy({}, {
        get: (_, key) => load()[key],
        has: (_, key) => key in load(),
        ownKeys: () => Reflect.ownKeys(load()),
        getOwnPropertyDescriptor: (_, key) => {
            const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
            return descriptor && { ...descriptor, configurable: true };
        },
    });
}

/**
 * Puts the stand-ins in the module cache for the @pulumi/pulumi installed in `sdkDir` (by default the one this project
 * resolves). Returns the files deferred (absolute paths).
 */
function deferUnusedSdkModules(sdkDir = defaultSdkDir()) {
    const deferred = [];
    if (sdkDir === undefined) {
        return deferred;
    }
    for (const entry of DEFERRED) {
        const filename = path.join(sdkDir, entry.file);
        if (Module._cache[filename] || !fs.existsSync(filename)) {
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

function defaultSdkDir() {
    try {
        return path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [path.join(__dirname, "..")] }));
    } catch {
        return undefined;
    }
}

module.exports = { DEFERRED, deferUnusedSdkModules };
