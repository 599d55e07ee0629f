/**
 * What RunInstances accepts per instance type for the settings a recovery point carries over from the backed-up
 * instance: CPU options and burstable CPU credits. Covers the types Sigma runs on (model/instanceTypes.ts) and the
 * t2.micro of the real metadata fixture.
 */

/** CPU options an instance type accepts at launch. */
export interface CpuOptionsFacts {
    defaultVCpus: number;
    defaultCores: number;
    defaultThreadsPerCore: number;
    validCores: readonly number[];
    validThreadsPerCore: readonly number[];
}

// "CPU cores and threads per CPU core per instance type" table; types absent from it do not support CPU options
// (T2: "Each vCPU is a hyperthread of an Intel Xeon CPU core, except for T2 instances", and T2 is not in the table).
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/cpu-options-supported-instances-values.html
// (awsdocs/amazon-ec2-user-guide doc_source/instance-optimize-cpu.md, general purpose and memory optimized tables)
export const CPU_OPTIONS: Readonly<Record<string, CpuOptionsFacts>> = {
    "t3.medium": { defaultVCpus: 2, defaultCores: 1, defaultThreadsPerCore: 2, validCores: [1], validThreadsPerCore: [1, 2] },
    "t3.large": { defaultVCpus: 2, defaultCores: 1, defaultThreadsPerCore: 2, validCores: [1], validThreadsPerCore: [1, 2] },
    "t3.xlarge": { defaultVCpus: 4, defaultCores: 2, defaultThreadsPerCore: 2, validCores: [2], validThreadsPerCore: [1, 2] },
    "t3.2xlarge": { defaultVCpus: 8, defaultCores: 4, defaultThreadsPerCore: 2, validCores: [2, 4], validThreadsPerCore: [1, 2] },
    "m5.xlarge": { defaultVCpus: 4, defaultCores: 2, defaultThreadsPerCore: 2, validCores: [2], validThreadsPerCore: [1, 2] },
    "r5.large": { defaultVCpus: 2, defaultCores: 1, defaultThreadsPerCore: 2, validCores: [1], validThreadsPerCore: [1, 2] },
    "r5.xlarge": { defaultVCpus: 4, defaultCores: 2, defaultThreadsPerCore: 2, validCores: [2], validThreadsPerCore: [1, 2] },
};

/** The CPU options `instanceType` accepts, or undefined when it accepts none (or is not in the table). */
export function cpuOptionsFacts(instanceType: string): CpuOptionsFacts | undefined {
    return Object.hasOwn(CPU_OPTIONS, instanceType) ? CPU_OPTIONS[instanceType] : undefined;
}

// Burstable performance instances (the only ones with CPU credits): T4g, T3a, T3 and T2.
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/burstable-performance-instances.html
// RunInstances CreditSpecification: "The credit option for CPU usage of the burstable performance instance."
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html
const BURSTABLE_FAMILIES = ["t2", "t3", "t3a", "t4g"];

/** Whether `instanceType` is a burstable performance instance, the only kind a CreditSpecification may name. */
export function isBurstable(instanceType: string): boolean {
    return BURSTABLE_FAMILIES.includes(instanceType.split(".")[0]);
}
