import type { OrderConstraint, PolicyService } from "./site-policy-types.js";

/** `from` must run before `to`; `constraint` is the index in `order` that says so. */
export interface OrderEdge {
  readonly from: string;
  readonly to: string;
  readonly constraint: number;
}

/** A cycle as a closed path (`path[0] === path[path.length - 1]`) and the edges along it. */
export interface OrderCycle {
  readonly path: readonly string[];
  readonly edges: readonly OrderEdge[];
}

/** Whether two services can run at one activation point (same protocol, a point in common). */
export function shareAPoint(a: PolicyService, b: PolicyService): boolean {
  return a.protocol === b.protocol && a.points.some((point) => b.points.includes(point));
}

/**
 * The "runs before" relation the order constraints define. `before`/`after`
 * gives one edge. `first` (`last`) relates the service to every other service
 * that can run at one of its points, since only those can share a plan with
 * it. Constraints naming undeclared services contribute nothing (they are
 * reported elsewhere). The first constraint that yields an edge owns it.
 */
export function orderEdges(services: readonly PolicyService[], order: readonly OrderConstraint[]): OrderEdge[] {
  const byUri = new Map(services.map((service) => [service.uri, service]));
  const edges = new Map<string, OrderEdge>();
  const add = (from: string, to: string, constraint: number): void => {
    const key = `${from}\u0000${to}`;
    if (!edges.has(key)) edges.set(key, { from, to, constraint });
  };
  order.forEach((item, index) => {
    if (item.kind === "before") {
      if (byUri.has(item.before) && byUri.has(item.after)) add(item.before, item.after, index);
      return;
    }
    const placed = byUri.get(item.service);
    if (!placed) return;
    for (const other of services) {
      if (other === placed || !shareAPoint(placed, other)) continue;
      if (item.kind === "first") add(placed.uri, other.uri, index);
      else add(other.uri, placed.uri, index);
    }
  });
  return [...edges.values()];
}

/**
 * One cycle per strongly connected component that has one, each the shortest
 * cycle through the component's first service in declaration order, so the
 * report is deterministic and as short as possible.
 */
export function findOrderCycles(services: readonly PolicyService[], edges: readonly OrderEdge[]): OrderCycle[] {
  const nodes = [...new Set(services.map((service) => service.uri))];
  const rank = new Map(nodes.map((uri, index) => [uri, index]));
  const successors = new Map<string, OrderEdge[]>(nodes.map((uri) => [uri, []]));
  for (const edge of edges) successors.get(edge.from)?.push(edge);
  for (const list of successors.values()) list.sort((a, b) => rank.get(a.to)! - rank.get(b.to)!);

  const cycles: OrderCycle[] = [];
  for (const component of stronglyConnectedComponents(nodes, successors)) {
    const members = new Set(component);
    const start = component.reduce((a, b) => (rank.get(a)! <= rank.get(b)! ? a : b));
    const cycle = shortestCycleThrough(start, members, successors);
    if (cycle) cycles.push(cycle);
  }
  return cycles.sort((a, b) => rank.get(a.path[0]!)! - rank.get(b.path[0]!)!);
}

/** Breadth-first search from `start` back to itself, staying inside the component. */
function shortestCycleThrough(
  start: string,
  members: ReadonlySet<string>,
  successors: ReadonlyMap<string, readonly OrderEdge[]>,
): OrderCycle | undefined {
  const reachedBy = new Map<string, OrderEdge>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    for (const edge of successors.get(node) ?? []) {
      if (!members.has(edge.to)) continue;
      if (edge.to === start) return closeCycle(start, edge, reachedBy);
      if (reachedBy.has(edge.to)) continue;
      reachedBy.set(edge.to, edge);
      queue.push(edge.to);
    }
  }
  return undefined;
}

function closeCycle(start: string, last: OrderEdge, reachedBy: ReadonlyMap<string, OrderEdge>): OrderCycle {
  const edges = [last];
  for (let node = last.from; node !== start; ) {
    const edge = reachedBy.get(node)!;
    edges.unshift(edge);
    node = edge.from;
  }
  return { path: [start, ...edges.map((edge) => edge.to)], edges };
}

/** Tarjan's algorithm without recursion (a policy may list many services). */
function stronglyConnectedComponents(
  nodes: readonly string[],
  successors: ReadonlyMap<string, readonly OrderEdge[]>,
): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    lowLink.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edge = successors.get(frame.node)?.[frame.next++];
      if (edge) {
        if (!index.has(edge.to)) {
          index.set(edge.to, counter);
          lowLink.set(edge.to, counter++);
          stack.push(edge.to);
          onStack.add(edge.to);
          work.push({ node: edge.to, next: 0 });
        } else if (onStack.has(edge.to)) {
          lowLink.set(frame.node, Math.min(lowLink.get(frame.node)!, index.get(edge.to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) lowLink.set(parent.node, Math.min(lowLink.get(parent.node)!, lowLink.get(frame.node)!));
      if (lowLink.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}
