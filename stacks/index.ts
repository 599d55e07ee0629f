import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "./config";
import { singleAz } from "./singleAz";
import { drRegion } from "./drRegion";
import { multiAz } from "./multiAz";
import { sigmaProvider } from "./tags";

/** Assembles the stack for the configured topology and returns its outputs. */
export function deploy(cfg: StackConfig): Record<string, pulumi.Output<unknown>> {
    const provider = sigmaProvider("aws", cfg);
    switch (cfg.topology) {
        case "single-az":
            return singleAz(cfg, provider);
        case "dr-region":
            return drRegion(cfg, provider);
        case "multi-az":
            return multiAz(cfg, provider);
        default: {
            // parseConfig only admits the topologies above; this guards a new one added there but not here.
            const unknown: never = cfg;
            throw new Error(`sigma:topology ${JSON.stringify((unknown as StackConfig).topology)} has no stack assembly; use single-az, multi-az or dr-region`);
        }
    }
}
