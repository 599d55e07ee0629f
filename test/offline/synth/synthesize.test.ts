import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { redactSecrets } from "../../../offline/synth/mockRuntime";
import { main } from "../../../offline/synth/cli";
import { readStackConfig } from "../../../offline/synth/synthesize";
import { bufferedIo } from "../tempProject";
import { registeredOne, resolve, useMocks } from "../../helpers";

describe("synth document", () => {
    it("prints secret inputs as [secret] and keeps everything else", async () => {
        const mocks = await useMocks();
        const parameter = new aws.ssm.Parameter("db-password", { type: "SecureString", value: pulumi.secret("hunter2") });
        await resolve(parameter.arn);
        const recorded = mocks.resources.get((await registeredOne(mocks, "aws:ssm/parameter:Parameter", "db-password")).urn)!;
        assert.deepStrictEqual(redactSecrets(recorded.inputs), { type: "SecureString", value: "[secret]" });
    });

    it("reads Pulumi.yaml defaults under the stack file's values, and marks secure values secret without decrypting", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sigma-config-"));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), [
            "name: sigma", "runtime: nodejs", "config:",
            "  sigma:instanceType:", "    type: string", "    default: t3.xlarge",
            "  sigma:dataVolumeGiB:", "    type: integer", "    default: 100",
        ].join("\n"));
        fs.writeFileSync(path.join(dir, "Pulumi.x.yaml"), [
            "config:", "  aws:region: ap-southeast-1", "  sigma:dataVolumeGiB: 200",
            "  sigma:subnetIds:", "    - subnet-0123456789abcdef0",
            "  sigma:dbPassword:", "    secure: AAABAJx0c2VjcmV0",
        ].join("\n"));
        const read = readStackConfig(dir, "x", { "sigma:keyName": "ops" });
        assert.deepStrictEqual(read.config, {
            "sigma:instanceType": "t3.xlarge", "sigma:dataVolumeGiB": "200", "aws:region": "ap-southeast-1",
            "sigma:subnetIds": "[\"subnet-0123456789abcdef0\"]", "sigma:dbPassword": "[secret]", "sigma:keyName": "ops",
        });
        assert.deepStrictEqual(read.secretKeys, ["sigma:dbPassword"]);
        assert.throws(() => readStackConfig(dir, "missing"), /stack "missing" has no Pulumi\.missing\.yaml; the stacks here are: x/);
    });

    it("the CLI exits 2 naming an unknown stack, with the usage on stderr and nothing on stdout", async () => {
        const io = bufferedIo();
        assert.strictEqual(await main(["staging"], io), 2);
        assert.strictEqual(io.stdout.text, "");
        assert.match(io.stderr.text, /^stack "staging" has no Pulumi\.staging\.yaml; the stacks here are: .*dev.*\nusage: npm run synth -- <stack> \[--out FILE\]/);
    });

    it("the CLI writes the document to --out and says so on stderr", async function () {
        this.timeout(60000);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sigma-synth-out-"));
        try {
            const io = bufferedIo();
            const out = path.join(dir, "dev.json");
            assert.strictEqual(await main(["dev", "--out", out], io), 0, io.stderr.text);
            assert.strictEqual(io.stdout.text, "");
            const doc = JSON.parse(fs.readFileSync(out, "utf8"));
            assert.match(io.stderr.text, new RegExp(`^wrote ${doc.resources.length} resources to `));
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
