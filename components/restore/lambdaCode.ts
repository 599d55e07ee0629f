import * as fs from "fs";
import * as path from "path";

/**
 * The restore Lambda's JavaScript. The published library ships handler.js next to this module (npm run build
 * compiles components/** to dist/), so that file is used as is. Run from source (ts-node, as `pulumi up` runs
 * this repository), only handler.ts exists, and it is transpiled with the typescript devDependency. Either way
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
    // Loaded lazily: only source checkouts reach this line, and they have the typescript devDependency.
    const ts = require("typescript") as typeof import("typescript");
    const result = ts.transpileModule(fs.readFileSync(source, "utf8"), {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
        fileName: "handler.ts",
        reportDiagnostics: true,
    });
    const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (errors.length > 0) {
        throw new Error(`the restore handler does not transpile: ${errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("; ")}`);
    }
    return result.outputText;
}
