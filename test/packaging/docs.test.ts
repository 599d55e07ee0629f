import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/**
 * Reads the components' `X_DEFAULTS` objects and the `@default` tags of their args interfaces with the TypeScript
 * compiler API. An args interface is served by the `X_DEFAULTS` its own file declares, or else by those its file
 * imports (SigmaBackupVaultArgs by BACKUP_DEFAULTS from backupDefaults.ts); a property matches the entry of the same name.
 */
export const ROOT = path.resolve(__dirname, "..", "..");
const COMPONENTS = path.join(ROOT, "components");
const DEFAULTS_NAME = /^[A-Z][A-Z0-9_]*_DEFAULTS$/;

export interface ArgProperty {
    file: string;
    iface: string;
    name: string;
    documented: boolean;
    /** The text of the `@default` tag, or undefined when there is none. */
    defaultTag: string | undefined;
    /** The `X_DEFAULTS` export (module-relative file and name) that holds this property's default, if any. */
    defaults: { file: string; name: string; key: string } | undefined;
}

function componentFiles(dir: string = COMPONENTS): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return componentFiles(full);
        return entry.name.endsWith(".ts") ? [full] : [];
    });
}

function isExported(node: ts.Node): boolean {
    return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** Every exported `X_DEFAULTS` declaration in components/, with the keys of its object literal. */
export function defaultsDeclarations(): Map<string, { file: string; keys: string[] }> {
    const found = new Map<string, { file: string; keys: string[] }>();
    for (const file of componentFiles()) {
        const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
        for (const statement of source.statements) {
            if (!ts.isVariableStatement(statement) || !isExported(statement)) continue;
            for (const declaration of statement.declarationList.declarations) {
                if (!ts.isIdentifier(declaration.name) || !DEFAULTS_NAME.test(declaration.name.text)) continue;
                let init = declaration.initializer;
                while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init))) init = init.expression;
                const keys = init && ts.isObjectLiteralExpression(init)
                    ? init.properties.flatMap((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? [p.name.text] : []))
                    : [];
                found.set(declaration.name.text, { file, keys });
            }
        }
    }
    return found;
}

/** `args.<property> ?? X_DEFAULTS.<key>` pairs in a source file: where the code takes an arg's default from. */
function fallbacks(source: ts.SourceFile, declarations: Map<string, unknown>): Map<string, { name: string; key: string }> {
    const pairs = new Map<string, { name: string; key: string }>();
    const visit = (node: ts.Node): void => {
        if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) {
            const left = node.left;
            let right: ts.Expression = node.right;
            while (ts.isParenthesizedExpression(right) || ts.isAsExpression(right)) right = right.expression;
            if (ts.isPropertyAccessExpression(left) && ts.isIdentifier(left.expression) && left.expression.text === "args"
                && ts.isPropertyAccessExpression(right) && ts.isIdentifier(right.expression) && declarations.has(right.expression.text)) {
                pairs.set(left.name.text, { name: right.expression.text, key: right.name.text });
            }
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return pairs;
}

/**
 * The properties of every exported `*Args` interface in components/, each with the `X_DEFAULTS` entry that holds its
 * default: the one the code falls back to (`args.p ?? X_DEFAULTS.k`), else the same-named entry of a `X_DEFAULTS`
 * declared in the interface's own file.
 */
export function argProperties(): ArgProperty[] {
    const declarations = defaultsDeclarations();
    const properties: ArgProperty[] = [];
    for (const file of componentFiles()) {
        const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
        const own = [...declarations].filter(([, d]) => d.file === file).map(([name]) => name);
        const used = fallbacks(source, declarations);
        for (const statement of source.statements) {
            if (!ts.isInterfaceDeclaration(statement) || !isExported(statement) || !statement.name.text.endsWith("Args")) continue;
            for (const member of statement.members) {
                if (!ts.isPropertySignature(member) || !member.name || !ts.isIdentifier(member.name)) continue;
                const name = member.name.text;
                const holder = used.get(name)
                    ?? own.filter((d) => declarations.get(d)!.keys.includes(name)).map((d) => ({ name: d, key: name }))[0];
                const docs = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc);
                const tag = ts.getJSDocTags(member).find((t) => t.tagName.text === "default");
                properties.push({
                    file: path.relative(ROOT, file),
                    iface: statement.name.text,
                    name,
                    documented: docs.some((d) => (ts.getTextOfJSDocComment(d.comment) ?? "").trim() !== ""),
                    defaultTag: tag ? (ts.getTextOfJSDocComment(tag.comment) ?? "").trim() : undefined,
                    defaults: holder ? { file: path.relative(ROOT, declarations.get(holder.name)!.file), name: holder.name, key: holder.key } : undefined,
                });
            }
        }
    }
    return properties;
}

