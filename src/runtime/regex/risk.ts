/**
 * A lint heuristic: would this pattern make a BACKTRACKING engine (Perl,
 * PCRE, Java, JavaScript, Python) take exponential or high-polynomial time on
 * some input? Our matcher is immune, but authors reuse patterns elsewhere.
 *
 * The analysis works on the NFA without its search prefix, with anchors read
 * as empty moves, and looks for ambiguity: several paths that read the same
 * text. A backtracking engine tries every one of them before it gives up.
 *  - Exponential: a cycle of the NFA with two different paths for one word,
 *    either through two routes between the same pair of states (a nested
 *    quantifier, `(a+)+`) or through two different states (overlapping
 *    alternatives, `(a|a)*`).
 *  - Polynomial of degree d: d loops one after another whose characters
 *    overlap, so the text can be shared out between them in ~n^d ways
 *    (`(.*a){20}`). Degrees below POLYNOMIAL_DEGREE are common and harmless
 *    on header-sized inputs, so they pass.
 * It over-approximates (it ignores what must follow a loop), so it may warn
 * about a pattern that a particular engine happens to handle well.
 */
import type { EreNode } from "./ast.js";
import { type CodePointSet, intersects, union } from "./charset.js";
import { ASSERT_END, ASSERT_START, CONSUME, type Nfa, SPLIT, buildNfa } from "./nfa.js";

const POLYNOMIAL_DEGREE = 4;
/** Largest strongly connected part whose state pairs are explored (its size squared pair nodes). */
const MAX_PAIR_COMPONENT = 200;
/** Steps (routes followed, pair edges made) the analysis may take, well under 0.1 s; beyond, only the syntactic check runs. */
const ANALYSIS_BUDGET = 500_000;

class BudgetExhausted extends Error {}

/** Returns why the pattern would backtrack catastrophically in a backtracking engine, or undefined. */
export function riskOfBacktracking(ast: EreNode): string | undefined {
  try {
    const graph = new PositionGraph(buildNfa(ast, { caseInsensitive: false }), new Budget(ANALYSIS_BUDGET));
    return graph.parallelRoutes(ast) ?? graph.overlappingPaths(ast) ?? graph.chainedLoops(ast);
  } catch (error) {
    if (error instanceof BudgetExhausted) return nestedRepetition(ast);
    throw error;
  }
}

class Budget {
  constructor(private left: number) {}

  spend(steps: number): void {
    this.left -= steps;
    if (this.left < 0) throw new BudgetExhausted();
  }
}

function consumingStates(nfa: Nfa): number[] {
  const states: number[] = [];
  nfa.kinds.forEach((kind, state) => {
    if (kind === CONSUME) states.push(state);
  });
  return states;
}

/** The NFA with empty moves removed: an edge p→q when q can read the next character after p read one. */
class PositionGraph {
  /** successors[i]: indices (into `positions`) reachable after position i, each with its number of routes (1 or 2+). */
  private readonly successors: { target: number; routes: number }[][];
  private readonly positions: readonly number[];
  private readonly component: Int32Array;
  private readonly components: number[][];

  constructor(
    private readonly nfa: Nfa,
    private readonly budget: Budget,
  ) {
    const positions = (this.positions = consumingStates(nfa));
    const indexOf = new Map(positions.map((state, index) => [state, index]));
    const onRoute = new Uint8Array(nfa.kinds.length);
    this.successors = positions.map((state) => {
      const routes = new Map<number, number>();
      this.countRoutes(nfa.out1[state]!, onRoute, routes);
      return [...routes].map(([target, count]) => ({ target: indexOf.get(target)!, routes: count }));
    });
    [this.component, this.components] = stronglyConnected(positions.length, (i) => this.successors[i]!.map((edge) => edge.target));
  }

  private set(index: number): CodePointSet {
    return this.nfa.sets[this.nfa.setOf[this.positions[index]!]!]!;
  }

  private origin(index: number): number {
    return this.nfa.origin[this.positions[index]!]!;
  }

  /**
   * Counts, up to 2, the routes of empty moves from `state` to each consuming
   * state. A route never visits a state twice: a backtracking engine refuses
   * an iteration that matched nothing, so empty loops add no routes.
   */
  private countRoutes(state: number, onRoute: Uint8Array, routes: Map<number, number>): void {
    const { kinds, out1, out2 } = this.nfa;
    const kind = kinds[state];
    this.budget.spend(1);
    if (kind === CONSUME) {
      routes.set(state, Math.min((routes.get(state) ?? 0) + 1, 2));
      return;
    }
    if (onRoute[state] === 1 || (kind !== SPLIT && kind !== ASSERT_START && kind !== ASSERT_END)) return;
    onRoute[state] = 1;
    this.countRoutes(out1[state]!, onRoute, routes);
    if (kind === SPLIT) this.countRoutes(out2[state]!, onRoute, routes);
    onRoute[state] = 0;
  }

