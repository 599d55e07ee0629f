import { retryDelaySeconds, RETRY_DEFAULTS, StateMachineDefinition, StateDefinition } from "./interpreter";

/** The states a state may go to next: Next, Default, every Choice's Next, every Catch's Next. */
export function successors(state: StateDefinition): string[] {
    const next = [state.Next, state.Default, ...(state.Choices ?? []).map((c) => c.Next), ...(state.Catch ?? []).map((c) => c.Next)];
    return [...new Set(next.filter((n): n is string => typeof n === "string"))];
}

/** Seconds a state can add at most once entered: a Wait's Seconds, or every retry delay of every retrier of a Task. */
export function stateWorstSeconds(state: StateDefinition): number {
    if (state.Type === "Wait") {
        if (typeof state.Seconds !== "number") {
            throw new Error("worst case: a Wait needs a fixed Seconds to be bounded");
        }
        return state.Seconds;
    }
    let total = 0;
    for (const retrier of state.Retry ?? []) {
        for (let retry = 1; retry <= (retrier.MaxAttempts ?? RETRY_DEFAULTS.MaxAttempts); retry++) {
            total += retryDelaySeconds(retrier, retry);
        }
    }
    return total;
}

/**
 * An upper bound of an execution's waits and retry delays: the most expensive simple path from StartAt, each state
 * counted `executions[state]` times (default once; a poll loop's states at their bound). Edges back into the path are
 * the loops `executions` already accounts for. Task latency is not counted.
 */
export function worstCaseSeconds(definition: StateMachineDefinition, executions: Record<string, number> = {}): number {
    const cost = (name: string) => (executions[name] ?? 1) * stateWorstSeconds(definition.States[name]);
    const visit = (name: string, onPath: Set<string>): number => {
        onPath.add(name);
        const onward = successors(definition.States[name]).filter((n) => !onPath.has(n)).map((n) => visit(n, onPath));
        onPath.delete(name);
        return cost(name) + Math.max(0, ...onward);
    };
    return visit(definition.StartAt, new Set());
}
