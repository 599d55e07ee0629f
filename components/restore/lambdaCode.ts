import * as fs from "fs";
import * as path from "path";

/** The bundled handler's file name: `npm run build` writes it next to the compiled lambdaCode.js (writeRestoreHandlerBundle). */
export const HANDLER_BUNDLE_FILE = "handler.bundle.js";

/**
 * The restore Lambda's JavaScript: one self-contained CommonJS file holding handler.ts and the model/ files it imports.
 * Its only imports left to run time are the AWS SDK v3 packages the Node.js Lambda runtime ships (@aws-sdk/*) and
 * Node's built-ins. The published library ships handler.bundle.js next to this module, used as is; run from source
 * (ts-node, as `pulumi up` runs this repository) the bundle is built from handler.ts with the esbuild devDependency.
 * The bytes depend on the sources only (paths relative to the repository root, no timestamps), so the function's code
 * hash changes only when the handler or a model file it uses does.
 */
export function restoreHandlerCode(dir: string = __dirname): string {
    const cached = handlerCodeByDir.get(dir);
    if (cached !== undefined) {
        return cached;
    }
    const code = readOrBundleHandler(dir);
    handlerCodeByDir.set(dir, code);
    return code;
}

/** One bundle per process: a program that synthesises several stacks (tests, the plan's --compare) reuses it. */
const handlerCodeByDir = new Map<string, string>();

function readOrBundleHandler(dir: string): string {
    const bundled = path.join(dir, HANDLER_BUNDLE_FILE);
    if (fs.existsSync(bundled)) {
        return fs.readFileSync(bundled, "utf8");
    }
    const source = path.join(dir, "handler.ts");
    if (!fs.existsSync(source)) {
        throw new Error(`the restore handler is missing: neither ${bundled} nor ${source} exists; rebuild the package (npm run build writes ${HANDLER_BUNDLE_FILE})`);
    }
    return bundleRestoreHandler(source);
}

/**
 * Bundles handler.ts and its model/ imports. Loaded lazily: only source checkouts and the build reach this, and they
 * have the esbuild devDependency. absWorkingDir is the repository root (two levels above the handler), so the module
 * comments in the output name repository paths whatever directory the program runs from.
 */
export function bundleRestoreHandler(source: string): string {
    const esbuild = require("esbuild") as typeof import("esbuild");
    try {
        const result = esbuild.buildSync({
            absWorkingDir: path.resolve(path.dirname(source), "..", ".."),
            entryPoints: [source],
            bundle: true,
            platform: "node",
            format: "cjs",
            target: "node22",
            external: ["@aws-sdk/*"],
            charset: "utf8",
            legalComments: "none",
            logLevel: "silent",
            write: false,
        });
        return result.outputFiles[0].text;
    } catch (err) {
        throw new Error(`the restore handler does not bundle: ${err instanceof Error ? err.message : String(err)}`);
    }
}

/**
 * Writes handler.bundle.js into `outDir` (the compiled dist/components/restore) from the handler source in `sourceDir`
 * (components/restore of the repository), for the published library: package.json's build runs it after tsc.
 */
export function writeRestoreHandlerBundle(outDir: string, sourceDir: string = path.resolve(__dirname, "..", "..", "..", "components", "restore")): string {
    const target = path.join(outDir, HANDLER_BUNDLE_FILE);
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(target, bundleRestoreHandler(path.join(sourceDir, "handler.ts")));
    return target;
}
