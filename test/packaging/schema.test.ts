import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import * as ts from "typescript";
import * as pulumi from "@pulumi/pulumi";
import { getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental/provider";
import { resolve, useMocks } from "../helpers";

/**
 * The component package for Python, Go and C#: PulumiPlugin.yaml (runtime nodejs), provider.ts (which components, under
 * which package name) and schema.json, the committed output of the SDK's own analyzer (scripts/generateSchema.js).
 */
const ROOT = path.resolve(__dirname, "..", "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const generator = require(path.join(ROOT, "scripts", "generateSchema.js"));
const committed = JSON.parse(fs.readFileSync(path.join(ROOT, "schema.json"), "utf8"));

interface ArgDoc { name: string; optional: boolean; doc: string }

/** Every class and interface declaration under components/, by name (compiler API: the args as the analyzer reads them). */
function declarations(): { classes: Map<string, ts.ClassDeclaration>; interfaces: Map<string, ts.InterfaceDeclaration> } {
    const classes = new Map<string, ts.ClassDeclaration>();
    const interfaces = new Map<string, ts.InterfaceDeclaration>();
    const walk = (dir: string): void => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) walk(full);
            else if (entry.name.endsWith(".ts")) {
                const source = ts.createSourceFile(full, fs.readFileSync(full, "utf8"), ts.ScriptTarget.ES2022, true);
                for (const statement of source.statements) {
                    if (ts.isClassDeclaration(statement) && statement.name) classes.set(statement.name.text, statement);
                    if (ts.isInterfaceDeclaration(statement)) interfaces.set(statement.name.text, statement);
                }
            }
        }
    };
    walk(path.join(ROOT, "components"));
    return { classes, interfaces };
}

/** The args of a component: the properties of the interface its constructor's second parameter names, with their TSDoc. */
function componentArgs(component: string): ArgDoc[] {
    const { classes, interfaces } = declarations();
    const constructor = classes.get(component)?.members.find(ts.isConstructorDeclaration);
    const argsType = constructor?.parameters[1]?.type;
    assert.ok(argsType && ts.isTypeReferenceNode(argsType) && ts.isIdentifier(argsType.typeName), `${component}: no named args type`);
    const argsInterface = interfaces.get(argsType.typeName.text);
    assert.ok(argsInterface, `${component}: args interface ${argsType.typeName.text} not found under components/`);
    return argsInterface.members.filter(ts.isPropertySignature).map((member) => ({
        name: (member.name as ts.Identifier).text,
        optional: member.questionToken !== undefined,
        doc: ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc).map((d) => ts.getTextOfJSDocComment(d.comment) ?? "").join("\n").trim(),
    }));
}

