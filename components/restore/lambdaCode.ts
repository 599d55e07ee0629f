import * as fs from "fs";
import * as path from "path";

/**
 * The restore Lambda's JavaScript. The published library ships handler.js next to this module (npm run build
 * compiles components/** to dist/), so that file is used as is. Run from source (ts-node, as `pulumi up` runs
 * this repository), only handler.ts exists, and it is transpiled with the esbuild devDependency. Either way
 * the result is one self-contained CommonJS file: its only import, @aws-sdk/client-backup, ships with the
 * Node.js Lambda runtime, so nothing is bundled and the code hash changes only when the handler does.
 */
export function restoreHandlerCode(dir: string = __dirname): string {
    const cached = handlerCodeByDir.get(dir);
    if (cached !== undefined) {
        return cached;
    }
    const code = readOrTranspileHandler(dir);
    handlerCodeByDir.set(dir, code);
    return code;
}

/** One transpile per process: a program that synthesises several stacks (tests, the plan's --compare) reuses it. */
const handlerCodeByDir = new Map<string, string>();

function readOrTranspileHandler(dir: string): string {
    const compiled = path.join(dir, "handler.js");
    if (fs.existsSync(compiled)) {
        return fs.readFileSync(compiled, "utf8");
    }
    const source = path.join(dir, "handler.ts");
    if (!fs.existsSync(source)) {
        throw new Error(`the restore handler is missing: neither ${compiled} nor ${source} exists; rebuild the package`);
    }
    // Loaded lazily: only source checkouts reach this line, and they have the esbuild devDependency (its
    // TypeScript transform starts in milliseconds, where the TypeScript compiler took ~300 ms on every synth).
    const esbuild = require("esbuild") as typeof import("esbuild");
    try {
        return esbuild.transformSync(fs.readFileSync(source, "utf8"), { loader: "ts", format: "cjs", target: "es2022", sourcefile: source }).code;
    } catch (err) {
        throw new Error(`the restore handler does not transpile: ${err instanceof Error ? err.message : String(err)}`);
    }
}
