import { SynthResource } from "../synth/synthesize";

/**
 * One entry of a `pulumi import --file` document. Shape: pulumi/pulumi pkg/cmd/pulumi/operations/import.go
 * (`importSpec`), documented at https://www.pulumi.com/docs/iac/adopting-pulumi/import/#bulk-import-operations.
 * `name` is how other entries refer to this one (as `parent`); `logicalName` is the resource's Pulumi name when it
 * differs from `name`. `parent` names another entry of the file or a `nameTable` key; `provider` names a `nameTable`
 * key only. A component entry (`component: true`) has no id: the import creates it empty, as the parent of the
 * resources under it (pulumi 3.94+, pulumi/pulumi#14467).
 */
export interface ImportSpec {
    type: string;
    name: string;
    id?: string;
    parent?: string;
    provider?: string;
    component?: boolean;
    logicalName?: string;
}

/** The document: `nameTable` maps names used as parent/provider to URNs that exist outside the file. */
export interface PulumiImportFile {
    nameTable: Record<string, string>;
    resources: ImportSpec[];
}

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * The URN of a provider given as a URN (urn:pulumi:<stack>::<project>::<type>::<name>, as the synth records it) or as a
 * provider reference (<urn>::<id>, as the engine passes it).
 */
export function providerUrnOf(reference: string): string {
    const parts = reference.split("::");
    return parts.length > 4 ? parts.slice(0, 4).join("::") : reference;
}

const urnName = (urn: string) => urn.split("::").slice(3).join("::");
const urnType = (urn: string) => {
    const chain = urn.split("::")[2] ?? "";
    return chain.split("$").pop() ?? "";
};

/** A default provider's URN name starts with "default" (pulumi/pulumi sdk/go/common/resource/plugin providers: IsDefaultProvider). */
const isDefaultProvider = (providerUrn: string) => urnType(providerUrn).startsWith("pulumi:providers:") && urnName(providerUrn).startsWith("default");

/**
 * The import document for `adopt` (each with its import id) plus every component above them, so the import creates the
 * parents first and every resource lands at the URN the program registers it under. Names follow `pulumi preview
 * --import-file` (pulumi/pulumi pkg/cmd/pulumi/operations/preview.go buildImportFile): the URN's name, made unique by
 * appending the type's name and then a counter; the real name is then kept in `logicalName`.
 */
export function buildImportFile(adopt: { resource: SynthResource; id: string }[], synth: readonly SynthResource[]): PulumiImportFile {
    const byUrn = new Map(synth.map((r) => [r.urn, r]));
    const ordered: { resource: SynthResource; id?: string }[] = [];
    const seen = new Set<string>();
    const add = (resource: SynthResource, id?: string) => {
        if (seen.has(resource.urn)) {
            return;
        }
        const parent = resource.parent ? byUrn.get(resource.parent) : undefined;
        if (parent && parent.type !== ROOT_STACK_TYPE) {
            add(parent);
        }
        seen.add(resource.urn);
        ordered.push({ resource, id });
    };
    adopt.forEach((a) => add(a.resource, a.id));

    const taken = new Set<string>();
    const nameOfUrn = new Map<string, string>();
    const uniqueName = (name: string, type: string) => {
        if (!taken.has(name)) {
            return name;
        }
        const typeName = type.split(":").pop() ?? "";
        const base = `${name}${typeName.charAt(0).toUpperCase()}${typeName.slice(1)}`;
        let candidate = base;
        for (let counter = 2; taken.has(candidate); counter++) {
            candidate = `${base}${counter}`;
        }
        return candidate;
    };
    const nameTable: Record<string, string> = {};
    const resources: ImportSpec[] = [];
    for (const { resource, id } of ordered) {
        const name = uniqueName(resource.name, resource.type);
        taken.add(name);
        nameOfUrn.set(resource.urn, name);
        const spec: ImportSpec = { type: resource.type, name };
        if (name !== resource.name) {
            spec.logicalName = resource.name;
        }
        if (id === undefined) {
            spec.component = true;
        } else {
            spec.id = id;
        }
        if (resource.parent && byUrn.get(resource.parent)?.type !== ROOT_STACK_TYPE && byUrn.has(resource.parent)) {
            spec.parent = nameOfUrn.get(resource.parent);
        }
        resources.push(spec);
    }
    // Providers last: their names must not collide with an entry's (pulumi import refuses an ambiguous provider).
    for (const [i, { resource }] of ordered.entries()) {
        if (!resource.provider) {
            continue;
        }
        const providerUrn = providerUrnOf(resource.provider);
        if (isDefaultProvider(providerUrn)) {
            continue;
        }
        let key = Object.keys(nameTable).find((k) => nameTable[k] === providerUrn);
        if (key === undefined) {
            key = uniqueName(urnName(providerUrn), urnType(providerUrn));
            taken.add(key);
            nameTable[key] = providerUrn;
        }
        resources[i].provider = key;
    }
    return { nameTable, resources };
}

/**
 * The URN `pulumi import` gives each entry: urn:pulumi:<stack>::<project>::<parent's type chain>$<type>::<logical name>,
 * the parent looked up among the entries or in nameTable, the root stack contributing no type. Mirrors
 * pulumi/pulumi pkg/cmd/pulumi/operations/import.go parseImportFile and sdk resource.NewURN; a problem per entry
 * whose parent or provider cannot be resolved, or whose name is used twice.
 */
export function importedUrns(file: PulumiImportFile, stack: string, project: string): { urns: string[]; problems: string[] } {
    const problems: string[] = [];
    const names = file.resources.map((r) => r.name);
    names.forEach((n, i) => {
        if (names.indexOf(n) !== i) {
            problems.push(`name ${JSON.stringify(n)} is used by more than one entry`);
        }
    });
    const chainOf = new Map<string, string>();
    for (const [key, urn] of Object.entries(file.nameTable)) {
        chainOf.set(key, urn.split("::")[2] ?? "");
    }
    const urns: string[] = [];
    for (const spec of file.resources) {
        let chain = spec.type;
        if (spec.parent !== undefined) {
            const parentChain = chainOf.get(spec.parent);
            if (parentChain === undefined) {
                problems.push(`the parent ${JSON.stringify(spec.parent)} of ${JSON.stringify(spec.name)} is neither an earlier entry nor in nameTable`);
            } else {
                chain = `${parentChain}$${spec.type}`;
            }
        }
        if (spec.provider !== undefined && !(spec.provider in file.nameTable)) {
            problems.push(`the provider ${JSON.stringify(spec.provider)} of ${JSON.stringify(spec.name)} has no entry in nameTable`);
        }
        if ((spec.component === true) === (spec.id !== undefined)) {
            problems.push(`${JSON.stringify(spec.name)} must have an id or be a component, not both or neither`);
        }
        chainOf.set(spec.name, chain);
        urns.push(`urn:pulumi:${stack}::${project}::${chain}::${spec.logicalName ?? spec.name}`);
    }
    return { urns, problems };
}
