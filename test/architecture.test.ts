import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

// dependency-cruiser 16 is ESM-only; ts-node would compile `import()` to `require()`, which cannot load it.
const dynamicImport = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<any>;

const ROOT = path.join(__dirname, "..");
const CONFIG = path.join(ROOT, ".dependency-cruiser.js");
/** The folders (and the entry point) the rules govern, as `npx depcruise` is given them. */
const PROJECT_ROOTS = ["index.ts", "provider.ts", "components", "stacks", "model", "policy", "offline", "scripts", "test"];

interface Violation {
    rule: string;
    from: string;
    to: string;
    /** For no-circular: the modules of the cycle (reported once, from one of them). */
    cycle: string[];
}

/** Runs dependency-cruiser over `roots` of `baseDir` with the repository's rules and that tree's tsconfig.json. */
async function importViolations(baseDir: string, roots: string[]): Promise<Violation[]> {
    const { cruise } = await dynamicImport("dependency-cruiser");
    const { default: extractDepcruiseOptions } = await dynamicImport("dependency-cruiser/config-utl/extract-depcruise-options");
    const { default: extractTSConfig } = await dynamicImport("dependency-cruiser/config-utl/extract-ts-config");
    const tsConfigFile = path.join(baseDir, "tsconfig.json");
    const options = { ...(await extractDepcruiseOptions(CONFIG)), baseDir, tsConfig: { fileName: tsConfigFile } };
    const result = await cruise(roots, options, undefined, { tsConfig: extractTSConfig(tsConfigFile) });
    return result.output.summary.violations.map((v: any) => ({
        rule: v.rule.name, from: v.from, to: v.to, cycle: (v.cycle ?? []).map((step: { name: string }) => step.name),
    }));
}

const show = (violations: Violation[]) => violations.map((v) => `${v.rule}: ${v.from} -> ${v.to}`).sort();

