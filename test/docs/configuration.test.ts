import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { CONFIG_DEFAULTS, KEY_TOPOLOGIES, KNOWN_KEYS, RENAMED_KEYS } from "../../stacks/config";

const ROOT = path.resolve(__dirname, "..", "..");
const doc = fs.readFileSync(path.join(ROOT, "docs", "configuration.md"), "utf8");
const project = yaml.load(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as {
    config: Record<string, { type: string; default?: unknown; description?: string }>;
};

/** The rows of the markdown table whose header starts with `header`, as cell arrays. */
function table(header: string): string[][] {
    const lines = doc.split("\n");
    const start = lines.findIndex((line) => line.startsWith(header));
    assert.ok(start >= 0, `docs/configuration.md has a table headed ${header}`);
    const rows: string[][] = [];
    for (const line of lines.slice(start + 2)) {
        if (!line.startsWith("|")) {
            break;
        }
        rows.push(line.slice(1, -1).split("|").map((cell) => cell.trim()));
    }
    return rows;
}

const unquote = (cell: string) => /^`([^`]*)`$/.exec(cell)?.[1];
/** A default cell that is one literal in backticks, as a value (JSON where it parses, else the string). */
function literal(cell: string): { value: unknown } | undefined {
    const text = unquote(cell);
    if (text === undefined) {
        return undefined;
    }
    try {
        return { value: JSON.parse(text) };
    } catch {
        return { value: text };
    }
}

const keys = table("| key | type | default |");
const byKey = new Map(keys.map((row) => [unquote(row[0]) ?? row[0], row]));
const YAML_TYPES: Record<string, string> = { string: "string", integer: "integer", boolean: "boolean", array: "list" };

/** Where a component's args interface is declared, as source text. */
function argsInterface(component: string): string {
    for (const dir of fs.readdirSync(path.join(ROOT, "components"))) {
        const folder = path.join(ROOT, "components", dir);
        for (const file of fs.statSync(folder).isDirectory() ? fs.readdirSync(folder) : []) {
            const text = fs.readFileSync(path.join(folder, file), "utf8");
            const match = new RegExp(`export interface ${component}Args \\{([\\s\\S]*?)\\n\\}`).exec(text);
            if (match) {
                return match[1];
            }
        }
    }
    assert.fail(`no ${component}Args in components/`);
}

// Keys whose argument is named differently, each for a reason the table states.
const NAMED_DIFFERENTLY: Record<string, string> = {
    "sigma:subnetIds": "a list in config (dr-region takes several); SigmaInstance takes the one subnet",
    "sigma:backup.copyToVaultArn": "one destination in config; SigmaBackupPlan takes a list",
    "sigma:drStack": "a stack name, read through a StackReference into the destination's ARN",
};

describe("docs/configuration.md", () => {
    it("lists exactly the keys the config module knows, each once", () => {
        assert.strictEqual(byKey.size, keys.length, "a key is listed twice");
        assert.deepStrictEqual([...byKey.keys()].sort(), [...KNOWN_KEYS].sort());
    });

    it("gives each key the default the code applies, and a literal only where there is one", () => {
        for (const [key, row] of byKey) {
            const documented = literal(row[2]);
            if (Object.hasOwn(CONFIG_DEFAULTS, key)) {
                assert.ok(documented, `${key}: the code defaults to ${JSON.stringify(CONFIG_DEFAULTS[key])}, the table says ${row[2]}`);
                assert.deepStrictEqual(documented.value, CONFIG_DEFAULTS[key], key);
            } else {
                assert.strictEqual(documented, undefined, `${key}: the table gives default ${row[2]}, the code has none`);
            }
        }
    });

    it("names the topologies that read each key", () => {
        for (const [key, row] of byKey) {
            assert.deepStrictEqual(row[3].split(", "), KEY_TOPOLOGIES.get(key), key);
        }
    });

    it("agrees with every typed declaration in Pulumi.yaml: listed, same type, same default, described", () => {
        for (const [key, declaration] of Object.entries(project.config)) {
            const row = byKey.get(key);
            assert.ok(row, `${key} is declared in Pulumi.yaml but not in the table`);
            assert.strictEqual(row[1], YAML_TYPES[declaration.type], `${key}'s type`);
            assert.ok(declaration.description && declaration.description.length > 10, `${key} has a description in Pulumi.yaml`);
            if ("default" in declaration) {
                assert.deepStrictEqual(literal(row[2])?.value, declaration.default, `${key}'s default`);
            }
        }
    });

    it("names component arguments that exist, and under the key's own name", () => {
        for (const [key, row] of byKey) {
            const args = [...row[5].matchAll(/`(Sigma[A-Za-z]+)\.([A-Za-z]+)`/g)].map(([, component, arg]) => ({ component, arg }));
            for (const { component, arg } of args) {
                assert.match(argsInterface(component), new RegExp(`\\n\\s+${arg}\\??:`), `${key}: ${component}Args has no ${arg}`);
            }
            const leaf = key.startsWith("sigma:restore.") ? `restore${key[14].toUpperCase()}${key.slice(15)}` : key.slice(key.lastIndexOf(key.includes(".") ? "." : ":") + 1);
            if (args.length > 0 && !Object.hasOwn(NAMED_DIFFERENTLY, key)) {
                assert.ok(args.some(({ arg }) => arg === leaf), `${key} feeds ${row[5]}, not an argument named ${leaf}`);
            }
        }
    });

    it("lists every rename the config module refuses", () => {
        const renames = table("| old key | new key |").map((row) => [unquote(row[0]), unquote(row[1])]);
        assert.deepStrictEqual(renames, [...RENAMED_KEYS.entries()]);
    });
});
