/**
 * Unanchored search with a lazily built DFA. Each DFA state is the set of
 * NFA states alive after reading a prefix of the input (from every start
 * position at once, since a match may begin anywhere). States are made on
 * first use and kept in a cache whose size is bounded: when it is full the
 * cache is emptied and rebuilt from the current state on. Making a state
 * costs O(m) for an NFA of m states, so a search costs O(n·m) at worst and
 * O(n) once the states it needs are cached. Nothing ever backtracks.
 */
import { contains } from "./charset.js";
import { ASSERT_END, ASSERT_START, CONSUME, type Nfa, SPLIT } from "./nfa.js";

/** Cache budget in 32-bit cells (transition slots plus NFA state lists): 2 MiB per pattern. */
const CACHE_CELLS = 1 << 19;

interface DfaState {
  /** Sorted NFA states that matter after a closure: CONSUME, pending ASSERT_END, ACCEPT. */
  readonly kernel: Int32Array;
  /** Whether `$` assertions make it accept at the end of the input; undefined until asked. */
  acceptsAtEnd: boolean | undefined;
}

/** Flags of a cached state that end a search. */
const ACCEPTING = 1;
/** No NFA state is alive (only possible when every branch starts with '^'). */
const DEAD = 2;

export interface DfaStats {
  /** DFA states currently cached. */
  readonly states: number;
  /** Times the cache was emptied because it was full. */
  readonly resets: number;
}

export class LazyDfa {
  /** Start of each alphabet class: code points in one class behave the same in every set. */
  private readonly classStarts: Int32Array;
  private readonly classCount: number;
  private readonly asciiClass: Int32Array;
  private readonly stamp: Uint32Array;
  private generation = 0;
  private readonly matchesEmptyInput: boolean;
  private states: DfaState[] = [];
  /**
   * The transitions of every cached state in one array, a row of classCount
   * cells per state: the next state's index, -1 until computed. One flat
   * array keeps the search loop to two loads per character.
   */
  private transitions: Int32Array;
  /** ACCEPTING and DEAD per cached state. */
  private flags: Uint8Array;
  private readonly byKernel = new Map<string, number>();
  private cells = 0;
  private initial = -1;
  private resets = 0;

  constructor(
    private readonly nfa: Nfa,
    private readonly maxStates: number,
  ) {
    this.classStarts = alphabetClasses(nfa);
    this.classCount = this.classStarts.length;
    this.asciiClass = Int32Array.from({ length: 128 }, (_, cp) => this.classOf(cp));
    this.stamp = new Uint32Array(nfa.kinds.length);
    this.transitions = new Int32Array(4 * this.classCount).fill(-1);
    this.flags = new Uint8Array(4);
    this.matchesEmptyInput = this.closure([nfa.start], true, true).includes(this.nfa.accept);
  }

  get stats(): DfaStats {
    return { states: this.states.length, resets: this.resets };
  }

  test(input: string): boolean {
    if (input.length === 0) return this.matchesEmptyInput;
    let state = this.initialState();
    if ((this.flags[state]! & ACCEPTING) !== 0) return true;
    const asciiClass = this.asciiClass;
    const classCount = this.classCount;
    let transitions = this.transitions;
    let flags = this.flags;
    const length = input.length;
    for (let i = 0; i < length; i++) {
      let cp = input.charCodeAt(i);
      let inputClass: number;
      // ASCII first: it is most of what rules read (header values, URIs), and needs one table read.
      if (cp < 128) inputClass = asciiClass[cp]!;
      else {
        if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < length) {
          const low = input.charCodeAt(i + 1);
          if (low >= 0xdc00 && low <= 0xdfff) {
            cp = (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
            i++;
          }
        }
        inputClass = this.classOf(cp);
      }
      const target = transitions[state * classCount + inputClass]!;
      if (target >= 0) state = target;
      else {
        state = this.step(state, inputClass);
        // A new state may have grown (or a reset replaced) the tables.
        transitions = this.transitions;
        flags = this.flags;
      }
      const flag = flags[state]!;
      if (flag !== 0) return (flag & ACCEPTING) !== 0;
    }
    return this.acceptsAtEnd(this.states[state]!);
  }

