/**
 * The standard tag that says which Sigma component owns a resource. Project, stack and environment
 * tags come from the provider's default tags (see stacks/tags.ts); this is the one per-component key.
 */
export function componentTags(component: string, extra: Record<string, string> | undefined): Record<string, string> {
    return { ...extra, component };
}
