import * as assert from "assert";
import * as path from "path";
import { allPolicies } from "../../policy/policies";
import { evaluatePolicies, loadPolicyConfig } from "../../offline/check/policyCheck";
import { defaultConfigFile } from "../../offline/check/policyConfig";
import { listStacks, synthesize } from "../../offline/synth/synthesize";
import { analyzerInfo, analyzeWithServer, assertFixturesAgree, Finding, onlyOffline, PackServer, startPackServer } from "./analyzerClient";

describe("the real policy pack server agrees with the offline check", function () {
    this.timeout(60000);
    let server: PackServer;

    before(async () => {
        // From source, as `pulumi preview --policy-pack policy` runs it (the CLI registers ts-node the same way).
        server = await startPackServer(["-r", "ts-node/register/transpile-only", "index.ts"], { cwd: path.join(__dirname, "..", "..", "policy") });
    });
    after(() => server?.stop());

    it("serves sigma-guard with every policy at its default level", async () => {
        assert.deepStrictEqual(await analyzerInfo(server.client), { name: "sigma-guard", policies: allPolicies.map((p) => [p.name, p.enforcementLevel]) });
    });

    it("reports the same violations as the offline check for every fixture", async () => {
        await assertFixturesAgree(server.client);
    });

    for (const stack of listStacks(path.join(__dirname, "..", ".."))) {
        it(`reports the same violations as the offline check for the ${stack} stack`, async () => {
            const configFile = defaultConfigFile(stack);
            const config = configFile ? loadPolicyConfig(configFile) : {};
            const synth = await synthesize({ stack });
            const report = await evaluatePolicies(synth, { config });
            assert.deepStrictEqual(report.remediations, [], "the server comparison sends no remediations");
            const offline = report.violations.map((v): Finding => [v.policy, v.enforcementLevel, v.urn, v.message]).filter((f) => !onlyOffline(f)).sort();
            assert.deepStrictEqual(await analyzeWithServer(server.client, synth, config), offline);
        });
    }
});
