import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The bundled handler's file name: `npm run build` writes it next to the compiled lambdaCode.js (writeRestoreHandlerBundle). */
export const HANDLER_BUNDLE_FILE = "handler.bundle.js";

/** What esbuild made from a Lambda's TypeScript: the code, and every file it read (the cache's key is their contents). */
export interface BuiltLambdaCode {
    code: string;
    /** Absolute paths of the files the code was built from, the entry point first. */
    inputs: string[];
}

/**
 * One Lambda's JavaScript as this package provides it: the file the build ships next to the compiled module, used as
 * is; in a source checkout (ts-node, as `pulumi up` runs this repository, and the offline tools) built from its
 * TypeScript with the esbuild devDependency, through a disk cache keyed by the content of every file the build read.
 */
export interface LambdaCodeSource {
    /** What the code is, for messages: "the restore handler". */
    what: string;
    /** The file the published library ships next to this module. */
    shippedFile: string;
    /** The TypeScript entry point next to this module in a source checkout. */
    sourceFile: string;
    /** The esbuild options and version: changing them makes a new cache entry. */
    settings: string;
    /** Builds the code from the entry point (starts esbuild). */
    build(sourceFile: string): BuiltLambdaCode;
}

/** esbuild's version, read from its package.json: reading it does not start esbuild. */
function esbuildVersion(): string {
    return (require("esbuild/package.json") as { version: string }).version;
}

/** Loaded lazily: only source checkouts and the build reach esbuild, and they have the devDependency. */
function esbuild(): typeof import("esbuild") {
    return require("esbuild") as typeof import("esbuild");
}

/**
 * The restore handler's bundle options. absWorkingDir is the repository root (two levels above the handler), so the
 * module comments in the output name repository paths whatever directory the program runs from.
 */
function bundleOptions(source: string): import("esbuild").BuildOptions & { absWorkingDir: string; write: false; metafile: true } {
    return {
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
        metafile: true,
    };
}

/** The restore Lambda: handler.ts and the model/ files it imports, bundled into one file. */
export const RESTORE_HANDLER_CODE: LambdaCodeSource = {
    what: "the restore handler",
    shippedFile: HANDLER_BUNDLE_FILE,
    sourceFile: "handler.ts",
    // The options without the entry point's location (the cache key names the entry point itself).
    get settings() {
        const { absWorkingDir, entryPoints, ...options } = bundleOptions("handler.ts");
        return `esbuild ${esbuildVersion()} build ${JSON.stringify(options)}`;
    },
    build(source: string): BuiltLambdaCode {
        const options = bundleOptions(source);
        try {
            const result = esbuild().buildSync(options);
            return {
                code: result.outputFiles![0].text,
                inputs: [source, ...Object.keys(result.metafile!.inputs).map((input) => path.resolve(options.absWorkingDir, input))
                    .filter((input) => input !== path.resolve(source))],
            };
        } catch (err) {
            throw new Error(`the restore handler does not bundle: ${err instanceof Error ? err.message : String(err)}`);
        }
    },
};

/** The esbuild transform of a Lambda that imports nothing of the project (the restore validator). */
export const TRANSFORM_OPTIONS = { loader: "ts", format: "cjs", target: "es2022" } as const;

/** A Lambda whose TypeScript imports nothing of the project, transpiled as one file (`<name>.ts` -> `<name>.js`). */
export function singleFileLambda(what: string, name: string): LambdaCodeSource {
    return {
        what,
        shippedFile: `${name}.js`,
        sourceFile: `${name}.ts`,
        get settings() {
            return `esbuild ${esbuildVersion()} transform ${JSON.stringify(TRANSFORM_OPTIONS)}`;
        },
        build(source: string): BuiltLambdaCode {
            try {
                return { code: esbuild().transformSync(fs.readFileSync(source, "utf8"), { ...TRANSFORM_OPTIONS, sourcefile: source }).code, inputs: [source] };
            } catch (err) {
                throw new Error(`${what} does not transpile: ${err instanceof Error ? err.message : String(err)}`);
            }
        },
    };
}

/**
 * Where built Lambda code is kept between processes: the offline tools' transpile cache (scripts/transpileHook.js),
 * `$SIGMA_TRANSPILE_CACHE` or `$TMPDIR/sigma-transpile-cache-<uid>`.
 */
