import * as fs from "fs";
import * as path from "path";

/** One list price: what a unit costs, where the figure comes from and when it was taken. */
export interface Price {
    usd: number;
    unit: string;
    source: string;
    asOf: string;
    note?: string;
}

/** The prices of one region, read from `offline/plan/prices/<region>.json` (data, not code). */
export interface PriceBook {
    region: string;
    currency: "USD";
    prices: Record<string, Price>;
}

/** Where the price files live: `prices/` beside this file. */
export const PRICES_DIR = path.join(__dirname, "prices");

/** Checks a parsed price file; returns every problem, each naming the entry and the fix. */
export function priceBookProblems(doc: any, region: string, file: string): string[] {
    const problems: string[] = [];
    if (!doc || typeof doc !== "object") {
        return [`${file} is not a JSON object; give {"region", "currency", "prices": {...}}`];
    }
    if (doc.region !== region) {
        problems.push(`${file} "region" is ${JSON.stringify(doc.region)}; it must be "${region}" (the file's name)`);
    }
    if (doc.currency !== "USD") {
        problems.push(`${file} "currency" is ${JSON.stringify(doc.currency)}; only "USD" is supported`);
    }
    if (!doc.prices || typeof doc.prices !== "object") {
        problems.push(`${file} has no "prices" object`);
        return problems;
    }
    for (const [key, price] of Object.entries<any>(doc.prices)) {
        if (!price || typeof price.usd !== "number" || !Number.isFinite(price.usd) || price.usd < 0) {
            problems.push(`${file} prices["${key}"].usd ${JSON.stringify(price?.usd)} must be a number >= 0`);
        }
        for (const field of ["unit", "source", "asOf"]) {
            if (!price || typeof price[field] !== "string" || price[field].length === 0) {
                problems.push(`${file} prices["${key}"].${field} is missing; every price states its unit, source and date`);
            }
        }
    }
    return problems;
}

/** The regions that have a price file. */
export function pricedRegions(dir: string = PRICES_DIR): string[] {
    return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => /^(.+)\.json$/.exec(f)?.[1]).filter((r): r is string => !!r).sort() : [];
}

/** Reads and validates `offline/plan/prices/<region>.json`; throws naming the file and the fix when it is missing or wrong. */
export function loadPriceBook(region: string, dir: string = PRICES_DIR): PriceBook {
    const file = path.join(dir, `${region}.json`);
    if (!fs.existsSync(file)) {
        const known = pricedRegions(dir);
        throw new Error(`no price file for region "${region}" (${path.relative(process.cwd(), file) || file}); ` +
            `add one with each price's source and date (see offline/plan/prices/ap-southeast-1.json), or deploy to a priced region: ${known.join(", ") || "none"}`);
    }
    let doc: unknown;
    try {
        doc = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new Error(`price file ${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    const problems = priceBookProblems(doc, region, path.basename(file));
    if (problems.length > 0) {
        throw new Error(`price file ${file} is invalid:\n  - ${problems.join("\n  - ")}`);
    }
    return doc as PriceBook;
}

/** Loads each region's price book once. */
export class PriceBooks {
    private readonly books = new Map<string, PriceBook>();

    constructor(private readonly dir: string = PRICES_DIR) {}

    forRegion(region: string): PriceBook {
        let book = this.books.get(region);
        if (!book) {
            book = loadPriceBook(region, this.dir);
            this.books.set(region, book);
        }
        return book;
    }
}
