import * as fs from "fs";
import * as path from "path";

const HANDLER = "restoreValidationHandler";

/**
 * The restore validator Lambda's JavaScript, one self-contained CommonJS file. The published library ships
 * restoreValidationHandler.js next to this module (npm run build compiles components/**), which is used as is; run
 * from source (ts-node, as `pulumi up` runs this repository) the .ts is transpiled with the esbuild devDependency.
 * Its imports are Node's http and the AWS SDK v3 clients the Node.js Lambda runtime ships, so nothing is bundled
 * and the code hash changes only when the handler does. (Same scheme as lambdaCode.ts for the restore handler.)
 */
export function restoreValidationCode(dir: string = __dirname): string {
    const cached = codeByDir.get(dir);
    if (cached !== undefined) {
        return cached;
    }
    const code = readOrTranspile(dir);
    codeByDir.set(dir, code);
    return code;
}

/** One transpile per process: a program that synthesises several stacks reuses it. */
const codeByDir = new Map<string, string>();

function readOrTranspile(dir: string): string {
    const compiled = path.join(dir, `${HANDLER}.js`);
    if (fs.existsSync(compiled)) {
        return fs.readFileSync(compiled, "utf8");
    }
    const source = path.join(dir, `${HANDLER}.ts`);
    if (!fs.existsSync(source)) {
        throw new Error(`the restore validator is missing: neither ${compiled} nor ${source} exists; rebuild the package`);
    }
    // Loaded lazily: only source checkouts reach this line, and they have the esbuild devDependency.
    const esbuild = require("esbuild") as typeof import("esbuild");
    try {
        return esbuild.transformSync(fs.readFileSync(source, "utf8"), { loader: "ts", format: "cjs", target: "es2022", sourcefile: source }).code;
    } catch (err) {
        throw new Error(`the restore validator does not transpile: ${err instanceof Error ? err.message : String(err)}`);
    }
}
