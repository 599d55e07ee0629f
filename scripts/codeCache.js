// A V8 code cache for CommonJS modules (what v8-compile-cache does, and node 22's module.enableCompileCache()):
// each module is compiled through vm.Script with the cached data V8 produced for the same source before, so a
// later process skips parsing and compiling it. Node 20 has no built-in compile cache, hence this file.
// Robustness: the cache file is named by a hash of the source, the file name and the runtime (node version, V8
// version, arch); V8 itself refuses cached data that is corrupt or from another V8 build or flags
// (https://nodejs.org/docs/latest-v20.x/api/vm.html#scriptcachedatarejected), and then the module is compiled
// from source and its cache file rewritten. Nothing here ever changes what a module does, only how fast it loads.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");
const vm = require("vm");

/** The runtime a cache file is valid for: V8's cached data is tied to the exact V8 build. */
const RUNTIME_ID = `node ${process.version} v8 ${process.versions.v8} ${process.arch}`;

/** The cache file's name for `source` of `filename` under `runtimeId`. */
function codeCacheKey(filename, source, runtimeId = RUNTIME_ID) {
    return crypto.createHash("sha256").update(`${runtimeId}\0${filename}\0${source}`).digest("hex");
}

/**
 * Sources left to Node's own compiler: a hashbang is only valid at the very start of a script (the module wrapper
 * would precede it), and `import()` needs the loader's dynamic-import callback, which a plain vm.Script lacks.
 */
function cacheable(source) {
    return !source.startsWith("#!") && !source.includes("import(");
}

/**
 * A code cache kept in `dir`. `compile(source, filename)` returns the module wrapper function and how it was
 * compiled: "hit" (V8 took the cached data), "miss" (no cache file), "rejected" (V8 refused the file: corrupt,
 * another V8 build). `flush()` writes the cache files for misses and rejections, after the modules ran, so the
 * data covers the functions they compiled lazily.
 */
function createCodeCache(dir, runtimeId = RUNTIME_ID) {
    const pending = [];
    const stats = { hit: 0, miss: 0, rejected: 0, written: 0 };
    function compile(source, filename) {
        const file = path.join(dir, `${codeCacheKey(filename, source, runtimeId)}.v8`);
        let cachedData;
        try {
            cachedData = fs.readFileSync(file);
        } catch {
            cachedData = undefined;
        }
        const script = new vm.Script(Module.wrap(source), { filename, cachedData });
        const status = cachedData === undefined ? "miss" : script.cachedDataRejected ? "rejected" : "hit";
        stats[status]++;
        if (status !== "hit") {
            pending.push({ script, file });
        }
        return { fn: script.runInThisContext({ displayErrors: true }), status };
    }
    function flush() {
        const writes = pending.splice(0);
        if (writes.length === 0) {
            return;
        }
        try {
            fs.mkdirSync(dir, { recursive: true });
        } catch {
            return; // An unwritable cache only costs speed.
        }
        for (const { script, file } of writes) {
            try {
                // Write then rename, so a parallel process never reads half a file (it would be rejected, not misread).
                const partial = `${file}.${process.pid}.tmp`;
                fs.writeFileSync(partial, script.createCachedData());
                fs.renameSync(partial, file);
                stats.written++;
            } catch {
                // As above: a failed write leaves the next process to compile from source.
            }
        }
    }
    return { compile, flush, stats, dir };
}

/** The `require` a module's code sees, as Node builds it (lib/internal/modules/helpers.js makeRequireFunction). */
function requireFor(module) {
    const require = (id) => module.require(id);
    require.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
    require.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
    require.main = process.mainModule;
    require.extensions = Module._extensions;
    require.cache = Module._cache;
    return require;
}

/**
 * Routes every CommonJS module compiled from now on through `cache` (Module.prototype._compile, as
 * v8-compile-cache does), writes the new cache files when the process exits, and returns a function that undoes both.
 */
function installCodeCache(cache) {
    const original = Module.prototype._compile;
    Module.prototype._compile = function (content, filename) {
        if (!cacheable(content)) {
            return original.call(this, content, filename);
        }
        const { fn } = cache.compile(content, filename);
        return fn.call(this.exports, this.exports, requireFor(this), this, filename, path.dirname(filename));
    };
    const onExit = () => cache.flush();
    process.on("exit", onExit);
    return () => {
        Module.prototype._compile = original;
        process.removeListener("exit", onExit);
    };
}

module.exports = { RUNTIME_ID, codeCacheKey, cacheable, createCodeCache, installCodeCache, requireFor };
