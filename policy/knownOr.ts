import { UnknownValueError } from "@pulumi/policy";

/** The value a lookup yields, or `fallback` when the engine does not know it yet (a preview of a new resource). */
export function knownOr<T>(lookup: () => T, fallback: T): T {
    try {
        return lookup();
    } catch (err) {
        if (err instanceof UnknownValueError) {
            return fallback;
        }
        throw err;
    }
}
