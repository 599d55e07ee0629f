import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Worker } from "worker_threads";

// Plain JavaScript beside the transpile hook, loaded as the offline tools load it.
const CODE_CACHE = path.join(__dirname, "..", "..", "scripts", "codeCache.js");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { RUNTIME_ID, cacheable, codeCacheKey, createCodeCache, installCodeCache } = require(CODE_CACHE);

/**
 * Compiles `source` as module `filename` through a fresh cache over `dir` in a new V8 isolate (a worker thread: one
 * isolate remembers what it compiled and would never consult the cache file a second time), runs it, writes the
 * cache, and returns its exports, how it was compiled and the cache's counts.
 */
function load(dir: string, source: string, filename: string, runtimeId?: string): Promise<{ exports: Record<string, number | string>; status: string; stats: Record<string, number> }> {
    const code = `
        const path = require("path");
        const { parentPort, workerData: w } = require("worker_threads");
        const { createCodeCache } = require(w.codeCache);
        const cache = w.runtimeId === undefined ? createCodeCache(w.dir) : createCodeCache(w.dir, w.runtimeId);
        const { fn, status } = cache.compile(w.source, w.filename);
        const module = { exports: {} };
        fn.call(module.exports, module.exports, require, module, w.filename, path.dirname(w.filename));
        cache.flush();
        parentPort.postMessage({ exports: module.exports, status, stats: cache.stats });`;
    const worker = new Worker(code, { eval: true, workerData: { codeCache: CODE_CACHE, dir, source, filename, runtimeId } });
    return new Promise((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
    });
}

const SOURCE = "exports.total = [1, 2, 3].reduce((a, b) => a + b, 0); exports.kind = typeof module;";