/** The problems of a set of arg properties: a `@default` tag that differs from its `X_DEFAULTS` entry, has none, or is missing. */
export function defaultTagProblems(properties: ArgProperty[], valueOf: (defaults: NonNullable<ArgProperty["defaults"]>) => unknown): string[] {
    const problems: string[] = [];
    for (const p of properties) {
        const where = `${p.file} ${p.iface}.${p.name}`;
        if (p.defaultTag !== undefined && p.defaults === undefined) {
            problems.push(`${where}: @default ${p.defaultTag} has no X_DEFAULTS entry to check it against`);
            continue;
        }
        if (p.defaults === undefined) continue;
        const expected = valueOf(p.defaults);
        const source = `${p.defaults.name}.${p.defaults.key} = ${JSON.stringify(expected)}`;
        if (p.defaultTag === undefined) {
            if (p.documented) problems.push(`${where}: documented but has no @default tag; add @default ${JSON.stringify(expected)} (${source})`);
            continue;
        }
        let documented: unknown;
        try {
            documented = JSON.parse(p.defaultTag);
        } catch {
            problems.push(`${where}: @default ${p.defaultTag} is not a JSON value; write @default ${JSON.stringify(expected)}`);
            continue;
        }
        try {
            assert.deepStrictEqual(documented, expected);
        } catch {
            problems.push(`${where}: @default ${p.defaultTag} but ${source}`);
        }
    }
    return problems;
}

function runtimeDefault(defaults: NonNullable<ArgProperty["defaults"]>): unknown {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(path.join(ROOT, defaults.file.replace(/\.ts$/, "")));
    return module[defaults.name][defaults.key];
}

