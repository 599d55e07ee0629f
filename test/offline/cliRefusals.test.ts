import * as assert from "assert";
import * as fs from "fs";
import { CliMain } from "../../offline/cliArgs";
import { main as offlineMain } from "../../offline/cli";
import { main as checkMain } from "../../offline/check/cli";
import { main as planMain } from "../../offline/plan/cli";
import { main as synthMain } from "../../offline/synth/cli";
import { cliRefusalRows, OfflineCli } from "./cliRefusals";
import { bufferedIo, prodNamingDrStack, tempProject } from "./tempProject";

const MAINS: Record<OfflineCli, CliMain> = { "synth": synthMain, "check": checkMain, "plan": planMain, "sigma-offline": offlineMain };

describe("offline CLIs: every wrong command line exits 2 with one message and the usage, nothing on stdout", function () {
    this.timeout(60000);
    const rows = cliRefusalRows();
    let elsewhere: string;

    before(() => {
        elsewhere = tempProject({ prod: prodNamingDrStack("acme/other/dr"), dev: "copy", dr: "copy" });
    });
    after(() => fs.rmSync(elsewhere, { recursive: true, force: true }));

    it("the table covers the three CLIs and the bin, at least 30 rows", () => {
        assert.ok(rows.length >= 30, `${rows.length} rows`);
        assert.deepStrictEqual([...new Set(rows.map((r) => r.cli))].sort(), ["check", "plan", "sigma-offline", "synth"]);
    });

    for (const row of rows) {
        it(`${row.cli} ${JSON.stringify(row.argv)}${row.project ? ` in ${row.project}` : ""}`, async () => {
            const io = bufferedIo();
            const code = await MAINS[row.cli](row.argv, io, row.project === "prod-drstack-elsewhere" ? { projectDir: elsewhere } : {});
            assert.strictEqual(code, row.exit, io.stderr.text);
            assert.strictEqual(io.stdout.text, "");
            assert.match(io.stderr.text, row.stderr);
            assert.match(io.stderr.text, /\nusage: /, "the usage follows the message");
            assert.doesNotMatch(io.stderr.text, /^\s+at .+:\d+:\d+\)?$/m, "no stack trace");
        });
    }

    it("--help prints the usage on stdout and exits 0", async () => {
        for (const [cli, main] of Object.entries(MAINS)) {
            const io = bufferedIo();
            assert.strictEqual(await main(cli === "sigma-offline" ? ["--help"] : ["dev", "--help"], io), 0, cli);
            assert.match(io.stdout.text, /^usage: /, cli);
            assert.strictEqual(io.stderr.text, "", cli);
        }
    });
});
