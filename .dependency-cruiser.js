// The import rules of /work/shared/CONVENTIONS.md ("Arrows only point down"), checked in `npm test` by
// test/architecture.test.ts (and by hand: npx depcruise --config .dependency-cruiser.js index.ts components stacks model policy offline scripts test).
// Paths are relative to the repository root; npm packages resolve to node_modules/..., node builtins are "core".
"use strict";

/** Where a module may always import from: npm packages and node builtins. */
const EXTERNAL = { pathNot: "^node_modules/", dependencyTypesNot: ["core"] };

module.exports = {
    forbidden: [
        {
            name: "model-imports-no-project-module",
            comment: "model/ is the project's model of AWS facts: it imports other model/ files, npm packages and node builtins, nothing else of the project.",
            severity: "error",
            from: { path: "^model/" },
            to: { ...EXTERNAL, pathNot: "^(model/|node_modules/)" },
        },
        {
            name: "components-import-no-upper-layer",
            comment: "Components never import a stack, the offline tools, the policy pack, the tests or the Pulumi entry point.",
            severity: "error",
            from: { path: "^components/" },
            to: { path: "^(stacks/|offline/|policy/|test/|index\\.ts$)" },
        },
        {
            name: "component-area-imports-no-sibling-area",
            comment: "A component folder imports only itself, components/shared/ and model/: shared things live in components/shared/.",
            severity: "error",
            from: { path: "^components/(?!shared/)([^/]+)/" },
            to: { path: "^components/", pathNot: "^components/($1|shared)/" },
        },
        {
            name: "components-shared-imports-only-model",
            comment: "components/shared/ sits under every area: it imports only itself and model/.",
            severity: "error",
            from: { path: "^components/shared/" },
            to: { ...EXTERNAL, pathNot: "^(components/shared/|model/|node_modules/)" },
        },
        {
            name: "stacks-import-no-upper-layer",
            comment: "Stacks never import the offline tools, the policy pack, the tests or the Pulumi entry point.",
            severity: "error",
            from: { path: "^stacks/" },
            to: { path: "^(offline/|policy/|test/|index\\.ts$)" },
        },
        {
            name: "entry-point-imports-no-tooling",
            comment: "index.ts reads the config and hands it to stacks/: it imports no offline tool, policy or test.",
            severity: "error",
            from: { path: "^index\\.ts$" },
            to: { path: "^(offline/|policy/|test/|scripts/)" },
        },
        {
            name: "component-provider-imports-only-components",
            comment: "provider.ts serves the component library to other languages: it imports components/ (and npm), never the program, a tool or the pack.",
            severity: "error",
            from: { path: "^provider\\.ts$" },
            to: { path: "^(stacks/|offline/|policy/|test/|scripts/|index\\.ts$)" },
        },
        {
            name: "policy-imports-only-policy-and-model",
            comment: "The policy pack judges resources by type token and inputs with the facts of model/: it imports no component, stack or tool, so its bundle holds policy/ and model/ only.",
            severity: "error",
            from: { path: "^policy/" },
            to: { ...EXTERNAL, pathNot: "^(policy/|model/|node_modules/)" },
        },
        {
            name: "only-tests-and-scripts-import-offline",
            comment: "Offline tools import the program, never the other way round: only offline/, test/ and scripts/ import offline/.",
            severity: "error",
            from: { pathNot: "^(offline|test|scripts)/" },
            to: { path: "^offline/" },
        },
        {
            name: "program-imports-no-test",
            comment: "Nothing outside test/ imports a test file or fixture.",
            severity: "error",
            from: { pathNot: "^test/" },
            to: { path: "^test/" },
        },
        {
            name: "no-circular",
            comment: "No import cycle among the project's modules (type-only imports included).",
            severity: "error",
            from: { pathNot: "^node_modules/" },
            to: { circular: true },
        },
        {
            name: "no-unresolvable",
            comment: "Every import of the project resolves to a file or an installed package.",
            severity: "error",
            from: { pathNot: "^node_modules/" },
            to: { couldNotResolve: true },
        },
    ],
    options: {
        doNotFollow: { path: "node_modules" },
        exclude: { path: "(^|/)(node_modules|dist|bin)/" },
        // Type-only imports count: an `import type` of a stack is as much an upward arrow as a value import.
        tsPreCompilationDeps: true,
        tsConfig: { fileName: "tsconfig.json" },
        moduleSystems: ["cjs", "es6", "tsd"],
        enhancedResolveOptions: {
            exportsFields: ["exports"],
            conditionNames: ["import", "require", "node", "default", "types"],
            extensions: [".ts", ".js", ".json", ".d.ts"],
        },
    },
};
