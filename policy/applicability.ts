import { ReportViolation, ResourceValidation, ResourceValidationArgs, UnknownValueError } from "@pulumi/policy";

/** A resource validation that runs only for the given type tokens and reports "not applicable" for all others. */
export function forTypes(types: readonly string[], validate: (args: ResourceValidationArgs, reportViolation: ReportViolation) => void): ResourceValidation {
    return (args, reportViolation) => {
        if (!types.includes(args.type)) {
            args.notApplicable(`applies only to ${types.join(", ")}`);
        }
        validate(args, reportViolation);
    };
}

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
