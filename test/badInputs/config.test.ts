import * as assert from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, RecordedResource, waitForRegistrations } from "../../offline/synth/mockRuntime";
import { stackReferenceUses } from "../../offline/synth/stackReferences";
import { offlineSubnetAzs, readStackConfig } from "../../offline/synth/synthesize";
import { ConfigError, KNOWN_KEYS, mapConfigSource, parseConfig } from "../../stacks/config";
import { CONFIG_ROWS, ConfigRow } from "./configRows";

const ROOT = path.resolve(__dirname, "..", "..");
const ENTRY = path.join(ROOT, "index.ts");
const STACKS = path.join(ROOT, "stacks") + path.sep;

/** Parses a shipped stack's config (Pulumi.yaml defaults, the stack file) with `overrides` set. */
function parseWith(base: string, overrides: Record<string, unknown>) {
    const { config, secretKeys } = readStackConfig(ROOT, base, overrides);
    return parseConfig(mapConfigSource(config, { stack: base, secretKeys }));
}

/** The problem line of `row`, asserting the refusal is a ConfigError that names the key and shows the value. */
function refusal(row: ConfigRow, err: unknown): string {
    assert.ok(err instanceof ConfigError, `a ConfigError, not ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
    const line = err.problems.find((problem) => problem.startsWith(`${row.key} `));
    assert.ok(line !== undefined, `no problem names ${row.key}:\n${err.message}`);
    if (row.value !== undefined) {
        assert.ok(line.includes(row.value), `the problem does not show ${row.value}: ${line}`);
    }
    if (row.says !== undefined) {
        assert.ok(line.includes(row.says), `the problem does not say "${row.says}": ${line}`);
    }
    return line;
}

/**
 * Runs the real program entry (index.ts) under Pulumi's mocks with the stack's config and `overrides`, as the
 * offline synth does, and returns what it threw and what it registered.
 */
async function runEntry(stack: string, overrides: Record<string, unknown>): Promise<{ error: unknown; resources: RecordedResource[] }> {
    const { project, config, secretKeys } = readStackConfig(ROOT, stack, overrides);
    pulumi.runtime.setAllConfig(config, secretKeys);
    // A stack the config references answers as the engine would with that stack deployed: the dr stack's vault, in
    // another region (without an answer the mock StackReference fails and the program never settles).
    const stackReferences = Object.fromEntries(stackReferenceUses(project, config).map((use) =>
        [use.name, { DrBackupVaultArn: "arn:aws:backup:eu-west-1:123456789012:backup-vault:SigmaDrBackupVault-dr" }]));
    const region = config["aws:region"] ?? "us-east-1";
    const mocks = await installMocks({ project, stack, region, stackReferences, subnetAzs: offlineSubnetAzs(project, config, region) });
    for (const id of Object.keys(require.cache)) {
        if (id === ENTRY || id.startsWith(STACKS)) {
            delete require.cache[id];
        }
    }
    let error: unknown;
    try {
        require(ENTRY);
    } catch (err) {
        error = err;
    }
    await waitForRegistrations();
    return { error, resources: [...mocks.resources.values()] };
}

describe("bad stack config: refused before anything is registered, each with an accepted fix", () => {
    it("has at least 100 rows, each with a distinct label", () => {
        assert.ok(CONFIG_ROWS.length >= 100, `${CONFIG_ROWS.length} rows`);
        assert.strictEqual(new Set(CONFIG_ROWS.map((row) => row.label)).size, CONFIG_ROWS.length);
    });

    for (const row of CONFIG_ROWS) {
        it(`${row.base}: ${row.label}`, () => {
            let thrown: unknown;
            try {
                parseWith(row.base, row.set);
            } catch (err) {
                thrown = err;
            }
            assert.ok(thrown !== undefined, `accepted ${JSON.stringify(row.set)}`);
            refusal(row, thrown);
            assert.doesNotThrow(() => parseWith(row.base, row.fix), `the fix ${JSON.stringify(row.fix)} is refused`);
        });
    }

    // Every tenth row through the real entry point: nothing registered, a ConfigError, and the fix deploys.
    const sample = CONFIG_ROWS.filter((_, i) => i % 10 === 0);
    for (const row of sample) {
        it(`the program refuses ${row.base}: ${row.label} and registers nothing; the fix deploys`, async () => {
            const bad = await runEntry(row.base, row.set);
            refusal(row, bad.error);
            assert.deepStrictEqual(bad.resources.map((r) => r.urn), [], "registered before the refusal");
            const fixed = await runEntry(row.base, row.fix);
            assert.strictEqual(fixed.error, undefined, `the fix failed: ${fixed.error}`);
            assert.ok(fixed.resources.some((r) => r.type.startsWith("aws:")), "the fix registered no AWS resource");
        });
    }

    it("samples every base stack through the program", () => {
        assert.deepStrictEqual([...new Set(sample.map((row) => row.base))].sort(), ["dev", "dr", "prod"]);
        assert.ok(sample.length >= 15, `${sample.length} rows sampled`);
    });

    it("ends every hostile value of every key in a ConfigError or a parse, never another exception", () => {
        const hostile = ["", " ", "constructor", "__proto__", "toString", "null", "[]", "{}", "[null]", "[{}]", '{"__proto__":{"x":1}}',
            "1e309", "-0", "NaN", "true", "../../etc/passwd", "\u0000", "x".repeat(5000)];
        for (const base of ["dev", "prod", "dr"]) {
            for (const key of KNOWN_KEYS) {
                for (const value of hostile) {
                    const [objectKey, member] = key.split(".");
                    const overrides = member === undefined ? { [key]: value } : { [objectKey]: JSON.stringify({ [member]: value }) };
                    try {
                        parseWith(base, overrides);
                    } catch (err) {
                        assert.ok(err instanceof ConfigError, `${base} ${key}=${JSON.stringify(value).slice(0, 40)}: ${err instanceof Error ? err.stack : err}`);
                    }
                }
            }
        }
    });
});
