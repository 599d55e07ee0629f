/**
 * How IAM matches an Action (or NotAction) pattern against an action name:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * "The prefix and the action name are case insensitive" (iam:ListAccessKeys is IAM:listaccesskeys), and a pattern may
 * use the multi-character wildcard `*` and the single-character wildcard `?` anywhere in the name.
 */
export function actionPatternMatches(pattern: string, action: string): boolean {
    const regex = [...pattern].map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("");
    return new RegExp(`^${regex}$`, "is").test(action);
}
