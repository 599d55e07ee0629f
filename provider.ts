import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import {
    SigmaAirGappedVault, SigmaAuditTrail, SigmaBackupPlan, SigmaBackupVault, SigmaConsistentSnapshots, SigmaDashboard, SigmaEbsKey, SigmaInstance,
    SigmaLoadBalancer, SigmaMonitoring, SigmaNetwork, SigmaPrivateDns, SigmaSchedule, SigmaSecurityGroups,
} from "./components";

/**
 * The component package other languages use (PulumiPlugin.yaml, schema.json): the package name and namespace the
 * nodejs host derives from package.json's "@emach/sigma-pulumi" (node_modules/@pulumi/pulumi/cmd/run-plugin/run.js),
 * so a resource type reads `sigma-pulumi:index:SigmaInstance`.
 */
export const PROVIDER_NAME = "sigma-pulumi";
export const PROVIDER_NAMESPACE = "emach";

/** The components whose args and outputs the SDK's schema analyzer can express (provider/experimental/analyzer.js). */
export const providerComponents = [
    SigmaSecurityGroups, SigmaInstance, SigmaNetwork, SigmaLoadBalancer, SigmaPrivateDns, SigmaMonitoring,
    SigmaAuditTrail, SigmaBackupVault, SigmaBackupPlan, SigmaEbsKey, SigmaAirGappedVault, SigmaDashboard, SigmaSchedule,
    SigmaConsistentSnapshots,
];

/** Exported components left out of the package, each with the analyzer's reason (TypeScript users import them directly). */
export const componentsLeftOut: Readonly<Record<string, string>> = {
    SigmaFailover: "arg dbRecord is an inline object type ({ zoneId, name }); the analyzer takes only named interfaces",
    SigmaLogs: "output logGroupNames is a Record keyed by a union of literal names, which the schema cannot express",
    SigmaRestore: "output restoreJobWaiter is a resource class of this package, not of an installed Pulumi SDK the schema can reference",
    SigmaRestoreTesting: "output validation is another component of this package; the analyzer does not support references to components",
};

// Started as the plugin (`node -r ./scripts/transpileHook.js provider.ts`), it serves GetSchema and Construct to the engine.
if (require.main === module) {
    componentProviderHost({ name: PROVIDER_NAME, namespace: PROVIDER_NAMESPACE, components: providerComponents, dirname: __dirname })
        .catch((error: unknown) => {
            console.error(error instanceof Error ? error.message : String(error));
            process.exit(1);
        });
}
