import * as aws from "@pulumi/aws";
import { StackConfig } from "./config";

/** The standard tags every taggable resource carries; the `component` tag is added by each component. */
export function standardTags(cfg: StackConfig): Record<string, string> {
    return { ...cfg.tags, project: cfg.project, stack: cfg.stack, environment: cfg.environment, "managed-by": "pulumi" };
}

/**
 * The AWS provider every resource of the stack uses: region and standard tags are set here, in code, so the
 * tags are merged in exactly one place (the provider's default tags) for every taggable resource.
 */
export function sigmaProvider(name: string, cfg: StackConfig, region: string = cfg.region): aws.Provider {
    return new aws.Provider(name, { region: region as aws.Region, defaultTags: { tags: standardTags(cfg) } });
}
