import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/**
 * docs/components.md's table of components is the library's map for a newcomer: it must name every component the
 * package serves (provider.ts, what the nodejs plugin host discovers from the package's main) and nothing else, each
 * with the type token its constructor registers (the first argument of its `super(...)` call, read with the compiler).
 */
const ROOT = path.resolve(__dirname, "..", "..");

/** The table's rows: component name and type token, in the order written. */
export function componentTableRows(markdown: string): Array<{ name: string; token: string }> {
    const start = markdown.indexOf("| component | type token | what it creates |");
    assert.ok(start >= 0, "docs/components.md has no component table");
    const rows: Array<{ name: string; token: string }> = [];
    for (const line of markdown.slice(start).split("\n").slice(2)) {
        if (!line.startsWith("|")) {
            break;
        }
        const cells = line.split("|").map((cell) => cell.trim());
        rows.push({ name: cells[1].replace(/`/g, ""), token: cells[2].replace(/`/g, "") });
    }
    return rows;
}

/** The literal type token each component class under components/ passes to its base constructor, by class name. */
function registeredTokens(): Map<string, string> {
    const tokens = new Map<string, string>();
    const walk = (dir: string): void => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) {
                walk(full);
                continue;
            }
            if (!entry.name.endsWith(".ts")) {
                continue;
            }
            const source = ts.createSourceFile(full, fs.readFileSync(full, "utf8"), ts.ScriptTarget.ES2022, true);
            for (const statement of source.statements.filter(ts.isClassDeclaration)) {
                const constructor = statement.members.find(ts.isConstructorDeclaration);
                const superCall = constructor?.body?.statements.map((s) => (ts.isExpressionStatement(s) ? s.expression : undefined))
                    .find((e): e is ts.CallExpression => e !== undefined && ts.isCallExpression(e) && e.expression.kind === ts.SyntaxKind.SuperKeyword);
                const token = superCall?.arguments[0];
                if (statement.name && token && ts.isStringLiteral(token)) {
                    tokens.set(statement.name.text, token.text);
                }
            }
        }
    };
    walk(path.join(ROOT, "components"));
    return tokens;
}

describe("docs/components.md: the component table", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const served: string[] = require(path.join(ROOT, "provider.ts")).providerComponents.map((c: { name: string }) => c.name);
    const rows = componentTableRows(fs.readFileSync(path.join(ROOT, "docs", "components.md"), "utf8"));

    it("names every component the package serves, once, and nothing else", () => {
        assert.deepStrictEqual([...rows.map((r) => r.name)].sort(), [...served].sort());
        assert.strictEqual(new Set(rows.map((r) => r.name)).size, rows.length);
    });

    it("gives each the type token its constructor registers", () => {
        const tokens = registeredTokens();
        for (const row of rows) {
            assert.strictEqual(row.token, tokens.get(row.name), `${row.name}: the table says ${row.token}`);
        }
    });

    it("reads a table as written: rows up to the first line that is not one", () => {
        const text = ["intro", "| component | type token | what it creates |", "|---|---|---|", "| `A` | `x:y:A` | a |", "| `B` | `x:y:B` | b |", "", "| `C` | `x:y:C` | c |"].join("\n");
        assert.deepStrictEqual(componentTableRows(text), [{ name: "A", token: "x:y:A" }, { name: "B", token: "x:y:B" }]);
    });
});