  /** Two routes between two positions of one cycle: `(a+)+`, `(.*)*`, `(a*b*)*`. */
  parallelRoutes(ast: EreNode): string | undefined {
    for (let from = 0; from < this.positions.length; from++) {
      for (const { target, routes } of this.successors[from]!) {
        if (routes < 2 || this.component[from] !== this.component[target]) continue;
        const offsets = [this.origin(from), this.origin(target)];
        const at = enclosingRepetition(ast, offsets, true) ?? Math.min(...offsets);
        return `the repetition at offset ${at} has a nested quantifier, so it can split the same text between its iterations in many ways (like '(a+)+'): a backtracking engine can take exponential time`;
      }
    }
    return undefined;
  }

  /** Two different positions of one cycle reading the same text: `(a|a)*`, `(a|ab|b)*`. */
  overlappingPaths(ast: EreNode): string | undefined {
    for (const members of this.components) {
      if (members.length < 2 || members.length > MAX_PAIR_COMPONENT) continue;
      const pair = this.ambiguousPair(members);
      if (pair === undefined) continue;
      const offsets = pair.map((index) => this.origin(index));
      // Two copies of one character come from a counted repetition inside the loop to blame: `(a{1,3})+`.
      const at = enclosingRepetition(ast, offsets, offsets[0] === offsets[1]) ?? Math.min(...offsets);
      return `the repetition at offset ${at} can match the same text in more than one way (like '(a|a)*' or '(x+x+)+'): a backtracking engine can take exponential time`;
    }
    return undefined;
  }

  /**
   * Explores pairs of positions of one component that read the same character
   * at each step. A pair-cycle that contains both a pair (q, q) and a pair
   * (p, r) with p ≠ r means two different paths from q back to q.
   */
  private ambiguousPair(members: readonly number[]): [number, number] | undefined {
    const local = new Map(members.map((member, index) => [member, index]));
    const size = members.length;
    const pairSuccessors = (node: number): number[] => {
      const p = members[Math.floor(node / size)]!;
      const r = members[node % size]!;
      if (!intersects(this.set(p), this.set(r))) return [];
      const next: number[] = [];
      this.budget.spend(this.successors[p]!.length * this.successors[r]!.length + 1);
      for (const a of this.successors[p]!) {
        const i = local.get(a.target);
        if (i === undefined) continue;
        for (const b of this.successors[r]!) {
          const j = local.get(b.target);
          if (j !== undefined) next.push(i * size + j);
        }
      }
      return next;
    };
    const [, pairComponents] = stronglyConnected(size * size, pairSuccessors);
    for (const component of pairComponents) {
      const diagonal = component.some((node) => Math.floor(node / size) === node % size);
      const offDiagonal = component.find((node) => Math.floor(node / size) !== node % size);
      if (diagonal && offDiagonal !== undefined) return [members[Math.floor(offDiagonal / size)]!, members[offDiagonal % size]!];
    }
    return undefined;
  }

  /** Loops one after another that can read the same characters: `(.*a){20}`, `.*.*.*.*`. */
  chainedLoops(ast: EreNode): string | undefined {
    const loops = this.components
      .map((members, id) => ({ id, members }))
      .filter(({ members }) => members.length > 1 || this.successors[members[0]!]!.some((edge) => edge.target === members[0]));
    const label = new Map(loops.map(({ id, members }) => [id, union(...members.map((m) => this.set(m)))]));
    const reachable = this.componentReachability();
    // Tarjan lists components so that each comes after every component it reaches.
    const chain = new Map<number, number[]>();
    for (const { id } of loops) {
      this.budget.spend(loops.length);
      let best: number[] = [];
      for (const other of loops) {
        if (other.id === id || !reachable[id]!.has(other.id) || !intersects(label.get(id)!, label.get(other.id)!)) continue;
        const rest = chain.get(other.id)!;
        if (rest.length > best.length) best = rest;
      }
      chain.set(id, [id, ...best]);
    }
    const longest = [...chain.values()].reduce<number[]>((a, b) => (b.length > a.length ? b : a), []);
    if (longest.length < POLYNOMIAL_DEGREE) return undefined;
    const origins = [...new Set(longest.map((id) => Math.min(...this.components[id]!.map((m) => this.origin(m)))))];
    const at = enclosingRepetition(ast, origins, true);
    const listed = origins.length > 6 ? `${origins.slice(0, 5).join(", ")}, …` : origins.join(", ");
    const where = at === undefined ? `the quantified parts at offsets ${listed}` : `the repetition at offset ${at}`;
    return `${where} can share the same characters out between ${longest.length} loops in turn (like '(.*a){20}'): a backtracking engine can take time that grows like the input length to the power ${longest.length}`;
  }

