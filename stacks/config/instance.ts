import { INSTANCE_DEFAULTS } from "../../components";
import { ID_EXAMPLES, isId, KEY_PAIR_NAME } from "../../model/ids";
import { GP3_SIZE_GIB } from "../../model/limits";
import { SUPPORTED_INSTANCE_TYPES } from "../../model/instanceTypes";
import { defaultOf } from "./keys";
import { nearest } from "./nearest";
import { ConfigReader } from "./reader";

/** The AMI of the Sigma instances: pinned by id, or the newest match of an owner's name filter. */
export type AmiSource = { amiId: string } | { amiOwner: string; amiNameFilter: string };

/** The SigmaInstance settings of the topologies that launch instances (single-az, multi-az). */
export interface InstanceSettings {
    ami: AmiSource;
    instanceType: string;
    keyName?: string;
    dataVolumeGiB: number;
    rootVolumeGiB?: number;
    terminationProtection: boolean;
}

export const INSTANCE_KEYS = ["sigma:amiId", "sigma:amiOwner", "sigma:amiNameFilter", "sigma:instanceType", "sigma:keyName",
    "sigma:dataVolumeGiB", "sigma:rootVolumeGiB", "sigma:terminationProtection"] as const;

export const SUPPORTED_TYPES = Object.keys(SUPPORTED_INSTANCE_TYPES);

// DescribeImages Owners: account ids or the aliases self, amazon, aws-marketplace.
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeImages.html
const AMI_OWNER = /^(\d{12}|self|amazon|aws-marketplace)$/;
// AMI names: 3-128 letters, digits, ( ) [ ] space . / - ' @ _; the filter adds the wildcards * and ?.
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateImage.html (Name)
const AMI_NAME_FILTER = /^[A-Za-z0-9()[\] ./\-'@_*?]{1,128}$/;
const EXAMPLE_NAME_FILTER = "sigma-app-db-*";

/** The instance type suggested for a near miss ("t3.XLarge" -> t3.xlarge). */
export function suggestInstanceType(value: string): string | undefined {
    return nearest(value, SUPPORTED_TYPES);
}

function readAmi(read: ConfigReader): AmiSource {
    const amiId = read.string("amiId", (value) => isId("ami", value) ? undefined : `is not an AMI id; use the form ${ID_EXAMPLES.ami}`);
    const amiOwner = read.string("amiOwner", (value) => AMI_OWNER.test(value) ? undefined
        : "is not an AMI owner; use the owner's 12-digit account id, or self, amazon or aws-marketplace");
    const amiNameFilter = read.string("amiNameFilter", (value) => AMI_NAME_FILTER.test(value) ? undefined
        : `is not an AMI name filter; use up to 128 letters, digits, ( ) [ ] . / - ' @ _ and the wildcards * ?, e.g. ${EXAMPLE_NAME_FILTER}`);
    if (read.has("amiId")) {
        for (const key of ["amiOwner", "amiNameFilter"]) {
            if (read.has(key)) {
                read.problem(key, read.raw(key), "is set together with sigma:amiId; keep one way of choosing the AMI: remove it, or remove sigma:amiId");
            }
        }
    } else if (read.has("amiOwner") && !read.has("amiNameFilter")) {
        read.missing("amiNameFilter", `sigma:amiOwner looks the AMI up by name; give the name filter too, e.g. ${EXAMPLE_NAME_FILTER}`);
    } else if (!read.has("amiOwner") && read.has("amiNameFilter")) {
        read.missing("amiOwner", "sigma:amiNameFilter needs the AMI's owner; give its 12-digit account id, or self, amazon or aws-marketplace");
    } else if (!read.has("amiOwner")) {
        read.missing("amiId", `give the Sigma APP&DB AMI id, e.g. ${ID_EXAMPLES.ami}, or set sigma:amiOwner and sigma:amiNameFilter to look it up`);
    }
    return amiId !== undefined ? { amiId } : { amiOwner: amiOwner ?? "", amiNameFilter: amiNameFilter ?? "" };
}

/** Reads the SigmaInstance settings, recording every problem. */
export function readInstanceSettings(read: ConfigReader): InstanceSettings {
    const rootVolumeGiB = read.has("rootVolumeGiB")
        ? read.integer("rootVolumeGiB", 0, 8, GP3_SIZE_GIB.max, " (unset: the AMI's size)")
        : undefined;
    return {
        ami: readAmi(read),
        instanceType: read.oneOf("instanceType", SUPPORTED_TYPES, defaultOf<string>("sigma:instanceType"), suggestInstanceType),
        keyName: read.string("keyName", (value) => KEY_PAIR_NAME.test(value) ? undefined
            : "is not a key pair name (up to 255 printable ASCII characters); give an existing EC2 key pair, or leave it unset and use Session Manager"),
        dataVolumeGiB: read.integer("dataVolumeGiB", defaultOf<number>("sigma:dataVolumeGiB"), INSTANCE_DEFAULTS.minDataVolumeGiB,
            INSTANCE_DEFAULTS.maxDataVolumeGiB, " (the guide's minimum is 100 GiB)"),
        rootVolumeGiB,
        terminationProtection: read.boolean("terminationProtection", defaultOf<boolean>("sigma:terminationProtection")),
    };
}
