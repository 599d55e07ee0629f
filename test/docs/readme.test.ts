import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

/**
 * The README is for a newcomer (issue 9): at most 150 lines, the two set-up commands, and links that lead somewhere.
 * A link's anchor must be a heading of the target, slugged as GitHub slugs headings (lower case, punctuation other
 * than - and _ dropped, each space a -, a repeated heading suffixed -1, -2, ...).
 */
const ROOT = path.resolve(__dirname, "..", "..");

export function githubSlugs(markdown: string): Set<string> {
    const slugs = new Set<string>();
    const seen = new Map<string, number>();
    let fenced = false;
    for (const line of markdown.split("\n")) {
        if (line.startsWith("```")) {
            fenced = !fenced;
            continue;
        }
        const heading = /^#{1,6}\s+(.*)$/.exec(line);
        if (fenced || !heading) {
            continue;
        }
        const base = heading[1].trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
        const count = seen.get(base) ?? 0;
        seen.set(base, count + 1);
        slugs.add(count === 0 ? base : `${base}-${count}`);
    }
    return slugs;
}

describe("README.md for a newcomer", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

    it("is at most 150 lines", () => {
        const lines = readme.endsWith("\n") ? readme.split("\n").length - 1 : readme.split("\n").length;
        assert.ok(lines <= 150, `${lines} lines`);
    });

    it("gives the two set-up commands in one block", () => {
        assert.match(readme, /```bash\nnpm ci\nnpm test\n```/);
    });

    it("every link into the repository names a file that exists, and an anchor that is a heading there", () => {
        const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
        assert.ok(links.length >= 10, `${links.length} links`);
        for (const link of links) {
            const [file, anchor] = link.split("#");
            const target = path.join(ROOT, file);
            assert.ok(fs.existsSync(target), `${link}: no ${file}`);
            if (anchor !== undefined) {
                assert.ok(githubSlugs(fs.readFileSync(target, "utf8")).has(anchor), `${link}: ${file} has no heading #${anchor}`);
            }
        }
    });

    it("slugs headings as GitHub does", () => {
        assert.deepStrictEqual([...githubSlugs("# A b\n## Where this departs from the product guide, and why\n```\n# not\n```\n## A b\n### `npm run bench` (start-up)")],
            ["a-b", "where-this-departs-from-the-product-guide-and-why", "a-b-1", "npm-run-bench-start-up"]);
    });
});
