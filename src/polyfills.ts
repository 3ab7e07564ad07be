// Node 20 lacks Object.groupBy (ES2024), which chevrotain >= 12 calls while it
// validates a grammar. Every entry point imports this module first.
type GroupBy = (items: Iterable<unknown>, key: (value: unknown, index: number) => PropertyKey) => Record<PropertyKey, unknown[]>;

const objectWithGroupBy = Object as unknown as { groupBy?: GroupBy };
if (typeof objectWithGroupBy.groupBy !== "function") {
  const groupBy: GroupBy = (items, key) => {
    const out: Record<PropertyKey, unknown[]> = Object.create(null);
    let index = 0;
    for (const value of items) (out[key(value, index++)] ??= []).push(value);
    return out;
  };
  Object.defineProperty(Object, "groupBy", { configurable: true, writable: true, value: groupBy });
}

export {};