describe("packaging: API documentation (TypeDoc) and its @default tags", function () {
    this.timeout(300000);
    const properties = argProperties();

    it("finds the defaults the code falls back to, not just same-named entries", () => {
        const pick = (iface: string, name: string) => properties.find((p) => p.iface === iface && p.name === name)?.defaults;
        assert.deepStrictEqual(pick("SigmaInstanceArgs", "instanceType"), { file: "components/compute/sigmaInstance.ts", name: "INSTANCE_DEFAULTS", key: "instanceType" });
        // The air-gapped vault's retentionDays falls back to BACKUP_DEFAULTS.airGappedRetentionDays (90), not retentionDays (7).
        assert.deepStrictEqual(pick("SigmaAirGappedVaultArgs", "retentionDays"), { file: "components/backup/backupDefaults.ts", name: "BACKUP_DEFAULTS", key: "airGappedRetentionDays" });
        assert.deepStrictEqual(pick("SigmaBackupVaultArgs", "vaultLockMinRetentionDays")?.key, "retentionDays");
        assert.strictEqual(pick("SigmaBackupVaultArgs", "vaultLockChangeableForDays"), undefined, "no fallback in the code: governance mode when unset");
        const defaulted = properties.filter((p) => p.defaults !== undefined);
        assert.ok(defaulted.length >= 60, `only ${defaulted.length} args with an X_DEFAULTS entry were found`);
        for (const name of ["INSTANCE_DEFAULTS", "BACKUP_DEFAULTS", "NETWORK_DEFAULTS", "LOAD_BALANCER_DEFAULTS", "RESTORE_DEFAULTS", "MONITORING_DEFAULTS"]) {
            assert.ok(defaulted.some((p) => p.defaults!.name === name), `no args property found for ${name}`);
        }
    });

    it("every @default tag equals its X_DEFAULTS entry, and every documented defaulted arg has one", () => {
        assert.deepStrictEqual(defaultTagProblems(properties, runtimeDefault), []);
    });

    it("the check names a wrong, a missing, an unparsable and an uncheckable @default", () => {
        const row = (over: Partial<ArgProperty>): ArgProperty => ({
            file: "components/x.ts", iface: "XArgs", name: "retentionDays", documented: true, defaultTag: "7",
            defaults: { file: "components/x.ts", name: "X_DEFAULTS", key: "retentionDays" }, ...over,
        });
        const valueOf = () => 7;
        assert.deepStrictEqual(defaultTagProblems([row({})], valueOf), []);
        assert.deepStrictEqual(defaultTagProblems([row({ defaultTag: "8" })], valueOf), ["components/x.ts XArgs.retentionDays: @default 8 but X_DEFAULTS.retentionDays = 7"]);
        assert.deepStrictEqual(defaultTagProblems([row({ defaultTag: "\"7\"" })], valueOf), ["components/x.ts XArgs.retentionDays: @default \"7\" but X_DEFAULTS.retentionDays = 7"]);
        assert.match(defaultTagProblems([row({ defaultTag: undefined })], valueOf)[0], /has no @default tag; add @default 7/);
        assert.deepStrictEqual(defaultTagProblems([row({ defaultTag: undefined, documented: false })], valueOf), []);
        assert.match(defaultTagProblems([row({ defaultTag: "seven" })], valueOf)[0], /is not a JSON value; write @default 7/);
        assert.match(defaultTagProblems([row({ defaults: undefined })], valueOf)[0], /has no X_DEFAULTS entry/);
        assert.deepStrictEqual(defaultTagProblems([row({ defaults: undefined, defaultTag: undefined })], valueOf), []);
        assert.deepStrictEqual(defaultTagProblems([row({ defaultTag: "[\"/\"]" })], () => ["/", "/var/lib/mysql"]).length, 1);
    });

    it("`npm run docs` builds the API reference from components/index.ts with warnings as errors", () => {
        const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        assert.match(manifest.scripts.docs, /^typedoc( |$)/);
        assert.match(manifest.scripts.docs, /--treatWarningsAsErrors/);
        const config = JSON.parse(fs.readFileSync(path.join(ROOT, "typedoc.json"), "utf8"));
        assert.deepStrictEqual(config.entryPoints, ["components/index.ts"]);
        assert.strictEqual(config.out, "docs/api");
        assert.match(fs.readFileSync(path.join(ROOT, ".gitignore"), "utf8"), /^docs\/api\/?$/m);
        const out = fs.mkdtempSync(path.join(require("os").tmpdir(), "sigma-api-"));
        try {
            // The same command as `npm run docs`, into a scratch directory; a warning fails it (exit code non-zero).
            execFileSync(process.execPath, [path.join(ROOT, "node_modules", "typedoc", "bin", "typedoc"), "--treatWarningsAsErrors", "--out", out, "--json", path.join(out, "api.json")],
                { cwd: ROOT, stdio: "pipe", encoding: "utf8" });
            const api = JSON.parse(fs.readFileSync(path.join(out, "api.json"), "utf8"));
            const instanceArgs = api.children.find((c: { name: string }) => c.name === "SigmaInstanceArgs");
            const instanceType = instanceArgs.children.find((c: { name: string }) => c.name === "instanceType");
            const tag = instanceType.comment.blockTags.find((t: { tag: string }) => t.tag === "@default");
            assert.strictEqual(tag.content.map((part: { text: string }) => part.text).join("").replace(/^```\w*\n|\n```$/g, "").trim(), JSON.stringify(runtimeDefault({ file: "components/compute/sigmaInstance.ts", name: "INSTANCE_DEFAULTS", key: "instanceType" })));
            assert.ok(fs.existsSync(path.join(out, "index.html")), "no index.html");
            assert.ok(fs.readdirSync(path.join(out, "classes")).includes("SigmaInstance.html"), "no page for SigmaInstance");
        } finally {
            fs.rmSync(out, { recursive: true, force: true });
        }
    });
});
