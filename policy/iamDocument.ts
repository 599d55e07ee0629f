/** One statement of an IAM policy document, with Action/Resource normalised to lists. */
export interface IamStatement {
    sid?: string;
    effect: string;
    actions: string[];
    notActions: string[];
    resources: string[];
    notResources: string[];
    principal: unknown;
    condition: Record<string, Record<string, unknown>>;
}

const asList = (value: unknown): string[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);

/**
 * Parses an IAM policy document as the engine hands it over (a JSON string in the synth doc and in
 * previews of `JSON.stringify`-ed documents, or an object). Throws an Error naming the problem when the
 * text is not a policy document.
 */
export function parsePolicyDocument(document: unknown): IamStatement[] {
    const parsed = typeof document === "string" ? JSON.parse(document) : document;
    if (!parsed || typeof parsed !== "object" || !("Statement" in (parsed as object))) {
        throw new Error(`not an IAM policy document (no Statement): ${JSON.stringify(document).slice(0, 120)}`);
    }
    const raw = (parsed as { Statement: unknown }).Statement;
    return (Array.isArray(raw) ? raw : [raw]).map((s: any) => ({
        sid: s.Sid,
        effect: String(s.Effect),
        actions: asList(s.Action),
        notActions: asList(s.NotAction),
        resources: asList(s.Resource),
        notResources: asList(s.NotResource),
        principal: s.Principal,
        condition: s.Condition ?? {},
    }));
}

/** How a statement names itself in messages: its Sid, else its position. */
export function statementLabel(statement: IamStatement, index: number): string {
    return statement.sid ? `statement "${statement.sid}"` : `statement ${index}`;
}