  private classOf(cp: number): number {
    const starts = this.classStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= cp) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  private initialState(): number {
    if (this.initial < 0) this.initial = this.intern(this.closure([this.nfa.start], true, false));
    return this.initial;
  }

  /** The state after `from` reads a character of `inputClass`, made and remembered if need be. */
  private step(from: number, inputClass: number): number {
    const { kinds, out1, setOf, sets, start } = this.nfa;
    const representative = this.classStarts[inputClass]!;
    const seeds: number[] = [];
    for (const s of this.states[from]!.kernel) {
      if (kinds[s] === CONSUME && contains(sets[setOf[s]!]!, representative)) seeds.push(out1[s]!);
    }
    seeds.push(start);
    const resetsBefore = this.resets;
    const target = this.intern(this.closure(seeds, false, false));
    // After a reset `from` is no longer in the cache, so its row is not worth filling.
    if (this.resets === resetsBefore) this.transitions[from * this.classCount + inputClass] = target;
    return target;
  }

  private acceptsAtEnd(state: DfaState): boolean {
    if (state.acceptsAtEnd === undefined) {
      const { kinds, out1 } = this.nfa;
      const seeds = [...state.kernel].filter((s) => kinds[s] === ASSERT_END).map((s) => out1[s]!);
      state.acceptsAtEnd = seeds.length > 0 && this.closure(seeds, false, true).includes(this.nfa.accept);
    }
    return state.acceptsAtEnd;
  }

  /** The NFA states reachable from `seeds` without consuming input, given which anchors hold here. */
  private closure(seeds: number[], atStart: boolean, atEnd: boolean): Int32Array {
    const { kinds, out1, out2 } = this.nfa;
    const generation = this.nextGeneration();
    const kernel: number[] = [];
    const stack = seeds;
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (this.stamp[s] === generation) continue;
      this.stamp[s] = generation;
      switch (kinds[s]) {
        case SPLIT:
          stack.push(out2[s]!, out1[s]!);
          break;
        case ASSERT_START:
          if (atStart) stack.push(out1[s]!);
          break;
        case ASSERT_END:
          if (atEnd) stack.push(out1[s]!);
          else kernel.push(s);
          break;
        default:
          kernel.push(s);
      }
    }
    return Int32Array.from(kernel).sort();
  }

  private nextGeneration(): number {
    if (this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.generation = 0;
    }
    return ++this.generation;
  }

  /** Returns the cache index of the state with this kernel, making it (and maybe emptying the cache) if needed. */
  private intern(kernel: Int32Array): number {
    const key = kernel.join(",");
    const known = this.byKernel.get(key);
    if (known !== undefined) return known;
    const cost = kernel.length + this.classCount;
    if (this.states.length >= this.maxStates || (this.cells + cost > CACHE_CELLS && this.states.length > 0)) this.emptyCache();
    const index = this.states.length;
    if (index === this.flags.length) this.grow();
    this.states.push({ kernel, acceptsAtEnd: undefined });
    this.flags[index] = (kernel.includes(this.nfa.accept) ? ACCEPTING : 0) | (kernel.length === 0 ? DEAD : 0);
    this.byKernel.set(key, index);
    this.cells += cost;
    return index;
  }

  /** Doubles the room for states in the transition and flag tables. */
  private grow(): void {
    const capacity = this.flags.length * 2;
    const transitions = new Int32Array(capacity * this.classCount).fill(-1);
    transitions.set(this.transitions);
    this.transitions = transitions;
    const flags = new Uint8Array(capacity);
    flags.set(this.flags);
    this.flags = flags;
  }

  private emptyCache(): void {
    this.transitions.fill(-1, 0, this.states.length * this.classCount);
    this.states = [];
    this.byKernel.clear();
    this.cells = 0;
    this.initial = -1;
    this.resets++;
  }
}

/** Splits the code space where any set of the NFA starts or stops. */
function alphabetClasses(nfa: Nfa): Int32Array {
  const starts = new Set<number>([0]);
  for (const set of nfa.sets) {
    for (let i = 0; i < set.length; i += 2) {
      starts.add(set[i]!);
      starts.add(set[i + 1]! + 1);
    }
  }
  starts.delete(0x110000);
  return Int32Array.from(starts).sort();
}
