import { ArgProblems, show } from "../shared/validation";

/** Records a problem when a set `value` is not a whole number from `min` to `max` (`why` says whose range it is). */
export function checkWholeNumber(problems: ArgProblems, arg: string, value: number | undefined, range: { min: number; max: number }, why = ""): void {
    if (value !== undefined) {
        problems.check(Number.isInteger(value) && value >= range.min && value <= range.max,
            `${arg} ${show(value)} must be a whole number from ${range.min} to ${range.max}${why}`);
    }
}
