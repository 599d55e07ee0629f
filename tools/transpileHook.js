// Loads the program's .ts files for the offline tools (synth, plan) faster than ts-node: transpile-only like
// ts-node/register/transpile-only, but without its source-map-support hook (Pulumi captures a stack per
// resource, and mapping each one cost ~150 ms) and with a content-addressed disk cache, so a run whose
// sources did not change never loads the TypeScript compiler (~300 ms). Type-checking stays in `npm test`.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const os = require("os");
const path = require("path");

const COMPILER_OPTIONS = { module: "commonjs", target: "es2022", esModuleInterop: true, sourceMap: false };
const CACHE_DIR = process.env.SIGMA_TRANSPILE_CACHE || path.join(os.tmpdir(), `sigma-transpile-cache-${os.userInfo().uid}`);
const TYPESCRIPT_VERSION = require("typescript/package.json").version;

let typescript;
function transpile(source, filename) {
    typescript = typescript || require("typescript");
    const { options } = typescript.convertCompilerOptionsFromJson(COMPILER_OPTIONS, path.dirname(filename));
    return typescript.transpileModule(source, { compilerOptions: options, fileName: filename, reportDiagnostics: false }).outputText;
}

function cachedTranspile(source, filename) {
    const key = crypto.createHash("sha256")
        .update(`${TYPESCRIPT_VERSION}\0${JSON.stringify(COMPILER_OPTIONS)}\0${filename}\0${source}`).digest("hex");
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

require.extensions[".ts"] = (module, filename) => {
    module._compile(cachedTranspile(fs.readFileSync(filename, "utf8"), filename), filename);
};
