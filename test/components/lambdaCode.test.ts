import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    bundleRestoreHandler, BuiltLambdaCode, LambdaCodeSource, loadLambdaCode, RESTORE_HANDLER_CODE,
} from "../../components/restore/lambdaCode";
import { RESTORE_VALIDATION_CODE } from "../../components/restore/restoreValidationCode";

const HANDLER_DIR = path.join(__dirname, "..", "..", "components", "restore");

/** The source with its build counted: each count is one start of esbuild. */
function counted(source: LambdaCodeSource): LambdaCodeSource & { builds: number } {
    const wrapped = {
        what: source.what, shippedFile: source.shippedFile, sourceFile: source.sourceFile, builds: 0,
        get settings() { return source.settings; },
        build(entry: string): BuiltLambdaCode {
            wrapped.builds++;
            return source.build(entry);
        },
    };
    return wrapped;
}

describe("Lambda code from source: built once, then read from the disk cache keyed by its inputs' content", () => {
    let cacheDir: string;
    let tree: string;

    beforeEach(() => {
        cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "sigma-lambda-cache-"));
        tree = fs.mkdtempSync(path.join(os.tmpdir(), "sigma-lambda-src-"));
    });
    afterEach(() => {
        fs.rmSync(cacheDir, { recursive: true, force: true });
        fs.rmSync(tree, { recursive: true, force: true });
    });

    it("the restore handler: the first load bundles, a second one (another process: a new loader) does not start esbuild, same bytes", () => {
        const first = counted(RESTORE_HANDLER_CODE);
        const code = loadLambdaCode(first, HANDLER_DIR, cacheDir);
        assert.strictEqual(first.builds, 1);
        assert.strictEqual(code, bundleRestoreHandler(path.join(HANDLER_DIR, "handler.ts")));
        const second = counted(RESTORE_HANDLER_CODE);
        assert.strictEqual(loadLambdaCode(second, HANDLER_DIR, cacheDir), code);
        assert.strictEqual(second.builds, 0);
        // The manifest names the handler and the model/ files it bundles: the key covers the files it imports.
        const manifest = fs.readdirSync(cacheDir).filter((f) => f.startsWith("lambda-inputs-"));
        assert.strictEqual(manifest.length, 1);
        const inputs: string[] = JSON.parse(fs.readFileSync(path.join(cacheDir, manifest[0]), "utf8"));
        assert.strictEqual(inputs[0], path.join(HANDLER_DIR, "handler.ts"));
        assert.ok(inputs.some((i) => i.startsWith(path.resolve(HANDLER_DIR, "..", "..", "model") + path.sep)), inputs.join(", "));
    });

    it("the restore validator: the same, through the same loader", () => {
        const first = counted(RESTORE_VALIDATION_CODE);
        const code = loadLambdaCode(first, HANDLER_DIR, cacheDir);
        const second = counted(RESTORE_VALIDATION_CODE);
        assert.strictEqual(loadLambdaCode(second, HANDLER_DIR, cacheDir), code);
        assert.deepStrictEqual([first.builds, second.builds], [1, 0]);
        assert.match(code, /exports\.handler|handler:/);
    });

    it("a changed imported file, a changed entry point or other settings build again; earlier bytes find their entry again", () => {
        // A handler tree shaped like the repository's: <root>/components/restore/handler.ts importing <root>/model/dep.ts.
        const dir = path.join(tree, "components", "restore");
        fs.mkdirSync(dir, { recursive: true });
        fs.mkdirSync(path.join(tree, "model"));
        fs.writeFileSync(path.join(dir, "handler.ts"), 'import { answer } from "../../model/dep";\nexport const handler = async () => answer;\n');
        const dep = (value: string) => fs.writeFileSync(path.join(tree, "model", "dep.ts"), `export const answer: string = ${JSON.stringify(value)};\n`);
        dep("one");
        const source = counted(RESTORE_HANDLER_CODE);
        const load = () => loadLambdaCode(source, dir, cacheDir);
        assert.match(load(), /"one"/);
        assert.match(load(), /"one"/);
        assert.strictEqual(source.builds, 1, "same bytes: cached");
        dep("two");
        assert.match(load(), /"two"/, "a changed import is rebuilt, not served stale");
        assert.strictEqual(source.builds, 2);
        dep("one");
        assert.match(load(), /"one"/);
        assert.strictEqual(source.builds, 2, "the earlier bytes' code is still there under their content's name");
        fs.appendFileSync(path.join(dir, "handler.ts"), "export const extra = 1;\n");
        assert.match(load(), /extra/);
        assert.strictEqual(source.builds, 3, "a changed entry point is rebuilt");
        const other = counted({ ...RESTORE_HANDLER_CODE, settings: `${RESTORE_HANDLER_CODE.settings} minify` });
        loadLambdaCode(other, dir, cacheDir);
        assert.strictEqual(other.builds, 1, "other settings: another entry");
    });

    it("a lost cache entry or an unwritable cache builds instead of failing; a shipped file is used without building", () => {
        const dir = path.join(tree, "fn");
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, "fn.ts"), "export const handler = async (): Promise<number> => 1;\n");
        const source = counted({ ...RESTORE_VALIDATION_CODE, shippedFile: "fn.js", sourceFile: "fn.ts", settings: RESTORE_VALIDATION_CODE.settings,
            build: RESTORE_VALIDATION_CODE.build });
        loadLambdaCode(source, dir, cacheDir);
        for (const file of fs.readdirSync(cacheDir).filter((f) => f.endsWith(".js"))) {
            fs.rmSync(path.join(cacheDir, file));
        }
        loadLambdaCode(source, dir, cacheDir);
        assert.strictEqual(source.builds, 2, "the code file is gone: build");
        const unwritable = path.join(tree, "not-a-dir");
        fs.writeFileSync(unwritable, "");
        assert.match(loadLambdaCode(source, dir, unwritable), /handler/);
        assert.strictEqual(source.builds, 3);
        fs.writeFileSync(path.join(dir, "fn.js"), "exports.handler = async () => 2;\n");
        assert.strictEqual(loadLambdaCode(source, dir, cacheDir), "exports.handler = async () => 2;\n");
        assert.strictEqual(source.builds, 3, "the shipped file is read as is");
        fs.rmSync(path.join(dir, "fn.js"));
        fs.rmSync(path.join(dir, "fn.ts"));
        assert.throws(() => loadLambdaCode(source, dir, cacheDir), /the restore validator is missing: neither .*fn\.js nor .*fn\.ts exists; rebuild the package/);
    });

    it("a handler that does not build names itself and esbuild's reason", () => {
        const dir = path.join(tree, "components", "restore");
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, "handler.ts"), 'import { nothing } from "./absent";\nexport const handler = nothing;\n');
        assert.throws(() => loadLambdaCode(RESTORE_HANDLER_CODE, dir, cacheDir), /the restore handler does not bundle: .*absent/s);
        assert.deepStrictEqual(fs.readdirSync(cacheDir), [], "nothing cached for a failed build");
    });
});