export function defaultCodeCacheDir(): string {
    let user: string;
    try {
        user = String(os.userInfo().uid);
    } catch {
        user = "user"; // a uid with no passwd entry (some containers)
    }
    return process.env.SIGMA_TRANSPILE_CACHE || path.join(os.tmpdir(), `sigma-transpile-cache-${user}`);
}

/**
 * A Lambda's JavaScript from `dir`: the shipped file when the build put one there, else built from the TypeScript
 * entry point, reusing the code a previous process built from the same bytes. Throws naming both files when neither
 * exists.
 */
export function loadLambdaCode(source: LambdaCodeSource, dir: string, cacheDir: string = defaultCodeCacheDir()): string {
    const shipped = path.join(dir, source.shippedFile);
    if (fs.existsSync(shipped)) {
        return fs.readFileSync(shipped, "utf8");
    }
    const entry = path.resolve(dir, source.sourceFile);
    if (!fs.existsSync(entry)) {
        throw new Error(`${source.what} is missing: neither ${shipped} nor ${entry} exists; rebuild the package (npm run build writes ${source.shippedFile})`);
    }
    return cachedBuild(source, entry, cacheDir);
}

const sha256 = (text: string | Buffer) => crypto.createHash("sha256").update(text).digest("hex");

/**
 * The cache: `<manifest>.json` lists the files the last build of an entry point read (named by a hash of the settings
 * and the entry point's path); `<code>.js` holds the code, named by a hash of the settings and the path and content of
 * every one of those files. A changed input, a new import (the importing file changed) or other settings give another
 * name, so a stale entry is never read; going back to earlier bytes finds their entry again.
 */
function cachedBuild(source: LambdaCodeSource, entry: string, cacheDir: string): string {
    const settings = source.settings;
    const manifest = path.join(cacheDir, `lambda-inputs-${sha256(`${settings}\0${entry}`)}.json`);
    const codeFile = (inputs: string[]) => {
        const hash = crypto.createHash("sha256").update(`${settings}\0`);
        for (const input of inputs) {
            hash.update(`${input}\0`).update(sha256(fs.readFileSync(input))).update("\0");
        }
        return path.join(cacheDir, `lambda-${hash.digest("hex")}.js`);
    };
    try {
        const inputs = JSON.parse(fs.readFileSync(manifest, "utf8")) as string[];
        return fs.readFileSync(codeFile(inputs), "utf8");
    } catch {
        // No entry, an input gone, or bytes not built before: build.
    }
    const built = source.build(entry);
    try {
        fs.mkdirSync(cacheDir, { recursive: true });
        writeAtomically(codeFile(built.inputs), built.code);
        writeAtomically(manifest, JSON.stringify(built.inputs));
    } catch {
        // An unwritable cache only costs speed.
    }
    return built.code;
}

/** Write then rename, so a process running in parallel never reads a half-written file. */
function writeAtomically(file: string, text: string): void {
    const partial = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(partial, text);
    fs.renameSync(partial, file);
}

/**
 * The restore Lambda's JavaScript: one self-contained CommonJS file holding handler.ts and the model/ files it imports.
 * Its only imports left to run time are the AWS SDK v3 packages the Node.js Lambda runtime ships (@aws-sdk/*) and
 * Node's built-ins. The published library ships handler.bundle.js next to this module, used as is; run from source the
 * bundle is built from handler.ts (loadLambdaCode). The bytes depend on the sources only (paths relative to the
 * repository root, no timestamps), so the function's code hash changes only when the handler or a model file it uses does.
 */
export function restoreHandlerCode(dir: string = __dirname): string {
    let code = handlerCodeByDir.get(dir);
    if (code === undefined) {
        code = loadLambdaCode(RESTORE_HANDLER_CODE, dir);
        handlerCodeByDir.set(dir, code);
    }
    return code;
}

/** One load per process: a program that synthesises several stacks (tests, the plan's --compare) reuses it. */
const handlerCodeByDir = new Map<string, string>();

/** Bundles handler.ts and its model/ imports (no cache): the build and the tests call this. */
export function bundleRestoreHandler(source: string): string {
    return RESTORE_HANDLER_CODE.build(source).code;
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