describe("packaging: the component package for other languages (schema.json)", function () {
    this.timeout(300000);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const provider = require(path.join(ROOT, "provider.ts"));
    const exposed: string[] = provider.providerComponents.map((c: { name: string }) => c.name);
    const token = (name: string) => `${provider.PROVIDER_NAME}:index:${name}`;
    let analysed: any;
    /** The SDK analyzer's view of this checkout (scripts/generateSchema.js analyze), made once for the tests that need it. */
    const analysis = () => (analysed = analysed ?? generator.analyze());

    it("is a nodejs plugin (PulumiPlugin.yaml) named as the nodejs host names it from package.json", () => {
        const plugin = yaml.load(fs.readFileSync(path.join(ROOT, "PulumiPlugin.yaml"), "utf8")) as { runtime: unknown };
        assert.strictEqual(plugin.runtime, "nodejs");
        // node_modules/@pulumi/pulumi/cmd/run-plugin/run.js: name = the package name without its scope, namespace = the scope.
        const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        const [, scope, bare] = manifest.name.match(/(@.*?\/)?(.+)/);
        assert.strictEqual(provider.PROVIDER_NAME, bare.replace(/[^-a-zA-Z0-9_]/g, "-"));
        assert.strictEqual(provider.PROVIDER_NAMESPACE, scope.slice(1, -1));
        assert.strictEqual(committed.name, provider.PROVIDER_NAME);
        assert.strictEqual(committed.namespace, provider.PROVIDER_NAMESPACE);
        assert.strictEqual(committed.version, manifest.version);
        assert.strictEqual(manifest.scripts.schema, "node scripts/generateSchema.js");
    });

    it("serves every exported component, as the nodejs plugin host discovers them from the package's main", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const exported = getPulumiComponents(require(path.join(ROOT, "components"))).map((c) => c.name).sort();
        assert.deepStrictEqual([...exposed].sort(), exported);
        assert.ok(exported.length >= 19, `only ${exported.length} components found`);
        for (const name of ["SigmaFailover", "SigmaLogs", "SigmaRestore", "SigmaRestoreTesting", "SigmaPatching", "SigmaConsistentSnapshots"]) {
            assert.ok(exposed.includes(name), `${name} is not served`);
        }
    });

    it("expresses the outputs the analyzer once refused as named types and plain outputs", () => {
        const outputs = (name: string) => Object.keys(committed.resources[token(name)].properties);
        const logs = outputs("SigmaLogs");
        for (const output of ["userdataLogGroupName", "catalinaLogGroupName", "tomcatAccessLogGroupName", "mysqlErrorLogGroupName"]) {
            assert.ok(logs.includes(output), `SigmaLogs.${output}`);
        }
        assert.ok(!logs.includes("logGroupNames"), "logGroupNames is a getter over the four");
        assert.ok(!outputs("SigmaRestore").includes("restoreJobWaiter"));
        assert.ok(!outputs("SigmaRestoreTesting").includes("validation"));
        const dbRecord = committed.resources[token("SigmaFailover")].inputProperties.dbRecord;
        assert.strictEqual(dbRecord.$ref, "#/types/sigma-pulumi:index:SigmaFailoverDbRecord");
        assert.deepStrictEqual(Object.keys(committed.types["sigma-pulumi:index:SigmaFailoverDbRecord"].properties).sort(), ["name", "zoneId"]);
    });

    it("names every exposed component, with its description, and nothing else", () => {
        assert.deepStrictEqual(Object.keys(committed.resources).sort(), exposed.map(token).sort());
        for (const name of exposed) {
            const resource = committed.resources[token(name)];
            assert.strictEqual(resource.isComponent, true, name);
            assert.ok((resource.description ?? "").trim() !== "", `${name} has no description (its class TSDoc)`);
        }
    });

    it("names every arg of every exposed component with its TSDoc as the description and its optionality", () => {
        const problems: string[] = [];
        for (const name of exposed) {
            const resource = committed.resources[token(name)];
            const args = componentArgs(name);
            assert.deepStrictEqual(Object.keys(resource.inputProperties).sort(), args.map((a) => a.name).sort(), `${name}: inputs differ from its args`);
            for (const arg of args) {
                const input = resource.inputProperties[arg.name];
                if (arg.doc === "") problems.push(`${name}.${arg.name} has no TSDoc`);
                if (input.description !== arg.doc) problems.push(`${name}.${arg.name}: description ${JSON.stringify(input.description)} is not its TSDoc ${JSON.stringify(arg.doc)}`);
                if (resource.requiredInputs.includes(arg.name) === arg.optional) problems.push(`${name}.${arg.name}: required in the schema is ${!arg.optional ? "missing" : "wrong"}`);
            }
        }
        assert.deepStrictEqual(problems, []);
    });

    it("hosts the exposed components: Construct builds one from its package token under mocks and refuses the rest", async () => {
        await useMocks();
        const host: any = new ComponentProvider({ name: provider.PROVIDER_NAME, namespace: provider.PROVIDER_NAMESPACE, components: provider.providerComponents, dirname: ROOT });
        // The host's schema analysis (ComponentProvider.getSchema) is the generator's: the same Analyzer over the same
        // directory, package manifest and component names, shown here; so it is shared, not run a second time (~15 s).
        const { names, packageJSON, components } = analysis();
        assert.deepStrictEqual({ path: host.path, packageJSON: host.packageJSON, names: Object.keys(host.componentConstructors).sort(), version: host.version },
            { path: ROOT, packageJSON, names: [...names].sort(), version: packageJSON.version });
        host.cachedSchema = JSON.stringify(generator.generate(analysis()));
        host.componentDefinitions = components;
        const result = await host.construct("reporting", token("SigmaSecurityGroups"), { vpcId: "vpc-0123456789abcdef0", appCidrs: ["10.20.0.0/16"] }, {});
        // The URN carries the component's own TypeScript type, not the requested package token: the engine records the
        // URN Construct returns as is (pkg/resource/deploy/source_eval.go, RegisterResource, remote branch).
        assert.match(await resolve(result.urn as pulumi.Output<string>), /::sigma:network:SigmaSecurityGroups::reporting$/);
        assert.deepStrictEqual(Object.keys(result.state).sort(), Object.keys(committed.resources[token("SigmaSecurityGroups")].properties).sort());
        const groupId = await resolve(result.state.appSecurityGroupId as pulumi.Output<string>);
        assert.ok(typeof groupId === "string" && groupId !== "", "appSecurityGroupId did not resolve");
        await assert.rejects(host.construct("x", token("SigmaNoSuchComponent"), {}, {}), /Component class not found for 'SigmaNoSuchComponent'/);
        await assert.rejects(host.construct("x", "sigma:network:SigmaSecurityGroups", {}, {}), /Invalid package name/);
    });

    it("the committed schema.json equals a fresh generation by the SDK's analyzer (npm run schema)", () => {
        const fresh = generator.serialise(generator.generate(analysis()));
        assert.ok(fresh === fs.readFileSync(path.join(ROOT, "schema.json"), "utf8"), "schema.json is stale: run `npm run schema` and commit it");
    });
});