describe("scripts/codeCache.js: V8's compiled code on disk, never a changed result", () => {
    let dir: string;
    const filename = path.join(os.tmpdir(), "sigma-code-cache-subject.js");
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "sigma-code-cache-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("compiles from source the first time, writes the cache, and the next process takes V8's cached data", async () => {
        const first = await load(dir, SOURCE, filename);
        assert.deepStrictEqual([first.status, first.exports], ["miss", { total: 6, kind: "object" }]);
        assert.strictEqual(first.stats.written, 1);
        assert.deepStrictEqual(fs.readdirSync(dir), [`${codeCacheKey(filename, SOURCE)}.v8`]);
        const second = await load(dir, SOURCE, filename);
        assert.deepStrictEqual([second.status, second.exports], ["hit", { total: 6, kind: "object" }]);
        assert.strictEqual(second.stats.written, 0, "a hit rewrites nothing");
    });

    it("a corrupt cache file is refused by V8: compiled from source, same result, and the file is rewritten", async () => {
        await load(dir, SOURCE, filename);
        const file = path.join(dir, `${codeCacheKey(filename, SOURCE)}.v8`);
        fs.writeFileSync(file, Buffer.from("not V8 cached data at all, just bytes"));
        const corrupt = await load(dir, SOURCE, filename);
        assert.deepStrictEqual([corrupt.status, corrupt.exports], ["rejected", { total: 6, kind: "object" }]);
        assert.strictEqual(corrupt.stats.written, 1);
        assert.strictEqual((await load(dir, SOURCE, filename)).status, "hit", "the rewritten file is good again");
    });

    it("a truncated cache file (a process killed mid-write elsewhere) is refused the same way", async () => {
        await load(dir, SOURCE, filename);
        const file = path.join(dir, `${codeCacheKey(filename, SOURCE)}.v8`);
        fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 16));
        assert.strictEqual((await load(dir, SOURCE, filename)).status, "rejected");
    });

    it("a changed source gets its own cache file and its own result, never the old code", async () => {
        await load(dir, SOURCE, filename);
        const changed = SOURCE.replace("[1, 2, 3]", "[1, 2, 3, 4]");
        const run = await load(dir, changed, filename);
        assert.deepStrictEqual([run.status, run.exports.total], ["miss", 10]);
        assert.notStrictEqual(codeCacheKey(filename, changed), codeCacheKey(filename, SOURCE));
        assert.notStrictEqual(codeCacheKey(`${filename}x`, SOURCE), codeCacheKey(filename, SOURCE), "the file name is part of the key");
    });

    it("another node version does not read this one's cache: it compiles from source, with the same result", async () => {
        await load(dir, SOURCE, filename);
        const other = await load(dir, SOURCE, filename, "node v22.12.0 v8 12.4.254.21-node.21 x64");
        assert.deepStrictEqual([other.status, other.exports], ["miss", { total: 6, kind: "object" }]);
        assert.strictEqual(fs.readdirSync(dir).length, 2, "one file per runtime");
        assert.match(RUNTIME_ID, new RegExp(`^node ${process.version.replace(/\./g, "\\.")} v8 .+ ${process.arch}$`));
    });

    it("V8 checks only a source's length against cached data: the content hash in the file name is what keeps an edit of the same length from it", async () => {
        const other = SOURCE.replace("[1, 2, 3]", "[4, 5, 6]");
        assert.strictEqual(other.length, SOURCE.length);
        assert.notStrictEqual(codeCacheKey(filename, other), codeCacheKey(filename, SOURCE));
        await load(dir, other, filename);
        fs.copyFileSync(path.join(dir, `${codeCacheKey(filename, other)}.v8`), path.join(dir, `${codeCacheKey(filename, SOURCE)}.v8`));
        assert.strictEqual((await load(dir, SOURCE, filename)).status, "hit", "V8 accepted data compiled from another source");
    });

    it("an unwritable cache directory costs speed only", async () => {
        const blocked = path.join(dir, "file");
        fs.writeFileSync(blocked, "");
        const run = await load(path.join(blocked, "cache"), SOURCE, filename);
        assert.deepStrictEqual([run.status, run.exports.total, run.stats.written], ["miss", 6, 0]);
    });

    it("leaves hashbang scripts and dynamic import() to Node's own compiler", () => {
        assert.strictEqual(cacheable(SOURCE), true);
        assert.strictEqual(cacheable("#!/usr/bin/env node\nexports.a = 1;"), false);
        assert.strictEqual(cacheable("exports.load = () => import('x');"), false);
    });

    it("installed: a module sees Node's require, module, __filename and __dirname, and loads from the cache the next time", () => {
        const moduleDir = fs.mkdtempSync(path.join(os.tmpdir(), "sigma-code-cache-module-"));
        try {
            fs.writeFileSync(path.join(moduleDir, "helper.json"), JSON.stringify({ answer: 42 }));
            const file = path.join(moduleDir, "subject.js");
            fs.writeFileSync(file, [
                "exports.answer = require('./helper.json').answer;",
                "exports.resolved = require.resolve('./helper.json');",
                "exports.where = [__filename, __dirname, module.id === __filename, this === module.exports];",
                "exports.cached = require.cache[__filename] === module;",
            ].join("\n"));
            const loadOnce = () => {
                const cache = createCodeCache(dir);
                const undo = installCodeCache(cache);
                try {
                    delete require.cache[file];
                    return { exports: require(file), cache };
                } finally {
                    undo();
                    cache.flush();
                    delete require.cache[file];
                }
            };
            const first = loadOnce();
            assert.deepStrictEqual(first.exports, {
                answer: 42, resolved: path.join(moduleDir, "helper.json"), where: [file, moduleDir, true, true], cached: true,
            });
            assert.deepStrictEqual([first.cache.stats.miss, first.cache.stats.written], [1, 1]);
            const second = loadOnce();
            assert.deepStrictEqual(second.exports, first.exports);
            assert.strictEqual(second.cache.stats.hit, 1);
        } finally {
            fs.rmSync(moduleDir, { recursive: true, force: true });
        }
    });
});
