import { componentProviderHost, getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import * as components from "./components";

/**
 * The component package other languages use (PulumiPlugin.yaml, schema.json): the package name and namespace the
 * nodejs host derives from package.json's "@emach/sigma-pulumi" (node_modules/@pulumi/pulumi/cmd/run-plugin/run.js),
 * so a resource type reads `sigma-pulumi:index:SigmaInstance`.
 */
export const PROVIDER_NAME = "sigma-pulumi";
export const PROVIDER_NAMESPACE = "emach";

/**
 * The components the package serves: every ComponentResource class `components/index.ts` exports, found exactly as the
 * nodejs plugin host finds them when `pulumi package add` starts this folder (node_modules/@pulumi/pulumi/cmd/run-plugin/run.js:
 * `getPulumiComponents(require(<package main>))`), so the committed schema is the one the host serves.
 */
export const providerComponents = getPulumiComponents(components);

// Started as the plugin (`node -r ./scripts/transpileHook.js provider.ts`), it serves GetSchema and Construct to the engine.
if (require.main === module) {
    componentProviderHost({ name: PROVIDER_NAME, namespace: PROVIDER_NAMESPACE, components: providerComponents, dirname: __dirname })
        .catch((error: unknown) => {
            console.error(error instanceof Error ? error.message : String(error));
            process.exit(1);
        });
}
