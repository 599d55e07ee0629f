/** Levenshtein distance between two strings, compared case-insensitively (config keys differ by case in typos). */
export function editDistance(a: string, b: string): number {
    const s = a.toLowerCase();
    const t = b.toLowerCase();
    let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
    for (let i = 1; i <= s.length; i++) {
        const current = [i];
        for (let j = 1; j <= t.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[t.length];
}

/**
 * The candidate nearest to `input`, when it is near enough to be a typo of it (at most a third of its length
 * apart, at least 2 edits allowed) or `input` is a shortened one of it (retention for retentionDays), or undefined.
 * Ties go to the first candidate.
 */
export function nearest(input: string, candidates: Iterable<string>): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    let shortened: string | undefined;
    for (const candidate of candidates) {
        const distance = editDistance(input, candidate);
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
        if (shortened === undefined && input.length >= 4 && candidate.toLowerCase().startsWith(input.toLowerCase())) {
            shortened = candidate;
        }
    }
    return bestDistance <= Math.max(2, Math.floor(input.length / 3)) ? best : shortened;
}