describe("architecture: import rules (.dependency-cruiser.js)", function () {
    this.timeout(120000);

    it("the real tree breaks none", async () => {
        assert.deepStrictEqual(show(await importViolations(ROOT, PROJECT_ROOTS)), []);
    });

    describe("each rule reports the import it forbids (a fixture tree with the project's layout)", () => {
        // [importing file, import statement, the rules that must report it ([] = allowed)]
        const rows: Array<[string, string, string[]]> = [
            ["components/compute/sideways.ts", `import { vault } from "../backup/vault";`, ["component-area-imports-no-sibling-area"]],
            ["components/compute/throughIndex.ts", `import { vault } from "../index";`, ["component-area-imports-no-sibling-area"]],
            ["components/upward.ts", `import { singleAz } from "../stacks/singleAz";`, ["components-import-no-upper-layer"]],
            ["components/compute/typeOnlyUpward.ts", `import type { SingleAz } from "../../stacks/singleAz";\nexport type T = SingleAz;`, ["components-import-no-upper-layer"]],
            ["components/compute/toPolicy.ts", `import { tagPolicy } from "../../policy/tags";`, ["components-import-no-upper-layer"]],
            ["components/compute/toEntryPoint.ts", `import "../../index";`, ["components-import-no-upper-layer"]],
            ["components/shared/toArea.ts", `import { instance } from "../compute/instance";`, ["components-shared-imports-only-model"]],
            ["model/toComponent.ts", `import { instance } from "../components/compute/instance";`, ["model-imports-no-project-module"]],
            ["model/toStack.ts", `import { singleAz } from "../stacks/singleAz";`, ["model-imports-no-project-module"]],
            ["stacks/toOffline.ts", `import { synth } from "../offline/synth";`, ["stacks-import-no-upper-layer", "only-tests-and-scripts-import-offline"]],
            ["stacks/toPolicy.ts", `import { tagPolicy } from "../policy/tags";`, ["stacks-import-no-upper-layer"]],
            ["policy/toComponent.ts", `import { instance } from "../components/compute/instance";`, ["policy-imports-only-policy-and-model"]],
            ["policy/toStack.ts", `import { singleAz } from "../stacks/singleAz";`, ["policy-imports-only-policy-and-model"]],
            ["index.ts", `import { synth } from "./offline/synth";\nimport { singleAz } from "./stacks/singleAz";`, ["entry-point-imports-no-tooling", "only-tests-and-scripts-import-offline"]],
            ["model/toTest.ts", `import { helper } from "../test/helpers";`, ["model-imports-no-project-module", "program-imports-no-test"]],
            ["offline/toTest.ts", `import { helper } from "../test/helpers";`, ["program-imports-no-test"]],
            ["model/cycleA.ts", `import { b } from "./cycleB";\nexport const a = 1;`, ["no-circular"]],
            ["model/cycleB.ts", `import { a } from "./cycleA";\nexport const b = 1;`, ["no-circular"]],
            ["components/compute/unresolved.ts", `import { nothing } from "./nowhere";`, ["no-unresolvable"]],
            // Allowed arrows.
            ["components/compute/allowed.ts", `import { tags } from "../shared/tags";\nimport { arn } from "../../model/arn";`, []],
            ["components/compute/withinArea.ts", `import { instance } from "./instance";`, []],
            ["components/shared/toModel.ts", `import { arn } from "../../model/arn";`, []],
            ["model/withinModel.ts", `import { arn } from "./arn";\nimport * as fs from "fs";`, []],
            ["stacks/toComponents.ts", `import { instance } from "../components/compute/instance";`, []],
            ["policy/toModel.ts", `import { arn } from "../model/arn";\nimport { tagPolicy } from "./tags";`, []],
            ["offline/toProgram.ts", `import "../index";\nimport { tagPolicy } from "../policy/tags";\nimport { singleAz } from "../stacks/singleAz";`, []],
            ["scripts/toOffline.ts", `import { synth } from "../offline/synth";`, []],
            ["test/toEverything.test.ts", `import { synth } from "../offline/synth";\nimport { instance } from "../components/compute/instance";`, []],
        ];
        /** The modules the rows import, each exporting what the rows name. */
        const targets: Record<string, string> = {
            "components/backup/vault.ts": "export const vault = 1;",
            "components/compute/instance.ts": "export const instance = 1;",
            "components/shared/tags.ts": "export const tags = 1;",
            "components/index.ts": `export * from "./backup/vault";`,
            "stacks/singleAz.ts": "export const singleAz = 1;\nexport type SingleAz = number;",
            "policy/tags.ts": "export const tagPolicy = 1;",
            "model/arn.ts": "export const arn = 1;",
            "offline/synth.ts": "export const synth = 1;",
            "test/helpers.ts": "export const helper = 1;",
        };
        let fixture: string;
        let violations: Violation[];

        before(async () => {
            fixture = fs.mkdtempSync(path.join(os.tmpdir(), "sigma-import-rules-"));
            const write = (file: string, text: string) => {
                fs.mkdirSync(path.dirname(path.join(fixture, file)), { recursive: true });
                fs.writeFileSync(path.join(fixture, file), `${text}\n`);
            };
            Object.entries(targets).forEach(([file, text]) => write(file, text));
            rows.forEach(([file, statement]) => write(file, statement));
            write("tsconfig.json", JSON.stringify({ compilerOptions: { target: "ES2022", module: "commonjs", moduleResolution: "node", strict: true, esModuleInterop: true } }));
            violations = await importViolations(fixture, PROJECT_ROOTS.filter((root) => fs.existsSync(path.join(fixture, root))));
        });
        after(() => fs.rmSync(fixture, { recursive: true, force: true }));

        for (const [file, statement, rules] of rows) {
            it(`${file}: ${statement.split("\n").join(" ")} -> ${rules.length === 0 ? "allowed" : rules.join(", ")}`, () => {
                const found = violations.filter((v) => v.from === file || v.cycle.includes(file));
                assert.deepStrictEqual([...new Set(found.map((v) => v.rule))].sort(), [...rules].sort(), show(found).join("\n"));
            });
        }

        it("reports nothing in the modules the rows import", () => {
            assert.deepStrictEqual(show(violations.filter((v) => Object.keys(targets).includes(v.from))), []);
        });
    });
});
