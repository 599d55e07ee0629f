// Loads the program's .ts files for the offline tools (synth, plan, policy check) faster than ts-node:
// transpile-only like ts-node/register/transpile-only, but without its source-map-support hook (Pulumi
// captures a stack per resource, and mapping each one cost ~150 ms), with esbuild's TypeScript transform
// instead of the TypeScript compiler (whose start-up alone was ~300 ms of a cold run), and with a
// content-addressed disk cache. Type-checking stays in `npm test` (tsc --noEmit).
// It also keeps V8's compiled code of every CommonJS module on disk (scripts/codeCache.js, node 20 has no
// module.enableCompileCache), in node_modules/.cache/sigma-code-cache; SIGMA_CODE_CACHE=0 turns that off.
// And it defers the parts of @pulumi/pulumi that only function serialization uses (scripts/lazySdk.js: npm's package
// walker and the TypeScript compiler, more than half of the SDK's load time) and @pulumi/aws's service modules until a
// program names them; SIGMA_LAZY_SDK=0 turns that off. And the offline commands run with V8 tiering tuned for short
// runs (scripts/v8Tuning.js; SIGMA_V8_FLAGS overrides it).
"use strict";
// Before anything is compiled (V8 ties a code cache to the flags it was made under, so they are part of its key).
const V8_FLAGS = require("./v8Tuning").v8FlagsFor(process.argv[1]);
if (V8_FLAGS) {
    require("v8").setFlagsFromString(V8_FLAGS);
}
const crypto = require("crypto");
const fs = require("fs");
const os = require("os");
const path = require("path");

// Dynamic import() becomes require(), as tsc's CommonJS output (and ts-node) make it: the ESM loader cannot load .ts files.
const TRANSFORM_OPTIONS = { loader: "ts", format: "cjs", target: "es2022", supported: { "dynamic-import": false } };
const CACHE_DIR = process.env.SIGMA_TRANSPILE_CACHE || path.join(os.tmpdir(), `sigma-transpile-cache-${os.userInfo().uid}`);
const ESBUILD_VERSION = require("esbuild/package.json").version;

let esbuild;
function transpile(source, filename) {
    esbuild = esbuild || require("esbuild");
    return esbuild.transformSync(source, { ...TRANSFORM_OPTIONS, sourcefile: filename }).code;
}

function cachedTranspile(source, filename) {
    const key = crypto.createHash("sha256")
        .update(`esbuild ${ESBUILD_VERSION}\0${JSON.stringify(TRANSFORM_OPTIONS)}\0${filename}\0${source}`).digest("hex");
    const cacheFile = path.join(CACHE_DIR, `${key}.js`);
    try {
        return fs.readFileSync(cacheFile, "utf8");
    } catch {
        const output = transpile(source, filename);
        try {
            fs.mkdirSync(CACHE_DIR, { recursive: true });
            // Write then rename, so a parallel run never reads a half-written file.
            const partial = `${cacheFile}.${process.pid}.tmp`;
            fs.writeFileSync(partial, output);
            fs.renameSync(partial, cacheFile);
        } catch {
            // An unwritable cache only costs speed.
        }
        return output;
    }
}

if (process.env.SIGMA_LAZY_SDK !== "0") {
    require("./lazySdk").deferUnusedSdkModules();
}

if (process.env.SIGMA_CODE_CACHE !== "0") {
    const { RUNTIME_ID, createCodeCache, installCodeCache } = require("./codeCache");
    const dir = process.env.SIGMA_CODE_CACHE_DIR || path.join(__dirname, "..", "node_modules", ".cache", "sigma-code-cache");
    installCodeCache(createCodeCache(dir, `${RUNTIME_ID} ${V8_FLAGS}`));
}

// After the code cache's compile hook, so the rewritten index is what gets cached.
if (process.env.SIGMA_LAZY_SDK !== "0") {
    require("./lazySdk").deferAwsSubmodules();
}

require.extensions[".ts"] = (module, filename) => {
    module._compile(cachedTranspile(fs.readFileSync(filename, "utf8"), filename), filename);
};
