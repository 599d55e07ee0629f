/**
 * What the check reports about a stack's waivers. The pack applies them itself (policy/waivers.ts, withWaivers:
 * a valid waiver suppresses the violation, an invalid one is a violation), so the engine never shows what a waiver
 * hid. The offline check lists it: it runs the pack once more with the waivers taken out of the config, and each
 * violation only that run finds is the one a valid waiver accepted.
 */
import { isoDay, Waiver, waiverMatches, waiverProblems, waiversOf, WAIVERS_SETTING } from "../../policy/waivers";

export { Waiver };

/** A waiver that cannot be used, with why (as the pack states it). */
export interface InvalidWaiver {
    waiver: Waiver;
    problems: string[];
    /** Its `expires` day has passed. */
    expired: boolean;
}

/** Today as the waivers' `expires` is written: YYYY-MM-DD in UTC. */
export const utcDay = (date: Date = new Date()): string => isoDay(date);

/** A waiver holds through its `expires` day (a valid YYYY-MM-DD date): it is expired once today is a later day. */
export function isExpired(waiver: Pick<Waiver, "expires">, today: Date): boolean {
    const valid = /^\d{4}-\d{2}-\d{2}$/.test(waiver.expires) && !Number.isNaN(Date.parse(`${waiver.expires}T00:00:00Z`))
        && isoDay(new Date(`${waiver.expires}T00:00:00Z`)) === waiver.expires;
    return valid && waiver.expires < isoDay(today);
}

/** Every waiver of a policy config (each policy entry's `waivers`), with the unusable ones and their problems. */
export function configWaivers(config: Record<string, unknown>, today: Date): { waivers: Waiver[]; invalid: InvalidWaiver[] } {
    const waivers = waiversOf(config);
    const invalid = waivers.map((waiver) => ({ waiver, problems: waiverProblems(waiver, today), expired: isExpired(waiver, today) }))
        .filter((i) => i.problems.length > 0);
    return { waivers, invalid };
}

/** The config with every policy entry's `waivers` taken out (the run that shows what the waivers hide). */
export function withoutWaivers(config: Record<string, any>): Record<string, any> {
    return Object.fromEntries(Object.entries(config).map(([key, entry]) => {
        if (!entry || typeof entry !== "object" || Array.isArray(entry) || !(WAIVERS_SETTING in entry)) {
            return [key, entry];
        }
        const { [WAIVERS_SETTING]: _dropped, ...rest } = entry as Record<string, unknown>;
        return [key, rest];
    }));
}

/** The first usable waiver of `policy` naming `urn`. */
export function waiverFor(waivers: readonly Waiver[], invalid: readonly InvalidWaiver[], policy: string, urn: string): Waiver | undefined {
    return waivers.find((w) => w.policy === policy && !invalid.some((i) => i.waiver === w) && waiverMatches(w, urn));
}
