#!/usr/bin/env node
// Writes schema.json: the Pulumi package schema of the components in provider.ts, inferred offline by the SDK's own
// analyzer exactly as the nodejs component-provider host does at `pulumi package add` / GetSchema
// (node_modules/@pulumi/pulumi/provider/experimental/provider.js, ComponentProvider.getSchema).
// `node scripts/generateSchema.js` writes it; `--check` exits 1 when the committed file differs from a fresh generation.
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const SCHEMA_FILE = path.join(ROOT, "schema.json");

/**
 * The analysis the host makes (ComponentProvider.getSchema): the SDK's Analyzer over this checkout, for the provider's
 * components, with the package manifest; `components` is what the host's Construct reads the outputs from.
 */
function analyze() {
    require("./transpileHook");
    const { Analyzer } = require("@pulumi/pulumi/provider/experimental/analyzer");
    const { readPackageManifest } = require("@pulumi/pulumi/runtime/manifest");
    const provider = require(path.join(ROOT, "provider.ts"));
    const packageJSON = readPackageManifest(ROOT).data;
    const names = new Set(provider.providerComponents.map((component) => component.name));
    const analyzer = new Analyzer(ROOT, provider.PROVIDER_NAME, packageJSON, names);
    return { provider, packageJSON, names, ...analyzer.analyze() };
}

/** The schema as the host would serve it, from the TypeScript sources of this checkout (or from `analysis`). */
function generate(analysis = analyze()) {
    const { generateSchema } = require("@pulumi/pulumi/provider/experimental/schema");
    const { provider, packageJSON, components, typeDefinitions, dependencies } = analysis;
    return generateSchema(provider.PROVIDER_NAME, packageJSON.version, packageJSON.description, components, typeDefinitions,
        dependencies, provider.PROVIDER_NAMESPACE);
}

function serialise(schema) {
    return JSON.stringify(schema, null, 2) + "\n";
}

function main(argv) {
    const unknown = argv.filter((arg) => arg !== "--check");
    if (unknown.length > 0) {
        console.error(`unknown argument ${JSON.stringify(unknown[0])}; use: node scripts/generateSchema.js [--check]`);
        return 2;
    }
    const fresh = serialise(generate());
    if (argv.includes("--check")) {
        const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, "utf8") : "";
        if (committed !== fresh) {
            console.error("schema.json differs from the components' args; run `npm run schema` and commit it");
            return 1;
        }
        return 0;
    }
    fs.writeFileSync(SCHEMA_FILE, fresh);
    console.error(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
    return 0;
}

module.exports = { analyze, generate, serialise, SCHEMA_FILE };

if (require.main === module) {
    try {
        process.exitCode = main(process.argv.slice(2));
    } catch (error) {
        console.error(`schema generation failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
    }
}
