import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { allPolicies } from "../../policy/policies";
import { analyzerInfo, assertFixturesAgree, PackServer, startPackServer } from "./analyzerClient";

const ROOT = path.join(__dirname, "..", "..");
const { bundlePolicyPack, RUNTIME_PACKAGES } = require(path.join(ROOT, "scripts", "bundlePolicyPack.js")) as {
    bundlePolicyPack(outDir: string): Promise<{ outDir: string; files: string[]; sources: string[] }>;
    RUNTIME_PACKAGES: string[];
};

describe("the bundled policy pack (scripts/bundlePolicyPack.js), as `pulumi policy publish` packs it", function () {
    this.timeout(60000);
    let work: string;
    let bundle: { outDir: string; files: string[]; sources: string[] };
    let published: string;
    let server: PackServer;

    before(async () => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "sigma-policy-bundle-"));
        bundle = await bundlePolicyPack(path.join(work, "bundle"));
        // Only the folder travels: copy it elsewhere and give it nothing but the packages the CLI's policy host installs.
        published = path.join(work, "published", "sigma-guard");
        fs.cpSync(bundle.outDir, published, { recursive: true });
        for (const name of RUNTIME_PACKAGES) {
            fs.mkdirSync(path.dirname(path.join(published, "node_modules", name)), { recursive: true });
            fs.symlinkSync(path.join(ROOT, "node_modules", name), path.join(published, "node_modules", name), "dir");
        }
        const env = { ...process.env };
        delete env.NODE_PATH;
        delete env.NODE_OPTIONS;
        server = await startPackServer(["index.js"], { cwd: published, env });
    });
    after(() => {
        server?.stop();
        if (work) {
            fs.rmSync(work, { recursive: true, force: true });
        }
    });

    it("holds PulumiPolicy.yaml, index.js (with its source map) and a package.json that depends only on the runtime packages", () => {
        assert.deepStrictEqual(bundle.files, ["PulumiPolicy.yaml", "index.js", "index.js.map", "package.json"]);
        const manifest = JSON.parse(fs.readFileSync(path.join(published, "package.json"), "utf8"));
        const source = JSON.parse(fs.readFileSync(path.join(ROOT, "policy", "package.json"), "utf8"));
        assert.strictEqual(manifest.main, "index.js");
        assert.deepStrictEqual(manifest.dependencies, { "@pulumi/policy": source.dependencies["@pulumi/policy"], "@pulumi/pulumi": source.dependencies["@pulumi/pulumi"] });
        assert.strictEqual(manifest.devDependencies, undefined);
        assert.strictEqual(manifest.version, source.version, "the pack's version is what publish reports");
        assert.strictEqual(fs.readFileSync(path.join(published, "PulumiPolicy.yaml"), "utf8"), fs.readFileSync(path.join(ROOT, "policy", "PulumiPolicy.yaml"), "utf8"));
    });

    it("bundles policy/ and model/ only: no component, stack or offline tool", () => {
        assert.ok(bundle.sources.some((file) => file.startsWith("model/")), `no model/ file bundled: ${bundle.sources.join(", ")}`);
        assert.deepStrictEqual(bundle.sources.filter((file) => !/^(policy|model)\//.test(file)), []);
    });

    it("serves sigma-guard with every policy at its default level from the copied folder", async () => {
        assert.deepStrictEqual(await analyzerInfo(server.client), { name: "sigma-guard", policies: allPolicies.map((p) => [p.name, p.enforcementLevel]) });
    });

    it("reports the same violations as the offline check for every fixture (the bundled model/ code included)", async () => {
        await assertFixturesAgree(server.client);
    });

    it("refuses to empty a folder it did not write", async () => {
        const foreign = path.join(work, "foreign");
        fs.mkdirSync(foreign);
        fs.writeFileSync(path.join(foreign, "notes.txt"), "keep me");
        await assert.rejects(bundlePolicyPack(foreign), /is not empty and holds no sigma-guard bundle/);
        assert.strictEqual(fs.readFileSync(path.join(foreign, "notes.txt"), "utf8"), "keep me");
    });
});