  /** For each component, the components reachable from it (itself excluded). */
  private componentReachability(): Set<number>[] {
    const count = this.components.length;
    const direct = Array.from({ length: count }, () => new Set<number>());
    this.successors.forEach((edges, from) => {
      for (const { target } of edges) if (this.component[from] !== this.component[target]) direct[this.component[from]!]!.add(this.component[target]!);
    });
    const reach: Set<number>[] = [];
    // Successors come earlier in Tarjan's order, so their sets are complete when needed.
    for (let id = 0; id < count; id++) {
      const all = new Set<number>();
      for (const next of direct[id]!) {
        this.budget.spend(reach[next]!.size + 1);
        all.add(next);
        for (const further of reach[next]!) all.add(further);
      }
      reach.push(all);
    }
    return reach;
  }
}

/**
 * Tarjan's algorithm, iterative (patterns can be long). Returns each node's
 * component id and the components, listed so that every component comes
 * after all components reachable from it.
 */
function stronglyConnected(count: number, successors: (node: number) => readonly number[]): [Int32Array, number[][]] {
  const index = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const component = new Int32Array(count).fill(-1);
  const components: number[][] = [];
  const stack: number[] = [];
  let counter = 0;
  for (let root = 0; root < count; root++) {
    if (index[root] !== -1) continue;
    const work: { node: number; next: readonly number[]; at: number }[] = [];
    const open = (node: number): void => {
      index[node] = low[node] = counter++;
      stack.push(node);
      work.push({ node, next: successors(node), at: 0 });
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.at < frame.next.length) {
        const next = frame.next[frame.at++]!;
        if (index[next] === -1) open(next);
        else if (component[next] === -1) low[frame.node] = Math.min(low[frame.node]!, index[next]!);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low[parent.node] = Math.min(low[parent.node]!, low[frame.node]!);
      if (low[frame.node] !== index[frame.node]) continue;
      const members: number[] = [];
      let member: number;
      do {
        member = stack.pop()!;
        component[member] = components.length;
        members.push(member);
      } while (member !== frame.node);
      components.push(members);
    }
  }
  return [component, components];
}

/**
 * Offset of the innermost repetition (that may run more than once) whose
 * text covers all `offsets`; with `outer`, only one that has another
 * repetition inside it, so `(a+)+` names the outer `+`.
 */
function enclosingRepetition(ast: EreNode, offsets: readonly number[], outer: boolean): number | undefined {
  const from = Math.min(...offsets);
  const to = Math.max(...offsets);
  let best: EreNode | undefined;
  visit(ast, (node) => {
    if (!repeatsMany(node) || node.span.offset > from || node.span.offset + node.span.length <= to) return;
    if (outer && !containsRepetition(node.body)) return;
    if (best === undefined || node.span.length < best.span.length) best = node;
  });
  return best?.span.offset;
}

function repeatsMany(node: EreNode): node is Extract<EreNode, { kind: "repeat" }> {
  return node.kind === "repeat" && node.max !== 1;
}

function containsRepetition(node: EreNode): boolean {
  let found = false;
  visit(node, (inner) => {
    found ||= repeatsMany(inner);
  });
  return found;
}

function visit(node: EreNode, action: (node: EreNode) => void): void {
  action(node);
  if (node.kind === "group" || node.kind === "repeat") visit(node.body, action);
  else if (node.kind === "concat") node.items.forEach((item) => visit(item, action));
  else if (node.kind === "alternation") node.branches.forEach((branch) => visit(branch, action));
}

/** The fallback for patterns too large to analyse: any repetition inside a repetition. */
function nestedRepetition(ast: EreNode): string | undefined {
  let found: number | undefined;
  visit(ast, (node) => {
    if (found === undefined && repeatsMany(node) && containsRepetition(node.body)) found = node.span.offset;
  });
  return found === undefined
    ? undefined
    : `the repetition at offset ${found} contains another repetition, and the pattern is too large to analyse precisely: nested quantifiers can make a backtracking engine take exponential time`;
}
