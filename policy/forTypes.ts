import { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";

/** A resource validation that runs only for the given type tokens and reports "not applicable" for all others. */
export function forTypes(types: readonly string[], validate: (args: ResourceValidationArgs, reportViolation: ReportViolation) => void): ResourceValidation {
    return (args, reportViolation) => {
        if (!types.includes(args.type)) {
            args.notApplicable(`applies only to ${types.join(", ")}`);
        }
        validate(args, reportViolation);
    };
}
